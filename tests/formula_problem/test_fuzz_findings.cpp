// Configs the formula fuzzer (tests/fuzz/fuzz_formula.cpp) found reading without a config
// error although they could not run: each is now a config error at its key. The inputs
// are kept in tests/fuzz/regressions/ as well.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "solver/formula/formula.h"
#include "solver/run/point_sets.h"
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

// The bracket of configs/point_cloud_bracket.yaml (4800 interior points; 267 on the clamp
// and 927 on load, free and bolt), with the Neumann condition on `where`.
std::string bracket(const std::string& where) {
  const std::string data = std::string(PINN_SOURCE_DIR) + "/configs/data/";
  return "problem:\n"
         "  inputs: [x, y]\n"
         "  domain:\n"
         "    point_cloud:\n"
         "      interior: " +
         data + "bracket_interior.txt\n      boundary: " + data +
         "bracket_boundary.txt\n"
         "  equations: [u_xx + u_yy + 1]\n"
         "  conditions:\n"
         "    clamp: {on: clamp, equation: u}\n"
         "    neumann: {on: [load, free, bolt], " +
         where + "equation: u_n}\n";
}

// The boundary file's points on load, free and bolt with x > 1.9, counted here.
int64_t bracket_points_beyond_1_9() {
  std::ifstream file(std::string(PINN_SOURCE_DIR) + "/configs/data/bracket_boundary.txt");
  int64_t count = 0;
  for (std::string line; std::getline(file, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream row(line);
    double x, y, nx, ny;
    std::string part;
    row >> x >> y >> nx >> ny >> part;
    count += part != "clamp" && x > 1.9;
  }
  return count;
}

// A predicate on a point set was tried on 10000 points of a part that stores 927, which
// threw std::invalid_argument while the config was read.
TEST(FormulaFuzzFindings, APredicateOnAPointSetIsTriedOnThePointsItStores) {
  EXPECT_NE(config_error_of(bracket("where: x > 2, "))
                .find("key 'problem.conditions.neumann.where': the predicate 'x > 2' selects "
                      "none of the 927 points tried on load, free, bolt"),
            std::string::npos);
  EXPECT_NO_THROW(testing::parse_config(bracket("where: x > 1.9, ")));
}

// Asking a point set for more distinct points than it stores was read, and threw when the
// points were drawn: now a config error at the count, which says how many there are.
TEST(FormulaFuzzFindings, PointCountsAboveWhatAPointSetStoresAreConfigErrors) {
  EXPECT_NE(config_error_of(bracket(""), {"sampling.neumann.points=928"})
                .find("key 'sampling.neumann.points': value 928 must be <= 927: the domain's "
                      "files hold 927 distinct points for term 'neumann'"),
            std::string::npos);
  const auto beyond = bracket_points_beyond_1_9();
  ASSERT_GT(beyond, 10);
  ASSERT_LT(beyond, 500);  // below the default count
  EXPECT_NE(
      config_error_of(bracket("where: x > 1.9, "),
                      {"sampling.neumann.points=" + std::to_string(beyond + 1)})
          .find("value " + std::to_string(beyond + 1) + " must be <= " + std::to_string(beyond) +
                ": the domain's files hold " + std::to_string(beyond) +
                " distinct points for term 'neumann' where its predicate holds"),
      std::string::npos);
  // Exactly as many: every one of them, once.
  const auto config = testing::parse_config(bracket("where: x > 1.9, "),
                                            {"sampling.neumann.points=" + std::to_string(beyond)});
  const auto terms = config.problem->loss_terms();
  const auto neumann = std::find_if(terms.begin(), terms.end(),
                                    [](const LossTerm& t) { return t.name == "neumann"; });
  ASSERT_NE(neumann, terms.end());
  const auto points = draw_term_points(config, *neumann, size_t(neumann - terms.begin()));
  ASSERT_EQ(int64_t(points.size()), 2 * beyond);
  std::set<std::pair<double, double>> distinct;
  for (size_t i = 0; i < points.size(); i += 2) {
    EXPECT_GT(points[i], 1.9);
    distinct.insert({points[i], points[i + 1]});
  }
  EXPECT_EQ(int64_t(distinct.size()), beyond);
  // The default count (500 for a condition) is capped at what there is.
  EXPECT_EQ(testing::parse_config(bracket("where: x > 1.9, ")).sampling.at("neumann").points,
            beyond);
}

// RAD's candidates default to ten times the points, no more than a point set stores.
TEST(FormulaFuzzFindings, ResamplingCandidatesOfAPointSetAreCappedAtWhatItStores) {
  const std::string rad = "sampling.residual.resample={every: 10}";
  const auto config = testing::parse_config(bracket(""), {"sampling.residual.points=1000", rad});
  EXPECT_EQ(config.sampling.at("residual").resample.candidates, 4800);
  EXPECT_NE(config_error_of(bracket(""), {"sampling.residual.points=1000",
                                          "sampling.residual.resample={every: 10, candidates: "
                                          "4801}"})
                .find("key 'sampling.residual.resample.candidates': value 4801 must be >= the "
                      "term's points (1000) and <= 4800: the domain's files hold 4800 distinct "
                      "points for term 'residual'"),
            std::string::npos);
}

}  // namespace
}  // namespace pinn
