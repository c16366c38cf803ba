#pragma once
// Formulas written as text in configs (regression targets), compiled once and evaluated on
// plain doubles.
//
// The grammar is in syntax.h (numbers, names, + - * / ^, comparisons, && || !, c ? a : b).
// Comparisons and logic give 1 or 0; any nonzero value (NaN included) counts as true.
// Constants (builtins.h): pi, e. Functions: sin cos tan asin acos atan sinh cosh tanh exp log
// (natural) log10 sqrt abs sign floor ceil heaviside (0 below 0, 1 from 0 on), and with two
// arguments atan2(y, x), min, max, pow. min and max are fmin and fmax (a NaN argument is ignored);
// sign and heaviside pass NaN through. Subtrees without variables are computed once, at parse.

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace pinn {

// A formula that does not parse, or a variable list that cannot be used.
class ExpressionError : public std::invalid_argument {
 public:
  ExpressionError(const std::string& message, int column)
      : std::invalid_argument(message), column_(column) {}
  // 1-based position in the formula; 0 when the fault is in the variable list.
  int column() const { return column_; }

 private:
  int column_;
};

class Expression {
 public:
  // Parses `text` over the named variables (e.g. {"x"} or {"x", "y", "z"}).
  // Throws ExpressionError naming the formula, the column and what was expected or found.
  static Expression parse(const std::string& text, const std::vector<std::string>& variables);

  // The value at one point: values[i] is variable i (variables().size() values).
  double evaluate(const double* values) const;
  // Values at n points stored row-major (n rows of variables().size() doubles).
  std::vector<double> evaluate_rows(const std::vector<double>& points) const;

  const std::string& text() const;
  const std::vector<std::string>& variables() const;

 private:
  // The compiled form; immutable, so copies share it and evaluate concurrently.
  struct Program;

  explicit Expression(std::shared_ptr<const Program> program) : program_(std::move(program)) {}

  std::shared_ptr<const Program> program_;
};

}  // namespace pinn
