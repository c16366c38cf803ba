#pragma once
// The constants and functions every formula may name (pi, e, sin ... pow), shared by the
// double evaluator (expression.h) and the tensor compiler (solver/formula): one list of
// names, arities and double implementations, so both read a formula alike and fold its
// constant parts with the same arithmetic.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pinn::builtins {

enum class FunctionId : std::uint8_t {
  Sin,
  Cos,
  Tan,
  Asin,
  Acos,
  Atan,
  Sinh,
  Cosh,
  Tanh,
  Exp,
  Log,
  Log10,
  Sqrt,
  Abs,
  Sign,
  Floor,
  Ceil,
  Heaviside,
  Atan2,
  Min,
  Max,
  Pow,
};

using Unary = double (*)(double);
using Binary = double (*)(double, double);

struct Function {
  const char* name;
  FunctionId id;
  int arity;      // 1 or 2
  Unary unary;    // arity 1
  Binary binary;  // arity 2
};

// The function named `name`, or null.
const Function* find_function(const std::string& name);
// The value of the constant named `name` (pi, e).
std::optional<double> find_constant(const std::string& name);

// Every name, in a fixed order (not sorted).
std::vector<std::string> function_names();
std::vector<std::string> constant_names();

}  // namespace pinn::builtins
