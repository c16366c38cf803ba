#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "solver/formula/graph.h"

namespace pinn::formula {
namespace {

double truth_value(bool value) { return value ? 1.0 : 0.0; }

// The double evaluator's arithmetic (expression.cpp), so that folding matches it.
double fold_arithmetic(Op op, double a, double b) {
  switch (op) {
    case Op::Add:
      return a + b;
    case Op::Subtract:
      return a - b;
    case Op::Multiply:
      return a * b;
    case Op::Divide:
      return a / b;
    case Op::Power:
      return std::pow(a, b);
    default:
      throw std::logic_error("formula: not an arithmetic operation");
  }
}

double fold_comparison(Op op, double a, double b) {
  switch (op) {
    case Op::Less:
      return truth_value(a < b);
    case Op::LessEqual:
      return truth_value(a <= b);
    case Op::Greater:
      return truth_value(a > b);
    case Op::GreaterEqual:
      return truth_value(a >= b);
    case Op::Equal:
      return truth_value(a == b);
    case Op::NotEqual:
      return truth_value(a != b);
    default:
      throw std::logic_error("formula: not a comparison");
  }
}

// c < x is x > c.
Op mirrored(Op op) {
  switch (op) {
    case Op::Less:
      return Op::Greater;
    case Op::LessEqual:
      return Op::GreaterEqual;
    case Op::Greater:
      return Op::Less;
    case Op::GreaterEqual:
      return Op::LessEqual;
    default:
      return op;  // == and != are symmetric
  }
}

std::uint64_t bits(double value) {
  std::uint64_t b = 0;
  std::memcpy(&b, &value, sizeof b);
  return b;
}

}  // namespace

bool is_truth(Op op) { return op >= Op::Less; }

bool is_leaf(Op op) { return op <= Op::Parameter; }

int operand_count(const Node& node) {
  int count = 0;
  while (count < 3 && node.operands[count] >= 0) ++count;
  return count;
}

int Builder::intern(const Node& node) {
  const int function = node.function == nullptr ? -1 : static_cast<int>(node.function->id);
  const Key key{node.op,          function,   node.operands[0], node.operands[1],
                node.operands[2], node.index, bits(node.value)};
  const auto found = ids_.find(key);
  if (found != ids_.end()) return found->second;
  const int id = static_cast<int>(nodes_.size());
  nodes_.push_back(node);
  ids_.emplace(key, id);
  return id;
}

int Builder::constant(double value) {
  Node node;
  node.value = value;
  return intern(node);
}

int Builder::input(int axis) {
  Node node;
  node.op = Op::Input;
  node.index = axis;
  return intern(node);
}

int Builder::field(const Partial& partial) {
  auto found = std::find(partials_.begin(), partials_.end(), partial);
  if (found == partials_.end()) found = partials_.insert(partials_.end(), partial);
  Node node;
  node.op = Op::Field;
  node.index = static_cast<int>(found - partials_.begin());
  return intern(node);
}

int Builder::normal(int axis) {
  Node node;
  node.op = Op::Normal;
  node.index = axis;
  return intern(node);
}

int Builder::parameter(int index) {
  Node node;
  node.op = Op::Parameter;
  node.index = index;
  return intern(node);
}

int Builder::number(int id) {
  if (!is_truth_node(id)) return id;
  Node node;
  node.op = Op::ToNumber;
  node.operands[0] = id;
  return intern(node);
}

int Builder::truth(int id) {
  if (is_truth_node(id)) return id;
  if (is_constant(id)) return constant(truth_value(value(id) != 0.0));
  return compare(Op::NotEqual, id, constant(0.0));
}

int Builder::negate(int a) {
  a = number(a);
  if (is_constant(a)) return constant(-value(a));
  const Node& operand = nodes_[static_cast<size_t>(a)];
  if (operand.op == Op::Negate) return operand.operands[0];
  Node node;
  node.op = Op::Negate;
  node.operands[0] = a;
  return intern(node);
}

int Builder::arithmetic(Op op, int a, int b) {
  a = number(a);
  b = number(b);
  if (is_constant(a) && is_constant(b)) return constant(fold_arithmetic(op, value(a), value(b)));
  const bool commutative = op == Op::Add || op == Op::Multiply;
  if (commutative && (is_constant(a) || (!is_constant(b) && b < a))) std::swap(a, b);
  const double identity = (op == Op::Add || op == Op::Subtract) ? 0.0 : 1.0;
  if (is_constant(b) && value(b) == identity) return a;
  Node node;
  node.op = op;
  node.operands[0] = a;
  node.operands[1] = b;
  return intern(node);
}

int Builder::compare(Op op, int a, int b) {
  a = number(a);
  b = number(b);
  if (is_constant(a) && is_constant(b)) return constant(fold_comparison(op, value(a), value(b)));
  if (is_constant(a) || ((op == Op::Equal || op == Op::NotEqual) && !is_constant(b) && b < a)) {
    std::swap(a, b);
    op = mirrored(op);
  }
  Node node;
  node.op = op;
  node.operands[0] = a;
  node.operands[1] = b;
  return intern(node);
}

int Builder::logical_not(int a) {
  if (is_constant(a)) return constant(truth_value(value(a) == 0.0));
  if (!is_truth_node(a)) return compare(Op::Equal, a, constant(0.0));
  const Node& operand = nodes_[static_cast<size_t>(a)];
  if (operand.op == Op::Not) return operand.operands[0];
  Node node;
  node.op = Op::Not;
  node.operands[0] = a;
  return intern(node);
}

int Builder::logical(Op op, int a, int b) {
  a = truth(a);
  b = truth(b);
  if (is_constant(b)) std::swap(a, b);
  if (is_constant(a)) {
    // And: false decides, true leaves the other; Or: true decides, false leaves the other.
    const bool decides = (value(a) != 0.0) == (op == Op::Or);
    return decides ? a : b;
  }
  if (b < a) std::swap(a, b);
  Node node;
  node.op = op;
  node.operands[0] = a;
  node.operands[1] = b;
  return intern(node);
}

int Builder::where(int condition, int when_true, int when_false) {
  when_true = number(when_true);
  when_false = number(when_false);
  if (is_constant(condition)) return value(condition) != 0.0 ? when_true : when_false;
  if (when_true == when_false) return when_true;
  Node node;
  node.op = Op::Where;
  node.operands[0] = truth(condition);
  node.operands[1] = when_true;
  node.operands[2] = when_false;
  return intern(node);
}

int Builder::function(const builtins::Function& function, int a, int b) {
  if (function.id == builtins::FunctionId::Pow) return arithmetic(Op::Power, a, b);
  a = number(a);
  if (function.arity == 2) b = number(b);
  const bool constant_operands = is_constant(a) && (function.arity == 1 || is_constant(b));
  if (constant_operands) {
    return constant(function.arity == 1 ? function.unary(value(a))
                                        : function.binary(value(a), value(b)));
  }
  Node node;
  node.op = Op::Function;
  node.function = &function;
  node.operands[0] = a;
  if (function.arity == 2) node.operands[1] = b;
  return intern(node);
}

}  // namespace pinn::formula
