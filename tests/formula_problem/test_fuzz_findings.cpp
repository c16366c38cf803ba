// Configs the formula fuzzer (tests/fuzz/fuzz_formula.cpp) found reading without a config
// error although they could not run: each is now a config error at its key. The inputs
// are kept in tests/fuzz/regressions/ as well.

#include <gtest/gtest.h>

#include <string>

#include "solver/formula/formula.h"
#include "tests/core/support.h"

namespace pinn {
namespace {

using testing::config_error_of;

const std::string kProblem =
    "problem:\n"
    "  inputs: {x: [0, 1]}\n"
    "  parameters: {k: 1}\n"
    "  equations: [u_xx + k]\n";

// A key of the unknowns section that is not a scalar threw yaml-cpp's bad conversion.
TEST(FormulaFuzzFindings, UnknownsKeyThatIsNotAScalarIsAConfigError) {
  const auto message = config_error_of(kProblem + "unknowns: {[k]: {initial: 2}}\n");
  EXPECT_EQ(message,
            "cfg.yaml:5:1: key 'unknowns.[k]': not a coefficient of problem 'formula'; its "
            "coefficients are k");
}

// `on: boundary` with time the only input was read, and sampling its points threw
// std::invalid_argument when training began.
TEST(FormulaFuzzFindings, BoundaryWithTimeTheOnlyInputIsAConfigError) {
  const auto message = config_error_of(
      "problem:\n"
      "  inputs: {t: [0, 1]}\n"
      "  time: t\n"
      "  equations: [u_t - u]\n"
      "  conditions: {start: {on: initial, equation: u - 1}, ends: {on: boundary, equation: u}}\n");
  EXPECT_EQ(message,
            "cfg.yaml:5:66: key 'problem.conditions.ends.on': value 'boundary' is every face but "
            "time's, and the only input is time; use one of interior, initial, t_min, t_max");
}

// A condition with an empty list of equations was read, and its residual (no columns)
// failed in at::cat when the loss was first evaluated.
TEST(FormulaFuzzFindings, ConditionWithoutEquationsIsAConfigError) {
  EXPECT_EQ(config_error_of(kProblem + "  conditions: {ends: {on: boundary, equation: []}}\n"),
            "cfg.yaml:5:47: key 'problem.conditions.ends.equation': must give at least one "
            "formula");
}

// An equation reading the outputs only through a logical 'or' was read; its residual did
// not depend on the network's parameters, and the first backward pass failed.
TEST(FormulaFuzzFindings, ResidualsWithoutDerivativeInTheOutputsAreConfigErrors) {
  EXPECT_EQ(config_error_of("problem: {inputs: {x: [0, 1]}, equations: [u*u_x || x]}\n"),
            "cfg.yaml:1:44: key 'problem.equations[0]': the equation reads the outputs only "
            "through comparisons, logic, floor, ceil, sign or heaviside, whose derivatives are 0, "
            "so the network could not satisfy it");
  EXPECT_NE(config_error_of(kProblem + "  conditions: {ends: {on: boundary, equation: "
                                       "[u, heaviside(u) - 1]}}\n")
                .find("key 'problem.conditions.ends.equation[1]': reads the outputs only through "
                      "comparisons"),
            std::string::npos);
  for (const std::string smooth : {"x > 0.5 ? u : 1", "floor(x)*u", "abs(u) + sign(u)"}) {
    EXPECT_NO_THROW(testing::parse_config(kProblem +
                                          "  conditions: {ends: {on: boundary, "
                                          "equation: \"" +
                                          smooth + "\"}}\n"))
        << smooth;
  }
}

TEST(FormulaFuzzFindings, SmoothInOutputsFollowsTheOperationsWithADerivative) {
  formula::Scope scope;
  scope.inputs = {"x"};
  scope.spatial_axes = {0};
  scope.outputs = {"u"};
  const formula::Compiler compiler(scope);
  for (const std::string text : {"u", "u_x*x", "abs(u)", "min(u, 1)", "u > 0 ? u : 2", "-u^2",
                                 "exp(u)/x", "atan2(u, x)", "floor(u) + u"}) {
    EXPECT_TRUE(compiler.compile(text).smooth_in_outputs()) << text;
  }
  for (const std::string text :
       {"x", "1", "u > 0", "u == 0 && x > 1", "!u", "sign(u)", "heaviside(u_x)*x", "ceil(u)",
        "u > 0 ? 1 : 2", "1 + (u > 0)", "floor(u_x)*x"}) {
    EXPECT_FALSE(compiler.compile(text).smooth_in_outputs()) << text;
  }
}

// A condition named as another loss term made two terms of one name (the result file
// could not be written after training); one named with '/' could not be written either.
TEST(FormulaFuzzFindings, ConditionNamesAreNamesOfNoOtherTerm) {
  auto with_condition = [](const std::string& name) {
    return kProblem + "  conditions: {" + name + ": {on: boundary, equation: u}}\n";
  };
  EXPECT_NE(config_error_of(with_condition("slope_recovery"))
                .find("key 'problem.conditions.slope_recovery': is the name of the adaptive "
                      "slopes' term; name the condition otherwise"),
            std::string::npos);
  EXPECT_NE(config_error_of(with_condition("observations"))
                .find("key 'problem.conditions.observations': is the name of the observations' "
                      "term; name the condition otherwise"),
            std::string::npos);
  EXPECT_NE(config_error_of(with_condition("residual"))
                .find("is the name of the equations' term; name the condition otherwise"),
            std::string::npos);
  for (const std::string name : {"\"a/b\"", "\"a.b\"", "\"\"", "\"2nd\""}) {
    EXPECT_NE(config_error_of(with_condition(name))
                  .find("is not a name: use letters, digits and '_', starting with a letter"),
              std::string::npos)
        << name;
  }
  EXPECT_NO_THROW(testing::parse_config(with_condition("wall_2")));
}

}  // namespace
}  // namespace pinn
