#include "solver/expression/expression.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

#include "solver/common/text.h"
#include "solver/expression/builtins.h"
#include "solver/expression/syntax.h"

namespace pinn {
namespace {

using Function = builtins::Function;

enum class Op : std::uint8_t {
  Constant,
  Variable,
  Negate,
  Not,
  Call1,
  Add,
  Subtract,
  Multiply,
  Divide,
  Power,
  Less,
  LessEqual,
  Greater,
  GreaterEqual,
  Equal,
  NotEqual,
  And,
  Or,
  Call2,
  Conditional,  // parse tree only: compiled to the two jumps below
  JumpIfZero,
  Jump,
};

struct Node;
using NodePtr = std::unique_ptr<Node>;

struct Node {
  Op op;
  double value = 0.0;  // Constant
  int variable = 0;    // Variable
  const Function* function = nullptr;
  std::vector<NodePtr> operands;
};

NodePtr leaf(Op op) {
  auto node = std::make_unique<Node>();
  node->op = op;
  return node;
}

NodePtr constant(double value) {
  NodePtr node = leaf(Op::Constant);
  node->value = value;
  return node;
}

NodePtr combine(Op op, std::vector<NodePtr> operands) {
  NodePtr node = leaf(op);
  node->operands = std::move(operands);
  return node;
}

struct Instruction {
  Op op;
  int index = 0;  // variable number or jump target
  double value = 0.0;
  builtins::Unary unary = nullptr;
  builtins::Binary binary = nullptr;
};

// Runs a postfix program; `stack` holds at least the program's maximum depth.
double run(const std::vector<Instruction>& code, const double* values, double* stack) {
  double* top = stack;  // one past the topmost value
  const Instruction* const program = code.data();
  const std::size_t size = code.size();
  std::size_t pc = 0;
  while (pc < size) {
    const Instruction& in = program[pc++];
    switch (in.op) {
      case Op::Constant:
        *top++ = in.value;
        break;
      case Op::Variable:
        *top++ = values[in.index];
        break;
      case Op::Negate:
        top[-1] = -top[-1];
        break;
      case Op::Not:
        top[-1] = top[-1] == 0.0 ? 1.0 : 0.0;
        break;
      case Op::Call1:
        top[-1] = in.unary(top[-1]);
        break;
      case Op::Add:
        --top;
        top[-1] += top[0];
        break;
      case Op::Subtract:
        --top;
        top[-1] -= top[0];
        break;
      case Op::Multiply:
        --top;
        top[-1] *= top[0];
        break;
      case Op::Divide:
        --top;
        top[-1] /= top[0];
        break;
      case Op::Power:
        --top;
        top[-1] = std::pow(top[-1], top[0]);
        break;
      case Op::Less:
        --top;
        top[-1] = top[-1] < top[0] ? 1.0 : 0.0;
        break;
      case Op::LessEqual:
        --top;
        top[-1] = top[-1] <= top[0] ? 1.0 : 0.0;
        break;
      case Op::Greater:
        --top;
        top[-1] = top[-1] > top[0] ? 1.0 : 0.0;
        break;
      case Op::GreaterEqual:
        --top;
        top[-1] = top[-1] >= top[0] ? 1.0 : 0.0;
        break;
      case Op::Equal:
        --top;
        top[-1] = top[-1] == top[0] ? 1.0 : 0.0;
        break;
      case Op::NotEqual:
        --top;
        top[-1] = top[-1] != top[0] ? 1.0 : 0.0;
        break;
      case Op::And:
        --top;
        top[-1] = (top[-1] != 0.0 && top[0] != 0.0) ? 1.0 : 0.0;
        break;
      case Op::Or:
        --top;
        top[-1] = (top[-1] != 0.0 || top[0] != 0.0) ? 1.0 : 0.0;
        break;
      case Op::Call2:
        --top;
        top[-1] = in.binary(top[-1], top[0]);
        break;
      case Op::JumpIfZero:
        if (*--top == 0.0) pc = static_cast<std::size_t>(in.index);
        break;
      case Op::Jump:
        pc = static_cast<std::size_t>(in.index);
        break;
      case Op::Conditional:
        break;  // never emitted
    }
  }
  return stack[0];
}

// Turns a parse tree into postfix code, tracking the deepest stack it needs.
class Emitter {
 public:
  void emit(const Node& node) {
    switch (node.op) {
      case Op::Constant: {
        Instruction in{Op::Constant};
        in.value = node.value;
        push(in, +1);
        return;
      }
      case Op::Variable: {
        Instruction in{Op::Variable};
        in.index = node.variable;
        push(in, +1);
        return;
      }
      case Op::Conditional: {
        emit(*node.operands[0]);
        const std::size_t skip_then = code_.size();
        push(Instruction{Op::JumpIfZero}, -1);
        const int before_branch = depth_;
        emit(*node.operands[1]);
        const std::size_t skip_else = code_.size();
        push(Instruction{Op::Jump}, 0);
        code_[skip_then].index = static_cast<int>(code_.size());
        depth_ = before_branch;
        emit(*node.operands[2]);
        code_[skip_else].index = static_cast<int>(code_.size());
        return;
      }
      default:
        break;
    }
    for (const NodePtr& operand : node.operands) emit(*operand);
    Instruction in{node.op};
    if (node.function != nullptr) {
      in.unary = node.function->unary;
      in.binary = node.function->binary;
    }
    push(in, 1 - static_cast<int>(node.operands.size()));
  }

  std::vector<Instruction> take_code() { return std::move(code_); }
  int max_depth() const { return max_depth_; }

 private:
  void push(const Instruction& in, int depth_change) {
    code_.push_back(in);
    depth_ += depth_change;
    max_depth_ = std::max(max_depth_, depth_);
  }

  std::vector<Instruction> code_;
  int depth_ = 0;
  int max_depth_ = 0;
};

// Replaces subtrees without variables by their value, computed by the same code that
// evaluation runs so that folding never changes a result.
NodePtr fold(NodePtr node) {
  bool all_constant = true;
  for (NodePtr& operand : node->operands) {
    operand = fold(std::move(operand));
    all_constant = all_constant && operand->op == Op::Constant;
  }
  if (node->op == Op::Conditional && node->operands[0]->op == Op::Constant)
    return std::move(node->operands[node->operands[0]->value != 0.0 ? 1 : 2]);
  if (node->operands.empty() || !all_constant) return node;
  Emitter emitter;
  emitter.emit(*node);
  std::vector<double> stack(static_cast<std::size_t>(emitter.max_depth()));
  return constant(run(emitter.take_code(), nullptr, stack.data()));
}

std::string quoted(const std::string& text) { return "'" + text + "'"; }

Op operator_op(syntax::Operator op) {
  switch (op) {
    case syntax::Operator::Negate:
      return Op::Negate;
    case syntax::Operator::Not:
      return Op::Not;
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
  }
  return Op::Add;
}

// What a name is to the parser: a variable or a constant (never called), a function
// (always called, with its arity); anything else is reported where it stands.
class Names {
 public:
  explicit Names(const std::vector<std::string>& variables) : variables_(variables) {}

  syntax::NameRule rule(const std::string& name, int column) const {
    if (const Function* function = builtins::find_function(name))
      return {syntax::Call::Always, function->arity, ""};
    if (variable(name) >= 0) return {syntax::Call::Never, -1, "a variable"};
    if (builtins::find_constant(name)) return {syntax::Call::Never, -1, "a constant"};
    throw syntax::SyntaxError("unknown name " + quoted(name) + " (" + valid_names() + ")", column);
  }

  int variable(const std::string& name) const {
    const auto found = std::find(variables_.begin(), variables_.end(), name);
    return found == variables_.end() ? -1 : static_cast<int>(found - variables_.begin());
  }

  // The parser has checked every name and call.
  NodePtr lower(const syntax::Node& node) const {
    switch (node.kind) {
      case syntax::Kind::Number:
        return constant(node.number);
      case syntax::Kind::Name: {
        const int index = variable(node.name);
        if (index < 0) return constant(*builtins::find_constant(node.name));
        NodePtr leaf_node = leaf(Op::Variable);
        leaf_node->variable = index;
        return leaf_node;
      }
      case syntax::Kind::Call: {
        const Function* function = builtins::find_function(node.name);
        NodePtr call = combine(function->arity == 1 ? Op::Call1 : Op::Call2, lower_all(node));
        call->function = function;
        return call;
      }
      case syntax::Kind::Unary:
      case syntax::Kind::Binary:
        return combine(operator_op(node.op), lower_all(node));
      case syntax::Kind::Conditional:
        return combine(Op::Conditional, lower_all(node));
    }
    return nullptr;
  }

 private:
  std::vector<NodePtr> lower_all(const syntax::Node& node) const {
    std::vector<NodePtr> operands;
    for (const syntax::NodePtr& operand : node.operands) operands.push_back(lower(*operand));
    return operands;
  }

  std::string valid_names() const {
    std::vector<std::string> variables = variables_;
    std::vector<std::string> constants = builtins::constant_names();
    std::vector<std::string> functions = builtins::function_names();
    std::sort(variables.begin(), variables.end());
    std::sort(constants.begin(), constants.end());
    std::sort(functions.begin(), functions.end());
    return "variables: " + (variables.empty() ? std::string("none") : join(variables)) +
           "; constants: " + join(constants) + "; functions: " + join(functions);
  }

  const std::vector<std::string>& variables_;
};

}  // namespace

struct Expression::Program {
  std::string text;
  std::vector<std::string> variables;
  std::vector<Instruction> code;
  int stack_depth = 0;
};

Expression Expression::parse(const std::string& text, const std::vector<std::string>& variables) {
  auto fail_variable = [&](const std::string& name, const std::string& why) {
    throw ExpressionError("formula " + quoted(text) + ": variable " + quoted(name) + " " + why, 0);
  };
  for (std::size_t i = 0; i < variables.size(); ++i) {
    const std::string& name = variables[i];
    if (!syntax::is_name(name))
      fail_variable(name, "is not a name (letters, digits and '_', not starting with a digit)");
    if (std::find(variables.begin(), variables.begin() + i, name) != variables.begin() + i)
      fail_variable(name, "is listed twice");
    if (builtins::find_constant(name))
      fail_variable(name, "is named like a constant; choose another name");
    if (builtins::find_function(name) != nullptr)
      fail_variable(name, "is named like a function; choose another name");
  }

  const Names names(variables);
  syntax::NodePtr tree;
  try {
    tree = syntax::parse(
        text, [&](const std::string& name, int column) { return names.rule(name, column); });
  } catch (const syntax::SyntaxError& e) {
    throw ExpressionError(
        "formula " + quoted(text) + ": column " + std::to_string(e.column()) + ": " + e.what(),
        e.column());
  }
  NodePtr root = fold(names.lower(*tree));
  Emitter emitter;
  emitter.emit(*root);

  auto program = std::make_shared<Program>();
  program->text = text;
  program->variables = variables;
  program->code = emitter.take_code();
  program->stack_depth = emitter.max_depth();
  return Expression(std::move(program));
}

double Expression::evaluate(const double* values) const {
  const Program& program = *program_;
  // Formulas from configs are shallow; deeper ones take the heap.
  constexpr int kInlineDepth = 64;
  if (program.stack_depth <= kInlineDepth) {
    double stack[kInlineDepth];
    return run(program.code, values, stack);
  }
  std::vector<double> stack(static_cast<std::size_t>(program.stack_depth));
  return run(program.code, values, stack.data());
}

std::vector<double> Expression::evaluate_rows(const std::vector<double>& points) const {
  const Program& program = *program_;
  const std::size_t width = program.variables.size();
  if (width == 0)
    throw std::invalid_argument("formula " + quoted(program.text) +
                                ": evaluate_rows needs variables to split points into rows");
  if (points.size() % width != 0)
    throw std::invalid_argument("formula " + quoted(program.text) + ": " +
                                std::to_string(points.size()) + " values are not rows of " +
                                std::to_string(width) + " variables");
  const std::size_t rows = points.size() / width;
  std::vector<double> values(rows);
  std::vector<double> stack(static_cast<std::size_t>(program.stack_depth));
  for (std::size_t row = 0; row < rows; ++row)
    values[row] = run(program.code, points.data() + row * width, stack.data());
  return values;
}

const std::string& Expression::text() const { return program_->text; }

const std::vector<std::string>& Expression::variables() const { return program_->variables; }

}  // namespace pinn
