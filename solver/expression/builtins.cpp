#include "solver/expression/builtins.h"

#include <cmath>

namespace pinn::builtins {
namespace {

// Zero (of either sign) and NaN come back unchanged.
double sign(double v) { return v > 0.0 ? 1.0 : (v < 0.0 ? -1.0 : v); }
double heaviside(double v) { return std::isnan(v) ? v : (v < 0.0 ? 0.0 : 1.0); }

constexpr Function kFunctions[] = {
    {"sin", FunctionId::Sin, 1, [](double v) { return std::sin(v); }, nullptr},
    {"cos", FunctionId::Cos, 1, [](double v) { return std::cos(v); }, nullptr},
    {"tan", FunctionId::Tan, 1, [](double v) { return std::tan(v); }, nullptr},
    {"asin", FunctionId::Asin, 1, [](double v) { return std::asin(v); }, nullptr},
    {"acos", FunctionId::Acos, 1, [](double v) { return std::acos(v); }, nullptr},
    {"atan", FunctionId::Atan, 1, [](double v) { return std::atan(v); }, nullptr},
    {"sinh", FunctionId::Sinh, 1, [](double v) { return std::sinh(v); }, nullptr},
    {"cosh", FunctionId::Cosh, 1, [](double v) { return std::cosh(v); }, nullptr},
    {"tanh", FunctionId::Tanh, 1, [](double v) { return std::tanh(v); }, nullptr},
    {"exp", FunctionId::Exp, 1, [](double v) { return std::exp(v); }, nullptr},
    {"log", FunctionId::Log, 1, [](double v) { return std::log(v); }, nullptr},
    {"log10", FunctionId::Log10, 1, [](double v) { return std::log10(v); }, nullptr},
    {"sqrt", FunctionId::Sqrt, 1, [](double v) { return std::sqrt(v); }, nullptr},
    {"abs", FunctionId::Abs, 1, [](double v) { return std::fabs(v); }, nullptr},
    {"sign", FunctionId::Sign, 1, sign, nullptr},
    {"floor", FunctionId::Floor, 1, [](double v) { return std::floor(v); }, nullptr},
    {"ceil", FunctionId::Ceil, 1, [](double v) { return std::ceil(v); }, nullptr},
    {"heaviside", FunctionId::Heaviside, 1, heaviside, nullptr},
    {"atan2", FunctionId::Atan2, 2, nullptr, [](double y, double x) { return std::atan2(y, x); }},
    {"min", FunctionId::Min, 2, nullptr, [](double a, double b) { return std::fmin(a, b); }},
    {"max", FunctionId::Max, 2, nullptr, [](double a, double b) { return std::fmax(a, b); }},
    {"pow", FunctionId::Pow, 2, nullptr, [](double a, double b) { return std::pow(a, b); }},
};

struct Constant {
  const char* name;
  double value;
};

constexpr Constant kConstants[] = {
    {"pi", 3.14159265358979323846},
    {"e", 2.71828182845904523536},
};

}  // namespace

const Function* find_function(const std::string& name) {
  for (const Function& f : kFunctions)
    if (name == f.name) return &f;
  return nullptr;
}

std::optional<double> find_constant(const std::string& name) {
  for (const Constant& c : kConstants)
    if (name == c.name) return c.value;
  return std::nullopt;
}

std::vector<std::string> function_names() {
  std::vector<std::string> names;
  for (const Function& f : kFunctions) names.emplace_back(f.name);
  return names;
}

std::vector<std::string> constant_names() {
  std::vector<std::string> names;
  for (const Constant& c : kConstants) names.emplace_back(c.name);
  return names;
}

}  // namespace pinn::builtins
