#include "solver/formula/resolver.h"

#include <algorithm>
#include <stdexcept>

#include "solver/autodiff/partial_name.h"
#include "solver/common/text.h"

namespace pinn::formula {
namespace {

std::string in_quotes(const std::string& text) { return "'" + text + "'"; }

Op arithmetic_op(syntax::Operator op) {
  switch (op) {
    case syntax::Operator::Add:
      return Op::Add;
    case syntax::Operator::Subtract:
      return Op::Subtract;
    case syntax::Operator::Multiply:
      return Op::Multiply;
    case syntax::Operator::Divide:
      return Op::Divide;
    case syntax::Operator::Power:
      return Op::Power;
    case syntax::Operator::Less:
      return Op::Less;
    case syntax::Operator::LessEqual:
      return Op::LessEqual;
    case syntax::Operator::Greater:
      return Op::Greater;
    case syntax::Operator::GreaterEqual:
      return Op::GreaterEqual;
    case syntax::Operator::Equal:
      return Op::Equal;
    case syntax::Operator::NotEqual:
      return Op::NotEqual;
    case syntax::Operator::And:
      return Op::And;
    case syntax::Operator::Or:
      return Op::Or;
    case syntax::Operator::Negate:
    case syntax::Operator::Not:
      break;
  }
  throw std::logic_error("formula: a unary operator used as a binary one");
}

}  // namespace

syntax::NodePtr parse(const Names& names, const Source& source) {
  try {
    return syntax::parse(source.text, [&](const std::string& name, int column) {
      return names.rule(names.meaning(name, source, column));
    });
  } catch (const syntax::SyntaxError& e) {
    fail(source, e.column(), e.what());
  }
}

int Resolver::resolve(const syntax::Node& tree, const Source& source,
                      const std::vector<int>& arguments) {
  return node(tree, Frame{&source, &arguments});
}

int Resolver::call_function(int index, const std::vector<int>& arguments) {
  const auto key = std::make_pair(index, arguments);
  const auto found = calls_.find(key);
  if (found != calls_.end()) return found->second;
  const auto i = static_cast<size_t>(index);
  const int id = resolve(*functions_.bodies[i], functions_.sources[i], arguments);
  calls_.emplace(key, id);
  return id;
}

int Resolver::node(const syntax::Node& node, const Frame& frame) {
  switch (node.kind) {
    case syntax::Kind::Number:
      return builder_.constant(node.number);
    case syntax::Kind::Name:
      return name(node, frame);
    case syntax::Kind::Call:
      return call(node, frame);
    case syntax::Kind::Unary: {
      const int operand = this->node(*node.operands[0], frame);
      return node.op == syntax::Operator::Negate ? builder_.negate(operand)
                                                 : builder_.logical_not(operand);
    }
    case syntax::Kind::Binary: {
      const int left = this->node(*node.operands[0], frame);
      const int right = this->node(*node.operands[1], frame);
      const Op op = arithmetic_op(node.op);
      if (op == Op::And || op == Op::Or) return builder_.logical(op, left, right);
      if (is_truth(op)) return builder_.compare(op, left, right);
      return builder_.arithmetic(op, left, right);
    }
    case syntax::Kind::Conditional: {
      const int condition = this->node(*node.operands[0], frame);
      const int when_true = this->node(*node.operands[1], frame);
      const int when_false = this->node(*node.operands[2], frame);
      return builder_.where(condition, when_true, when_false);
    }
  }
  throw std::logic_error("formula: unknown syntax node");
}

int Resolver::name(const syntax::Node& node, const Frame& frame) {
  using Kind = Meaning::Kind;
  const Source& source = *frame.source;
  const Meaning meaning = names_.meaning(node.name, source, node.column);
  const Scope& scope = names_.scope();
  switch (meaning.kind) {
    case Kind::Argument:
      return (*frame.arguments)[static_cast<size_t>(meaning.index)];
    case Kind::Input:
      if (source.arguments != nullptr)
        fail(source, node.column,
             in_quotes(node.name) +
                 " is an input, which a function with arguments does not read by name (pass it "
                 "as an argument)");
      return builder_.input(meaning.index);
    case Kind::Output:
      return builder_.field(meaning.partial);
    case Kind::Parameter: {
      const Parameter& parameter = scope.parameters[static_cast<size_t>(meaning.index)];
      return parameter.value ? builder_.constant(*parameter.value)
                             : builder_.parameter(meaning.index);
    }
    case Kind::Function:
      return call_function(meaning.index, {});
    case Kind::Constant:
      return builder_.constant(meaning.value);
    case Kind::Normal:
      return builder_.normal(meaning.index);
    case Kind::NormalDerivative:
      return normal_derivative(meaning.index, node, frame);
    case Kind::Builtin:
    case Kind::D:
    case Kind::Laplacian:
      break;  // the parser lets them through only as calls
  }
  throw std::logic_error("formula: " + node.name + " read as a value");
}

int Resolver::call(const syntax::Node& node, const Frame& frame) {
  using Kind = Meaning::Kind;
  const Meaning meaning = names_.meaning(node.name, *frame.source, node.column);
  if (meaning.kind == Kind::D) return differentiate(node, frame);
  if (meaning.kind == Kind::Laplacian) return laplacian(node, frame);
  std::vector<int> arguments;
  for (const auto& operand : node.operands) arguments.push_back(this->node(*operand, frame));
  if (meaning.kind == Kind::Builtin) {
    return builder_.function(*meaning.builtin, arguments[0],
                             arguments.size() > 1 ? arguments[1] : -1);
  }
  if (meaning.kind == Kind::Function) {
    for (int& argument : arguments) argument = builder_.number(argument);
    return call_function(meaning.index, arguments);
  }
  throw std::logic_error("formula: " + node.name + " called");  // the parser refuses it
}

Partial Resolver::differentiated(const syntax::Node& node, const Frame& frame,
                                 const std::string& what) {
  const std::string rule = what + " differentiates an output or one of its derivatives (outputs: " +
                           join(names_.scope().outputs) + ")";
  if (node.kind != syntax::Kind::Name)
    fail(*frame.source, syntax::start_column(node), rule + ", written by name");
  const Meaning meaning = names_.meaning(node.name, *frame.source, node.column);
  if (meaning.kind != Meaning::Kind::Output)
    fail(*frame.source, node.column,
         rule + "; " + in_quotes(node.name) + " is " + names_.role(meaning));
  return meaning.partial;
}

void Resolver::check_order(int order, const syntax::Node& node, const Frame& frame,
                           const std::string& what) const {
  if (order > kMaxNamedOrder)
    fail(*frame.source, node.column,
         what + ": order " + std::to_string(order) + " is above the highest, " +
             std::to_string(kMaxNamedOrder));
}

int Resolver::differentiate(const syntax::Node& node, const Frame& frame) {
  const Scope& scope = names_.scope();
  const auto& operands = node.operands;
  if (operands.size() < 2) {
    const std::string example =
        scope.outputs.front() + ", " + (scope.inputs.empty() ? "x" : scope.inputs.front());
    fail(*frame.source, node.column,
         "d() takes an output (or one of its derivatives) and the inputs to differentiate by, "
         "as in d(" +
             example + "); given " + std::to_string(operands.size()) +
             (operands.size() == 1 ? " argument" : " arguments"));
  }
  const Partial base = differentiated(*operands[0], frame, "d()");
  std::vector<int> axes = base.axes();
  for (std::size_t i = 1; i < operands.size(); ++i) {
    const syntax::Node& axis = *operands[i];
    const std::string rule = "d() differentiates by inputs (" + join(scope.inputs) + ")";
    if (axis.kind != syntax::Kind::Name)
      fail(*frame.source, syntax::start_column(axis), rule + ", written by name");
    const auto input = std::find(scope.inputs.begin(), scope.inputs.end(), axis.name);
    if (input == scope.inputs.end()) {
      const Meaning meaning = names_.meaning(axis.name, *frame.source, axis.column);
      fail(*frame.source, axis.column,
           rule + "; " + in_quotes(axis.name) + " is " + names_.role(meaning));
    }
    axes.push_back(static_cast<int>(input - scope.inputs.begin()));
  }
  check_order(static_cast<int>(axes.size()), node, frame, "d()");
  return builder_.field(Partial(axes, base.output()));
}

int Resolver::laplacian(const syntax::Node& node, const Frame& frame) {
  const Scope& scope = names_.scope();
  const Partial base = differentiated(*node.operands[0], frame, "laplacian()");
  if (scope.spatial_axes.empty())
    fail(*frame.source, node.column,
         "laplacian() sums second derivatives over the spatial inputs, and the scope has none");
  check_order(base.order() + 2, node, frame, "laplacian()");
  int sum = -1;
  for (const int axis : scope.spatial_axes) {
    std::vector<int> axes = base.axes();
    axes.push_back(axis);
    axes.push_back(axis);
    const int term = builder_.field(Partial(axes, base.output()));
    sum = sum < 0 ? term : builder_.arithmetic(Op::Add, sum, term);
  }
  return sum;
}

int Resolver::normal_derivative(int output, const syntax::Node& node, const Frame& frame) {
  const Scope& scope = names_.scope();
  if (scope.spatial_axes.empty())
    fail(*frame.source, node.column,
         in_quotes(node.name) + " sums over the spatial inputs, and the scope has none");
  int sum = -1;
  for (const int axis : scope.spatial_axes) {
    const int term = builder_.arithmetic(Op::Multiply, builder_.normal(axis),
                                         builder_.field(Partial(Output{output}, {axis})));
    sum = sum < 0 ? term : builder_.arithmetic(Op::Add, sum, term);
  }
  return sum;
}

}  // namespace pinn::formula
