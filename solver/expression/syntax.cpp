#include "solver/expression/syntax.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <initializer_list>
#include <utility>

namespace pinn::syntax {
namespace {

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string quoted(const std::string& text) { return "'" + text + "'"; }

NodePtr make(Kind kind, int column) {
  auto node = std::make_unique<Node>();
  node->kind = kind;
  node->column = column;
  return node;
}

NodePtr operation(Kind kind, Operator op, int column, std::vector<NodePtr> operands) {
  NodePtr node = make(kind, column);
  node->op = op;
  node->operands = std::move(operands);
  return node;
}

template <typename... Operands>
std::vector<NodePtr> list(Operands... operands) {
  std::vector<NodePtr> nodes;
  (nodes.push_back(std::move(operands)), ...);
  return nodes;
}

enum class TokenKind { Number, Name, Symbol, End };

struct Token {
  TokenKind kind = TokenKind::End;
  std::string text;
  double number = 0.0;
  int column = 1;
};

// Recursive descent over tokens read one at a time, so the first fault from the left is
// the one reported.
class Parser {
 public:
  Parser(const std::string& text, const NameRules& rules) : text_(text), rules_(rules) {}

  NodePtr parse() {
    advance();
    if (current_.kind == TokenKind::End) fail(current_.column, "empty formula");
    NodePtr root = ternary();
    if (current_.kind != TokenKind::End) {
      if (at(")")) fail(current_.column, "unmatched ')' (no '(' before it)");
      if (at(":")) fail(current_.column, "':' without a '?' before it");
      fail(current_.column, "expected an operator or the end of the formula, found " + found());
    }
    return root;
  }

 private:
  [[noreturn]] static void fail(int column, const std::string& what) {
    throw SyntaxError(what, column);
  }

  std::string found() const {
    return current_.kind == TokenKind::End ? "end of formula" : quoted(current_.text);
  }

  bool at(const char* symbol) const {
    return current_.kind == TokenKind::Symbol && current_.text == symbol;
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
      current_.kind = TokenKind::Name;
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
    current_.kind = TokenKind::Number;
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
        current_.kind = TokenKind::Symbol;
        current_.text = pair;
        position_ += 2;
        return;
      }
    }
    const char c = text_[position_];
    static constexpr char kSingles[] = "+-*/^(),?:<>!";
    if (std::string(kSingles).find(c) != std::string::npos) {
      current_.kind = TokenKind::Symbol;
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

  // Fails at a token that should have closed a construct opened at an earlier column;
  // `expected` names what would have ("')'").
  [[noreturn]] void fail_unclosed(const std::string& expected, const std::string& unclosed_note) {
    std::string what = "expected " + expected + " or an operator, found " + found();
    if (current_.kind == TokenKind::End) what += " (" + unclosed_note + ")";
    fail(current_.column, what);
  }

  // Consumes `symbol`, which closes a construct opened at an earlier column.
  void expect_closing(const char* symbol, const std::string& unclosed_note) {
    if (!at(symbol)) fail_unclosed(quoted(symbol), unclosed_note);
    advance();
  }

  NodePtr ternary() {
    NodePtr condition = logical_or();
    if (!at("?")) return condition;
    const int question = current_.column;
    advance();
    NodePtr when_true = ternary();
    expect_closing(":", "the '?' at column " + std::to_string(question) + " has no ':'");
    NodePtr when_false = ternary();
    return operation(Kind::Conditional, Operator::Negate, question,
                     list(std::move(condition), std::move(when_true), std::move(when_false)));
  }

  NodePtr left_associative(NodePtr (Parser::*operand)(),
                           std::initializer_list<std::pair<const char*, Operator>> operators) {
    NodePtr left = (this->*operand)();
    for (;;) {
      const auto match = std::find_if(operators.begin(), operators.end(),
                                      [&](const auto& entry) { return at(entry.first); });
      if (match == operators.end()) return left;
      const int column = current_.column;
      advance();
      NodePtr right = (this->*operand)();
      left =
          operation(Kind::Binary, match->second, column, list(std::move(left), std::move(right)));
    }
  }

  NodePtr logical_or() { return left_associative(&Parser::logical_and, {{"||", Operator::Or}}); }
  NodePtr logical_and() { return left_associative(&Parser::equality, {{"&&", Operator::And}}); }
  NodePtr equality() {
    return left_associative(&Parser::comparison,
                            {{"==", Operator::Equal}, {"!=", Operator::NotEqual}});
  }
  NodePtr comparison() {
    return left_associative(&Parser::additive, {{"<", Operator::Less},
                                                {"<=", Operator::LessEqual},
                                                {">", Operator::Greater},
                                                {">=", Operator::GreaterEqual}});
  }
  NodePtr additive() {
    return left_associative(&Parser::multiplicative,
                            {{"+", Operator::Add}, {"-", Operator::Subtract}});
  }
  NodePtr multiplicative() {
    return left_associative(&Parser::unary, {{"*", Operator::Multiply}, {"/", Operator::Divide}});
  }

  NodePtr unary() {
    if (at("+")) {
      advance();
      return unary();
    }
    if (at("-") || at("!")) {
      const Operator op = at("-") ? Operator::Negate : Operator::Not;
      const int column = current_.column;
      advance();
      return operation(Kind::Unary, op, column, list(unary()));
    }
    return power();
  }

  // The exponent is parsed as a unary so that 2^-1 works and 2^3^2 groups to the right.
  NodePtr power() {
    NodePtr base = primary();
    if (!at("^")) return base;
    const int column = current_.column;
    advance();
    NodePtr exponent = unary();
    return operation(Kind::Binary, Operator::Power, column,
                     list(std::move(base), std::move(exponent)));
  }

  NodePtr primary() {
    if (current_.kind == TokenKind::Number) {
      NodePtr node = make(Kind::Number, current_.column);
      node->number = current_.number;
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
    if (current_.kind != TokenKind::Name)
      fail(current_.column,
           "expected a number, variable, constant, function or '(', found " + found());
    NodePtr node = make(Kind::Name, current_.column);
    node->name = current_.text;
    const NameRule rule = rules_ ? rules_(node->name, node->column) : NameRule{};
    advance();
    const bool called = at("(");
    if (rule.call == Call::Never && called)
      fail(current_.column, quoted(node->name) + " is " + rule.role + ", not a function");
    if (rule.call == Call::Always && !called)
      fail(current_.column,
           "expected '(' after function " + quoted(node->name) + ", found " + found());
    if (!called) return node;
    node->kind = Kind::Call;
    node->operands = arguments(node->name, rule.arity);
    if (rule.arity >= 0 && static_cast<int>(node->operands.size()) != rule.arity) {
      const std::string takes = rule.arity == 0   ? "no arguments"
                                : rule.arity == 1 ? "1 argument"
                                                  : std::to_string(rule.arity) + " arguments";
      fail(node->column, "function " + quoted(node->name) + " takes " + takes + ", given " +
                             std::to_string(node->operands.size()));
    }
    return node;
  }

  // From the '(' after a called name through its ')'.
  std::vector<NodePtr> arguments(const std::string& name, int arity) {
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
      const int given = static_cast<int>(arguments.size());
      const std::string expected = arity < 0 ? "',', ')'" : (given < arity ? "','" : "')'");
      fail_unclosed(expected, "the '(' of " + quoted(name) + " at column " + std::to_string(open) +
                                  " is not closed");
    }
    advance();
    return arguments;
  }

  const std::string& text_;
  const NameRules& rules_;
  std::size_t position_ = 0;
  Token current_;
};

}  // namespace

int start_column(const Node& node) {
  if ((node.kind == Kind::Binary || node.kind == Kind::Conditional) && !node.operands.empty())
    return start_column(*node.operands.front());
  return node.column;
}

NodePtr parse(const std::string& text, const NameRules& rules) {
  return Parser(text, rules).parse();
}

bool is_name(const std::string& text) {
  if (text.empty() || !is_name_start(text[0])) return false;
  return std::all_of(text.begin(), text.end(), is_name_char);
}

}  // namespace pinn::syntax
