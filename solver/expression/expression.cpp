#include "solver/expression/expression.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <utility>

#include "solver/common/text.h"

namespace pinn {
namespace {

using Unary = double (*)(double);
using Binary = double (*)(double, double);

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

struct Function {
  const char* name;
  int arity;
  Unary unary;
  Binary binary;
};

// Zero (of either sign) and NaN come back unchanged.
double sign(double v) { return v > 0.0 ? 1.0 : (v < 0.0 ? -1.0 : v); }
double heaviside(double v) { return std::isnan(v) ? v : (v < 0.0 ? 0.0 : 1.0); }

constexpr Function kFunctions[] = {
    {"sin", 1, [](double v) { return std::sin(v); }, nullptr},
    {"cos", 1, [](double v) { return std::cos(v); }, nullptr},
    {"tan", 1, [](double v) { return std::tan(v); }, nullptr},
    {"asin", 1, [](double v) { return std::asin(v); }, nullptr},
    {"acos", 1, [](double v) { return std::acos(v); }, nullptr},
    {"atan", 1, [](double v) { return std::atan(v); }, nullptr},
    {"sinh", 1, [](double v) { return std::sinh(v); }, nullptr},
    {"cosh", 1, [](double v) { return std::cosh(v); }, nullptr},
    {"tanh", 1, [](double v) { return std::tanh(v); }, nullptr},
    {"exp", 1, [](double v) { return std::exp(v); }, nullptr},
    {"log", 1, [](double v) { return std::log(v); }, nullptr},
    {"log10", 1, [](double v) { return std::log10(v); }, nullptr},
    {"sqrt", 1, [](double v) { return std::sqrt(v); }, nullptr},
    {"abs", 1, [](double v) { return std::fabs(v); }, nullptr},
    {"sign", 1, sign, nullptr},
    {"floor", 1, [](double v) { return std::floor(v); }, nullptr},
    {"ceil", 1, [](double v) { return std::ceil(v); }, nullptr},
    {"heaviside", 1, heaviside, nullptr},
    {"atan2", 2, nullptr, [](double y, double x) { return std::atan2(y, x); }},
    {"min", 2, nullptr, [](double a, double b) { return std::fmin(a, b); }},
    {"max", 2, nullptr, [](double a, double b) { return std::fmax(a, b); }},
    {"pow", 2, nullptr, [](double a, double b) { return std::pow(a, b); }},
};

struct Constant {
  const char* name;
  double value;
};

constexpr Constant kConstants[] = {
    {"pi", 3.14159265358979323846},
    {"e", 2.71828182845904523536},
};

const Function* find_function(const std::string& name) {
  for (const Function& f : kFunctions)
    if (name == f.name) return &f;
  return nullptr;
}

const Constant* find_constant(const std::string& name) {
  for (const Constant& c : kConstants)
    if (name == c.name) return &c;
  return nullptr;
}

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

template <typename... Operands>
NodePtr combine(Op op, Operands... operands) {
  std::vector<NodePtr> list;
  (list.push_back(std::move(operands)), ...);
  return combine(op, std::move(list));
}

struct Instruction {
  Op op;
  int index = 0;  // variable number or jump target
  double value = 0.0;
  Unary unary = nullptr;
  Binary binary = nullptr;
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

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_name(const std::string& text) {
  if (text.empty() || !is_name_start(text[0])) return false;
  return std::all_of(text.begin(), text.end(), is_name_char);
}

std::string quoted(const std::string& text) { return "'" + text + "'"; }

enum class Kind { Number, Name, Symbol, End };

struct Token {
  Kind kind = Kind::End;
  std::string text;
  double number = 0.0;
  int column = 1;
};

// Recursive descent over tokens read one at a time, so the first fault from the left is
// the one reported.
class Parser {
 public:
  Parser(const std::string& text, const std::vector<std::string>& variables)
      : text_(text), variables_(variables) {}

  NodePtr parse() {
    advance();
    if (current_.kind == Kind::End) fail(current_.column, "empty formula");
    NodePtr root = ternary();
    if (current_.kind != Kind::End) {
      if (at(")")) fail(current_.column, "unmatched ')' (no '(' before it)");
      if (at(":")) fail(current_.column, "':' without a '?' before it");
      fail(current_.column, "expected an operator or the end of the formula, found " + found());
    }
    return root;
  }

 private:
  [[noreturn]] void fail(int column, const std::string& what) const {
    throw ExpressionError(
        "formula " + quoted(text_) + ": column " + std::to_string(column) + ": " + what, column);
  }

  std::string found() const {
    return current_.kind == Kind::End ? "end of formula" : quoted(current_.text);
  }

  bool at(const char* symbol) const {
    return current_.kind == Kind::Symbol && current_.text == symbol;
  }

  void advance() {
    while (position_ < text_.size() && is_space(text_[position_])) ++position_;
    current_ = Token{};
    current_.column = static_cast<int>(position_) + 1;
    if (position_ == text_.size()) return;
    const char c = text_[position_];
    if (is_digit(c) || (c == '.' && position_ + 1 < text_.size() && is_digit(text_[position_ + 1])))
      return read_number();
    if (is_name_start(c)) {
      const std::size_t start = position_;
      while (position_ < text_.size() && is_name_char(text_[position_])) ++position_;
      current_.kind = Kind::Name;
      current_.text = text_.substr(start, position_ - start);
      return;
    }
    read_symbol();
  }

  void read_number() {
    const std::size_t start = position_;
    auto skip_digits = [&] {
      while (position_ < text_.size() && is_digit(text_[position_])) ++position_;
    };
    skip_digits();
    if (position_ < text_.size() && text_[position_] == '.') {
      ++position_;
      skip_digits();
    }
    // An 'e' not followed by an exponent is the constant e, left for the next token.
    if (position_ < text_.size() && (text_[position_] == 'e' || text_[position_] == 'E')) {
      std::size_t digits = position_ + 1;
      if (digits < text_.size() && (text_[digits] == '+' || text_[digits] == '-')) ++digits;
      if (digits < text_.size() && is_digit(text_[digits])) {
        position_ = digits;
        skip_digits();
      }
    }
    current_.kind = Kind::Number;
    current_.text = text_.substr(start, position_ - start);
    const char* first = text_.data() + start;
    const char* last = text_.data() + position_;
    const auto result = std::from_chars(first, last, current_.number);
    if (result.ec != std::errc() || result.ptr != last)
      fail(current_.column, "number " + quoted(current_.text) + " is out of the range of a double");
  }

  void read_symbol() {
    static constexpr const char* kPairs[] = {"<=", ">=", "==", "!=", "&&", "||"};
    for (const char* pair : kPairs) {
      if (text_.compare(position_, 2, pair) == 0) {
        current_.kind = Kind::Symbol;
        current_.text = pair;
        position_ += 2;
        return;
      }
    }
    const char c = text_[position_];
    static constexpr char kSingles[] = "+-*/^(),?:<>!";
    if (std::string(kSingles).find(c) != std::string::npos) {
      current_.kind = Kind::Symbol;
      current_.text = std::string(1, c);
      ++position_;
      return;
    }
    if (c == '=') fail(current_.column, "unexpected '=' (write '==' to compare)");
    if (c == '&') fail(current_.column, "unexpected '&' (write '&&' for logical and)");
    if (c == '|') fail(current_.column, "unexpected '|' (write '||' for logical or)");
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) fail(current_.column, "unexpected character " + quoted({c}));
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", byte);
    fail(current_.column, std::string("unexpected byte ") + hex);
  }

  // Consumes `symbol`, which closes a construct opened at an earlier column.
  void expect_closing(const char* symbol, const std::string& unclosed_note) {
    if (at(symbol)) return advance();
    std::string what = "expected " + quoted(symbol) + " or an operator, found " + found();
    if (current_.kind == Kind::End) what += " (" + unclosed_note + ")";
    fail(current_.column, what);
  }

  NodePtr ternary() {
    NodePtr condition = logical_or();
    if (!at("?")) return condition;
    const int question = current_.column;
    advance();
    NodePtr when_true = ternary();
    expect_closing(":", "the '?' at column " + std::to_string(question) + " has no ':'");
    NodePtr when_false = ternary();
    return combine(Op::Conditional, std::move(condition), std::move(when_true),
                   std::move(when_false));
  }

  NodePtr left_associative(NodePtr (Parser::*operand)(),
                           std::initializer_list<std::pair<const char*, Op>> operators) {
    NodePtr left = (this->*operand)();
    for (;;) {
      const auto match = std::find_if(operators.begin(), operators.end(),
                                      [&](const auto& entry) { return at(entry.first); });
      if (match == operators.end()) return left;
      advance();
      left = combine(match->second, std::move(left), (this->*operand)());
    }
  }

  NodePtr logical_or() { return left_associative(&Parser::logical_and, {{"||", Op::Or}}); }
  NodePtr logical_and() { return left_associative(&Parser::equality, {{"&&", Op::And}}); }
  NodePtr equality() {
    return left_associative(&Parser::comparison, {{"==", Op::Equal}, {"!=", Op::NotEqual}});
  }
  NodePtr comparison() {
    return left_associative(
        &Parser::additive,
        {{"<", Op::Less}, {"<=", Op::LessEqual}, {">", Op::Greater}, {">=", Op::GreaterEqual}});
  }
  NodePtr additive() {
    return left_associative(&Parser::multiplicative, {{"+", Op::Add}, {"-", Op::Subtract}});
  }
  NodePtr multiplicative() {
    return left_associative(&Parser::unary, {{"*", Op::Multiply}, {"/", Op::Divide}});
  }

  NodePtr unary() {
    if (at("+")) {
      advance();
      return unary();
    }
    if (at("-") || at("!")) {
      const Op op = at("-") ? Op::Negate : Op::Not;
      advance();
      return combine(op, unary());
    }
    return power();
  }

  // The exponent is parsed as a unary so that 2^-1 works and 2^3^2 groups to the right.
  NodePtr power() {
    NodePtr base = primary();
    if (!at("^")) return base;
    advance();
    return combine(Op::Power, std::move(base), unary());
  }

  NodePtr primary() {
    if (current_.kind == Kind::Number) {
      NodePtr node = constant(current_.number);
      advance();
      return node;
    }
    if (at("(")) {
      const int open = current_.column;
      advance();
      NodePtr inner = ternary();
      expect_closing(")", "the '(' at column " + std::to_string(open) + " is not closed");
      return inner;
    }
    if (current_.kind != Kind::Name)
      fail(current_.column,
           "expected a number, variable, constant, function or '(', found " + found());
    const std::string name = current_.text;
    const int column = current_.column;
    if (const Function* function = find_function(name)) {
      advance();
      return call(*function, column);
    }
    NodePtr node;
    std::string role;
    const auto variable = std::find(variables_.begin(), variables_.end(), name);
    if (variable != variables_.end()) {
      node = leaf(Op::Variable);
      node->variable = static_cast<int>(variable - variables_.begin());
      role = "a variable";
    } else if (const Constant* c = find_constant(name)) {
      node = constant(c->value);
      role = "a constant";
    } else {
      fail(column, "unknown name " + quoted(name) + " (" + valid_names() + ")");
    }
    advance();
    if (at("(")) fail(current_.column, quoted(name) + " is " + role + ", not a function");
    return node;
  }

  NodePtr call(const Function& function, int name_column) {
    const std::string name = function.name;
    if (!at("("))
      fail(current_.column, "expected '(' after function " + quoted(name) + ", found " + found());
    const int open = current_.column;
    advance();
    std::vector<NodePtr> arguments;
    if (!at(")")) {
      arguments.push_back(ternary());
      while (at(",")) {
        advance();
        arguments.push_back(ternary());
      }
    }
    if (!at(")")) {
      // Names the separator while arguments are missing, the closing ')' once all are there.
      const bool wants_more = static_cast<int>(arguments.size()) < function.arity;
      expect_closing(wants_more ? "," : ")", "the '(' of " + quoted(name) + " at column " +
                                                 std::to_string(open) + " is not closed");
    }
    advance();
    if (static_cast<int>(arguments.size()) != function.arity) {
      const std::string takes = function.arity == 1 ? "1 argument" : "2 arguments";
      fail(name_column, "function " + quoted(name) + " takes " + takes + ", given " +
                            std::to_string(arguments.size()));
    }
    NodePtr node = combine(function.arity == 1 ? Op::Call1 : Op::Call2, std::move(arguments));
    node->function = &function;
    return node;
  }

  std::string valid_names() const {
    std::vector<std::string> variables = variables_;
    std::vector<std::string> constants;
    std::vector<std::string> functions;
    for (const Constant& c : kConstants) constants.emplace_back(c.name);
    for (const Function& f : kFunctions) functions.emplace_back(f.name);
    std::sort(variables.begin(), variables.end());
    std::sort(constants.begin(), constants.end());
    std::sort(functions.begin(), functions.end());
    return "variables: " + (variables.empty() ? std::string("none") : join(variables)) +
           "; constants: " + join(constants) + "; functions: " + join(functions);
  }

  const std::string& text_;
  const std::vector<std::string>& variables_;
  std::size_t position_ = 0;
  Token current_;
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
    if (!is_name(name))
      fail_variable(name, "is not a name (letters, digits and '_', not starting with a digit)");
    if (std::find(variables.begin(), variables.begin() + i, name) != variables.begin() + i)
      fail_variable(name, "is listed twice");
    if (find_constant(name) != nullptr)
      fail_variable(name, "is named like a constant; choose another name");
    if (find_function(name) != nullptr)
      fail_variable(name, "is named like a function; choose another name");
  }

  NodePtr root = fold(Parser(text, variables).parse());
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
