#pragma once
// The grammar of formulas written in configs, read into a tree whose names are not yet
// resolved: the double evaluator (expression.h) and the tensor compiler (solver/formula)
// both compile from it.
//
// Grammar, lowest precedence first:
//   ternary        := or ('?' ternary ':' ternary)?          right associative
//   or             := and ('||' and)*
//   and            := equality ('&&' equality)*
//   equality       := comparison (('==' | '!=') comparison)*
//   comparison     := additive (('<' | '<=' | '>' | '>=') additive)*
//   additive       := multiplicative (('+' | '-') multiplicative)*
//   multiplicative := unary (('*' | '/') unary)*
//   unary          := ('-' | '+' | '!') unary | power
//   power          := primary ('^' unary)?                   so -x^2 = -(x^2), 2^3^2 = 512
//   primary        := number | name | name '(' arguments? ')' | '(' ternary ')'
// Names are letters, digits and '_', not starting with a digit. Unary '+' and parentheses
// leave no node.

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace pinn::syntax {

enum class Operator : std::uint8_t {
  Negate,  // unary
  Not,     // unary
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
};

enum class Kind : std::uint8_t { Number, Name, Call, Unary, Binary, Conditional };

struct Node {
  Kind kind = Kind::Number;
  Operator op = Operator::Negate;  // Unary, Binary
  double number = 0.0;             // Number
  std::string name;                // Name, Call
  // 1-based: the first character of a number or name (a call's name), the operator's,
  // the '?' of a conditional.
  int column = 1;
  // Unary: 1; Binary: left, right; Conditional: condition, then, else; Call: its arguments.
  std::vector<std::unique_ptr<Node>> operands;
};
using NodePtr = std::unique_ptr<Node>;

// The column of the leftmost character of `node`'s text (a binary node's left operand's).
int start_column(const Node& node);

// A fault in the text. what() is the bare description ("expected ')' or an operator,
// found 'x'"); callers prefix it with the formula and column.
class SyntaxError : public std::invalid_argument {
 public:
  SyntaxError(const std::string& what, int column) : std::invalid_argument(what), column_(column) {}
  int column() const { return column_; }

 private:
  int column_;
};

// How a name may be written, for a caller that knows its names: the parser then reports
// a misused name where it stands, before faults to its right (the leftmost fault first).
enum class Call : std::uint8_t {
  Free,      // `name` or `name(...)` with any number of arguments, left to the caller
  Never,     // a value: `name(` is a fault ("'x' is a variable, not a function")
  Always,    // a function: `name` without '(' is a fault
  Optional,  // `name` or `name(...)`, with `arity` arguments when called
};

struct NameRule {
  Call call = Call::Free;
  int arity = -1;    // arguments a call takes; -1: any number
  std::string role;  // for Never: what the name is ("a variable")
};

// Called once per name as it is read (before the token after it); may throw to reject
// the name (an unknown one), which the parser lets through.
using NameRules = std::function<NameRule(const std::string& name, int column)>;

// Parses the whole text. Throws SyntaxError at the leftmost fault.
NodePtr parse(const std::string& text, const NameRules& rules = nullptr);

// Whether `text` is a name: letters, digits and '_', not starting with a digit.
bool is_name(const std::string& text);

}  // namespace pinn::syntax
