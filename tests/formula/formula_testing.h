#pragma once
// Helpers shared by the formula compiler's tests: points drawn at random, the scope most
// tests use, and the expectation of a FormulaError at a column.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "solver/formula/formula.h"

namespace pinn::formula::test_support {

// N x inputs points, column k uniform in [low[k], high[k]], in float64.
inline torch::Tensor random_points(int64_t rows, const std::vector<double>& low,
                                   const std::vector<double>& high, uint64_t seed = 7) {
  torch::manual_seed(seed);
  const auto columns = static_cast<int64_t>(low.size());
  auto options = torch::TensorOptions().dtype(torch::kFloat64);
  auto u = torch::rand({rows, columns}, options);
  auto lo = torch::tensor(low, options).unsqueeze(0);
  auto hi = torch::tensor(high, options).unsqueeze(0);
  return lo + (hi - lo) * u;
}

// Inputs x, t; output u; parameters nu (unknown) and a = 2 (known); u0 = sin(pi*x),
// g(s) = s^2 + a.
inline Scope heat_scope() {
  Scope scope;
  scope.inputs = {"x", "t"};
  scope.spatial_axes = {0};
  scope.outputs = {"u"};
  scope.parameters = {{"nu", std::nullopt}, {"a", 2.0}};
  scope.functions = {{"u0", {}, "sin(pi*x)"}, {"g", {"s"}, "s^2 + a"}};
  return scope;
}

// Expects compiling `text` in `scope` to fail at `column` of `origin` with every fragment
// in the message.
inline void expect_error(const Scope& scope, const std::string& text, const std::string& origin,
                         int column, std::initializer_list<const char*> fragments) {
  try {
    Compiler(scope).compile(text);
    ADD_FAILURE() << "expected FormulaError for '" << text << "'";
  } catch (const FormulaError& e) {
    const std::string message = e.what();
    EXPECT_EQ(e.origin(), origin) << message;
    EXPECT_EQ(e.column(), column) << message;
    for (const char* fragment : fragments)
      EXPECT_NE(message.find(fragment), std::string::npos)
          << "missing '" << fragment << "' in: " << message;
  }
}

// Expects building a Compiler on `scope` to fail, as expect_error.
inline void expect_scope_error(const Scope& scope, const std::string& origin, int column,
                               std::initializer_list<const char*> fragments) {
  try {
    Compiler compiler(scope);
    ADD_FAILURE() << "expected FormulaError for the scope";
  } catch (const FormulaError& e) {
    const std::string message = e.what();
    EXPECT_EQ(e.origin(), origin) << message;
    EXPECT_EQ(e.column(), column) << message;
    for (const char* fragment : fragments)
      EXPECT_NE(message.find(fragment), std::string::npos)
          << "missing '" << fragment << "' in: " << message;
  }
}

}  // namespace pinn::formula::test_support
