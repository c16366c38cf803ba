#include <ATen/ATen.h>

#include <algorithm>
#include <stdexcept>

#include "solver/formula/formula.h"
#include "solver/formula/graph.h"

namespace pinn::formula {
namespace {

std::string in_quotes(const std::string& text) { return "'" + text + "'"; }

// NaN passes through sign and heaviside, as in the double evaluator.
at::Tensor keep_nan(const at::Tensor& x, const at::Tensor& value) {
  return at::where(at::isnan(x), x, value);
}

}  // namespace

at::Tensor apply_unary(builtins::FunctionId id, const at::Tensor& x) {
  using F = builtins::FunctionId;
  switch (id) {
    case F::Sin:
      return at::sin(x);
    case F::Cos:
      return at::cos(x);
    case F::Tan:
      return at::tan(x);
    case F::Asin:
      return at::asin(x);
    case F::Acos:
      return at::acos(x);
    case F::Atan:
      return at::atan(x);
    case F::Sinh:
      return at::sinh(x);
    case F::Cosh:
      return at::cosh(x);
    case F::Tanh:
      return at::tanh(x);
    case F::Exp:
      return at::exp(x);
    case F::Log:
      return at::log(x);
    case F::Log10:
      return at::log10(x);
    case F::Sqrt:
      return at::sqrt(x);
    case F::Abs:
      return at::abs(x);
    case F::Sign:
      return keep_nan(x, at::sign(x));
    case F::Floor:
      return at::floor(x);
    case F::Ceil:
      return at::ceil(x);
    case F::Heaviside:  // at::heaviside has no derivative; the comparison's is 0
      return keep_nan(x, at::ge(x, 0.0).to(x.scalar_type()));
    case F::Atan2:
    case F::Min:
    case F::Max:
    case F::Pow:
      break;
  }
  throw std::logic_error("formula: not a function of one argument");
}

at::Tensor apply_binary(builtins::FunctionId id, const at::Tensor& a, const at::Tensor& b) {
  using F = builtins::FunctionId;
  switch (id) {
    case F::Atan2:
      return at::atan2(a, b);
    case F::Min:
      return at::fmin(a, b);
    case F::Max:
      return at::fmax(a, b);
    default:
      break;
  }
  throw std::logic_error("formula: not a function of two arguments");
}

const Program::Graph& Program::graph_for(const Context& context) const {
  if (!graph_) throw std::logic_error("formula: evaluating a program that was never compiled");
  const Graph& graph = *graph_;
  const at::Tensor& points = context.points;
  if (!points.defined() || points.dim() != 2 || points.size(1) != graph.inputs) {
    throw std::invalid_argument("formula " + in_quotes(graph.text) + ": the points must be N x " +
                                std::to_string(graph.inputs) + " (one column per input)");
  }
  return graph;
}

at::Tensor Program::evaluate(const Context& context) const {
  const Graph& graph = graph_for(context);
  auto fail = [&](const std::string& what) {
    throw std::invalid_argument("formula " + in_quotes(graph.text) + ": " + what);
  };
  const at::Tensor& points = context.points;
  if (!graph.fields.empty() && context.fields == nullptr)
    fail("it reads the network's outputs, and no fields were given");
  const at::Tensor& normals = context.normals;
  if (graph.reads_normals && (!normals.defined() || normals.sizes() != points.sizes()))
    fail("it reads the outward normals, which must be given as N x " +
         std::to_string(graph.inputs));

  const int64_t rows = points.size(0);
  const at::TensorOptions options = points.options();
  const bool cpu = points.device().is_cpu();
  const std::vector<Node>& nodes = graph.nodes;
  std::vector<at::Tensor> values(nodes.size());
  // A constant operand as a tensor, for operations with no Scalar overload.
  auto tensor = [&](int id) -> at::Tensor {
    const Node& node = nodes[static_cast<size_t>(id)];
    if (node.op != Op::Constant) return values[static_cast<size_t>(id)];
    return cpu ? graph.scalars[static_cast<size_t>(id)] : at::scalar_tensor(node.value, options);
  };
  auto constant = [&](int id) { return nodes[static_cast<size_t>(id)].op == Op::Constant; };
  auto scalar = [&](int id) { return at::Scalar(nodes[static_cast<size_t>(id)].value); };

  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const Node& node = nodes[i];
    const int a = node.operands[0];
    const int b = node.operands[1];
    // The operands' values (unused by leaves; undefined for constants).
    const at::Tensor& x = values[static_cast<size_t>(std::max(a, 0))];
    const at::Tensor& y = values[static_cast<size_t>(std::max(b, 0))];
    at::Tensor& out = values[i];
    switch (node.op) {
      case Op::Constant:
        break;  // read by its users as a Scalar
      case Op::Input:
        out = points.narrow(1, node.index, 1);
        break;
      case Op::Field:
        out = context.fields->get(graph.fields[static_cast<size_t>(node.index)]);
        break;
      case Op::Normal:
        out = normals.narrow(1, node.index, 1);
        break;
      case Op::Parameter: {
        const std::string& name = graph.unknowns[static_cast<size_t>(node.index)];
        const auto found = context.parameters.find(name);
        if (found == context.parameters.end())
          fail("the unknown parameter " + in_quotes(name) + " was given no value");
        out = found->second;
        break;
      }
      case Op::Negate:
        out = at::neg(x);
        break;
      // Builder puts a constant second in + and *, never first in comparisons.
      case Op::Add:
        out = constant(b) ? at::add(x, scalar(b)) : at::add(x, y);
        break;
      case Op::Subtract:
        out = constant(b)   ? at::sub(x, scalar(b))
              : constant(a) ? at::rsub(y, scalar(a))
                            : at::sub(x, y);
        break;
      case Op::Multiply:
        out = constant(b) ? at::mul(x, scalar(b)) : at::mul(x, y);
        break;
      case Op::Divide:
        out = constant(b) ? at::div(x, scalar(b)) : at::div(tensor(a), y);
        break;
      case Op::Power:
        out = constant(b)   ? at::pow(x, scalar(b))
              : constant(a) ? at::pow(scalar(a), y)
                            : at::pow(x, y);
        break;
      case Op::Function:
        out = node.function->arity == 1 ? apply_unary(node.function->id, x)
                                        : apply_binary(node.function->id, tensor(a), tensor(b));
        break;
      case Op::Where: {
        const int c = node.operands[2];
        const at::Tensor& z = values[static_cast<size_t>(c)];
        if (constant(b) && constant(c))
          out = at::where(x, at::scalar_tensor(scalar(b), options), scalar(c));
        else if (constant(b))
          out = at::where(x, scalar(b), z);
        else if (constant(c))
          out = at::where(x, y, scalar(c));
        else
          out = at::where(x, y, z);
        break;
      }
      case Op::ToNumber:
        out = x.to(options.dtype());
        break;
      case Op::Less:
        out = constant(b) ? at::lt(x, scalar(b)) : at::lt(x, y);
        break;
      case Op::LessEqual:
        out = constant(b) ? at::le(x, scalar(b)) : at::le(x, y);
        break;
      case Op::Greater:
        out = constant(b) ? at::gt(x, scalar(b)) : at::gt(x, y);
        break;
      case Op::GreaterEqual:
        out = constant(b) ? at::ge(x, scalar(b)) : at::ge(x, y);
        break;
      case Op::Equal:
        out = constant(b) ? at::eq(x, scalar(b)) : at::eq(x, y);
        break;
      case Op::NotEqual:
        out = constant(b) ? at::ne(x, scalar(b)) : at::ne(x, y);
        break;
      case Op::Not:
        out = at::logical_not(x);
        break;
      case Op::And:
        out = at::logical_and(x, y);
        break;
      case Op::Or:
        out = at::logical_or(x, y);
        break;
    }
    // Intermediate values go once their last user has run.
    for (int k = 0; k < 3 && node.operands[k] >= 0; ++k) {
      const auto operand = static_cast<size_t>(node.operands[k]);
      if (graph.last_use[operand] == static_cast<int>(i)) values[operand].reset();
    }
  }

  const Node& result = nodes.back();
  if (result.op == Op::Constant) return at::full({rows, 1}, result.value, options);
  at::Tensor value = std::move(values.back());
  if (value.scalar_type() != points.scalar_type()) value = value.to(points.scalar_type());
  if (value.dim() != 2 || value.size(0) != rows || value.size(1) != 1)
    value = value.expand({rows, 1});
  return value;
}

// A Program that was never compiled reads nothing.
const std::vector<Partial>& Program::needs() const {
  static const std::vector<Partial> none;
  return graph_ ? graph_->fields : none;
}
const std::vector<int>& Program::outputs_read() const {
  static const std::vector<int> none;
  return graph_ ? graph_->outputs_read : none;
}
const std::vector<std::string>& Program::unknowns_read() const {
  static const std::vector<std::string> none;
  return graph_ ? graph_->unknowns : none;
}
bool Program::reads_normals() const { return graph_ && graph_->reads_normals; }
bool Program::smooth_in_outputs() const { return graph_ && graph_->smooth_in_outputs; }
int Program::max_order() const { return graph_ ? graph_->max_order : 0; }
std::vector<std::string> Program::derivative_labels() const {
  return graph_ ? graph_->labels : std::vector<std::string>{};
}
int Program::operation_count() const { return graph_ ? graph_->operation_count : 0; }
const std::string& Program::text() const {
  static const std::string none;
  return graph_ ? graph_->text : none;
}

}  // namespace pinn::formula
