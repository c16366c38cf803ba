// Program::evaluate_jet: the compiled graph walked once with jets (jet.h) in place of
// values. Each value is computed with the operations Program::evaluate uses, so the jet's
// value is the formula's; its derivative components follow Leibniz's rule for products
// and Faa di Bruno's formula for functions (jet_functions.h).

#include <ATen/ATen.h>

#include <cmath>
#include <stdexcept>

#include "solver/formula/formula.h"
#include "solver/formula/graph.h"
#include "solver/formula/jet.h"
#include "solver/formula/jet_functions.h"

namespace pinn::formula {
namespace {

std::string in_quotes(const std::string& text) { return "'" + text + "'"; }

// e^(p) with every derivative e^(p), for a^b = e^(b log a).
std::vector<at::Tensor> repeated(const at::Tensor& value, int order) {
  return std::vector<at::Tensor>(static_cast<size_t>(order), value);
}

// The reciprocal's derivatives: (-1)^m m! / y^(m+1).
std::vector<at::Tensor> reciprocal_derivatives(const at::Tensor& y, int order) {
  return power_derivatives(y, -1.0, order);
}

}  // namespace

std::vector<at::Tensor> Program::evaluate_jet(
    const Context& context, const StreamPlan& plan,
    const std::vector<std::vector<at::Tensor>>& outputs) const {
  const Graph& graph = graph_for(context);
  auto fail = [&](const std::string& what) {
    throw std::invalid_argument("formula " + in_quotes(graph.text) + ": " + what);
  };
  const at::Tensor& points = context.points;
  if (graph.reads_normals || graph.max_order > 0)
    throw std::logic_error("formula " + in_quotes(graph.text) +
                           ": jets of formulas that read normals or derivatives");

  const JetArithmetic jets(plan);
  const int order = plan.max_order();
  const int64_t rows = points.size(0);
  const at::TensorOptions options = points.options();
  const bool cpu = points.device().is_cpu();
  const std::vector<Node>& nodes = graph.nodes;
  std::vector<Jet> values(nodes.size());
  auto constant = [&](int id) { return nodes[static_cast<size_t>(id)].op == Op::Constant; };
  auto scalar = [&](int id) { return at::Scalar(nodes[static_cast<size_t>(id)].value); };
  auto tensor = [&](int id) -> at::Tensor {
    const Node& node = nodes[static_cast<size_t>(id)];
    if (node.op != Op::Constant) return values[static_cast<size_t>(id)][0];
    return cpu ? graph.scalars[static_cast<size_t>(id)] : at::scalar_tensor(node.value, options);
  };

  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const Node& node = nodes[i];
    const int a = node.operands[0];
    const int b = node.operands[1];
    const Jet& xs = values[static_cast<size_t>(std::max(a, 0))];
    const Jet& ys = values[static_cast<size_t>(std::max(b, 0))];
    const at::Tensor x = xs.empty() ? at::Tensor() : xs[0];
    const at::Tensor y = ys.empty() ? at::Tensor() : ys[0];
    Jet& out = values[i];
    switch (node.op) {
      case Op::Constant:
        out = jets.constant(at::scalar_tensor(node.value, options));
        break;
      case Op::Input:
        out = jets.input(points.narrow(1, node.index, 1), node.index, options);
        break;
      case Op::Field: {
        const Partial& partial = graph.fields[static_cast<size_t>(node.index)];
        out = outputs.at(static_cast<size_t>(partial.output().index));
        break;
      }
      case Op::Normal:
        break;  // refused above
      case Op::Parameter: {
        const std::string& name = graph.unknowns[static_cast<size_t>(node.index)];
        const auto found = context.parameters.find(name);
        if (found == context.parameters.end())
          fail("the unknown parameter " + in_quotes(name) + " was given no value");
        out = jets.constant(found->second);
        break;
      }
      case Op::Negate:
        out = jets.negate(at::neg(x), xs);
        break;
      case Op::Add:
        out = jets.add(constant(b) ? at::add(x, scalar(b)) : at::add(x, y), xs, ys);
        break;
      case Op::Subtract:
        out = jets.subtract(constant(b)   ? at::sub(x, scalar(b))
                            : constant(a) ? at::rsub(y, scalar(a))
                                          : at::sub(x, y),
                            xs, ys);
        break;
      case Op::Multiply:
        out = jets.multiply(constant(b) ? at::mul(x, scalar(b)) : at::mul(x, y), xs, ys);
        break;
      case Op::Divide: {
        const auto value = constant(b) ? at::div(x, scalar(b)) : at::div(tensor(a), y);
        if (JetArithmetic::is_constant(ys)) {
          out = jets.multiply(value, xs, jets.constant(at::reciprocal(tensor(b))));
        } else {
          const auto reciprocal =
              jets.compose(at::reciprocal(y), ys, reciprocal_derivatives(y, order));
          out = jets.multiply(value, xs, reciprocal);
        }
        break;
      }
      case Op::Power: {
        if (constant(b)) {
          const double c = nodes[static_cast<size_t>(b)].value;
          out = jets.compose(at::pow(x, scalar(b)), xs, power_derivatives(x, c, order));
        } else if (constant(a)) {  // a^y: every derivative a^y (log a)^m
          const auto value = at::pow(scalar(a), y);
          const double log_a = std::log(nodes[static_cast<size_t>(a)].value);
          std::vector<at::Tensor> d;
          for (int m = 1; m <= order; ++m) d.push_back(value * std::pow(log_a, m));
          out = jets.compose(value, ys, d);
        } else {  // x^y = e^(y log x)
          const auto value = at::pow(x, y);
          const auto log_x = at::log(x);
          const auto logs = jets.compose(
              log_x, xs, function_derivatives(builtins::FunctionId::Log, x, log_x, order));
          const auto exponent = jets.multiply(y * log_x, ys, logs);
          out = jets.compose(value, exponent, repeated(value, order));
        }
        break;
      }
      case Op::Function: {
        const auto id = node.function->id;
        if (node.function->arity == 1) {
          const auto value = apply_unary(id, x);
          out = jets.compose(value, xs, function_derivatives(id, x, value, order));
          break;
        }
        const auto value = apply_binary(id, tensor(a), tensor(b));
        const Jet& first = xs;
        const Jet& second = ys;
        const auto p = first[0], q = second[0];
        if (id == builtins::FunctionId::Min || id == builtins::FunctionId::Max) {
          // The operand fmin/fmax return, as autograd differentiates them.
          const auto picks_first = at::logical_or(
              id == builtins::FunctionId::Min ? at::le(p, q) : at::ge(p, q), at::isnan(q));
          out = jets.select(value, picks_first, first, second);
          break;
        }
        // atan2(p, q): the derivatives of atan(p / q) where |q| >= |p|, of -atan(q / p)
        // elsewhere; each quotient's divisor is replaced by 1 where it is not used.
        const auto by_q = at::ge(at::abs(q), at::abs(p));
        const auto one = at::ones({}, options);
        auto quotient = [&](const Jet& num, const Jet& den, const at::Tensor& used) {
          Jet safe = den;
          safe[0] = at::where(used, den[0], one);
          const auto r = at::reciprocal(safe[0]);
          const auto inverse = jets.compose(r, safe, reciprocal_derivatives(safe[0], order));
          const auto ratio = jets.multiply(num[0] * r, num, inverse);
          return jets.compose(at::atan(ratio[0]), ratio,
                              function_derivatives(builtins::FunctionId::Atan, ratio[0],
                                                   at::atan(ratio[0]), order));
        };
        const auto over_q = quotient(first, second, by_q);
        auto over_p = quotient(second, first, at::logical_not(by_q));
        over_p = jets.negate(-over_p[0], over_p);
        out = jets.select(value, by_q, over_q, over_p);
        break;
      }
      case Op::Where: {
        const int c = node.operands[2];
        const Jet& zs = values[static_cast<size_t>(c)];
        const at::Tensor z = zs[0];
        at::Tensor value;
        if (constant(b) && constant(c))
          value = at::where(x, at::scalar_tensor(scalar(b), options), scalar(c));
        else if (constant(b))
          value = at::where(x, scalar(b), z);
        else if (constant(c))
          value = at::where(x, y, scalar(c));
        else
          value = at::where(x, y, z);
        out = jets.select(value, x, ys, zs);
        break;
      }
      case Op::ToNumber:
        out = jets.constant(x.to(options.dtype()));
        break;
      case Op::Less:
        out = jets.constant(constant(b) ? at::lt(x, scalar(b)) : at::lt(x, y));
        break;
      case Op::LessEqual:
        out = jets.constant(constant(b) ? at::le(x, scalar(b)) : at::le(x, y));
        break;
      case Op::Greater:
        out = jets.constant(constant(b) ? at::gt(x, scalar(b)) : at::gt(x, y));
        break;
      case Op::GreaterEqual:
        out = jets.constant(constant(b) ? at::ge(x, scalar(b)) : at::ge(x, y));
        break;
      case Op::Equal:
        out = jets.constant(constant(b) ? at::eq(x, scalar(b)) : at::eq(x, y));
        break;
      case Op::NotEqual:
        out = jets.constant(constant(b) ? at::ne(x, scalar(b)) : at::ne(x, y));
        break;
      case Op::Not:
        out = jets.constant(at::logical_not(x));
        break;
      case Op::And:
        out = jets.constant(at::logical_and(x, y));
        break;
      case Op::Or:
        out = jets.constant(at::logical_or(x, y));
        break;
    }
    for (int k = 0; k < 3 && node.operands[k] >= 0; ++k) {
      const auto operand = static_cast<size_t>(node.operands[k]);
      if (graph.last_use[operand] == static_cast<int>(i)) values[operand].clear();
    }
  }

  Jet result = std::move(values.back());
  for (auto& component : result) {
    if (!component.defined()) continue;
    if (component.scalar_type() != points.scalar_type())
      component = component.to(points.scalar_type());
    if (component.dim() != 2 || component.size(0) != rows || component.size(1) != 1)
      component = component.expand({rows, 1});
  }
  return result;
}

}  // namespace pinn::formula
