// Conditions written as formulas: where their points lie (faces, predicates, periodic
// pairs) and what they compute there (normal derivatives, time derivatives, Robin),
// checked on closed-form fields.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "solver/run/point_sets.h"
#include "tests/core/candidate_fields.h"
#include "tests/core/support.h"

namespace pinn {
namespace {

using testing::Candidate;
using testing::parse_config;
using testing::term_residuals;

RunConfig config_of(const std::string& problem) {
  return parse_config("problem:\n" + problem +
                      "network: {hidden: [8]}\ntraining: {phases: [{optimizer: adam, "
                      "iterations: 1}]}\n");
}

// u = x^2 + 3 y^2 on [0, 1] x [0, 2]: u_n is -u_x on x_min, u_x on x_max, ...
const Candidate kQuadratic = {
    [](const std::vector<at::Tensor>& in) { return in[0] * in[0] + 3 * in[1] * in[1]; }};

TEST(FormulaConditions, NeumannAndRobinReadTheOutwardNormal) {
  const auto config = config_of(R"yaml(  inputs: {x: [0, 1], y: [0, 2]}
  equations: [laplacian(u) - 8]
  conditions:
    right: {on: x_max, equation: u_n - 2}
    left: {on: x_min, equation: u_n}
    top: {on: y_max, equation: u_n - n_y*12}
    robin: {on: y_min, equation: u_n + 2*u - 2*x^2}
    everywhere: {on: boundary, equation: u_n - (n_x*2*x + n_y*6*y)}
    wrong_sign: {on: x_max, equation: u_n + 2}
)yaml");
  const auto r = term_residuals(*config.problem, kQuadratic);
  EXPECT_LT(r.at("residual"), 1e-12);
  for (const char* name : {"right", "left", "top", "robin", "everywhere"}) {
    EXPECT_LT(r.at(name), 1e-12) << name;
  }
  EXPECT_NEAR(r.at("wrong_sign"), 4, 1e-12);
}

TEST(FormulaConditions, LaplacianSumsOverSpaceOnlyAndInitialReadsTimeDerivatives) {
  // u = sin(x) cos(2 t): u_t(x, 0) = 0, u_tt = -4 u, laplacian(u) = -u.
  const Candidate wave = {
      [](const std::vector<at::Tensor>& in) { return at::sin(in[0]) * at::cos(2 * in[1]); }};
  const auto config = config_of(R"yaml(  inputs: {x: [0, 3], t: [0, 1]}
  time: t
  equations: [u_tt - 4*laplacian(u)]
  conditions:
    value: {on: initial, equation: u - sin(x)}
    speed: {on: initial, equation: u_t}
    ends: {on: boundary, equation: 'd(u, x) - cos(x)*cos(2*t)'}
)yaml");
  const auto r = term_residuals(*config.problem, wave);
  for (const auto& [name, value] : r) EXPECT_LT(value, 1e-12) << name;
}

TEST(FormulaConditions, PredicatesKeepExactlyTheAskedNumberOfPointsWhereTheyHold) {
  const auto config = config_of(R"yaml(  inputs: {x: [-1, 1], y: [0, 1]}
  equations: [u]
  conditions:
    inflow: {on: boundary, where: x < 0 && y > 0.5, equation: u - 1}
    disk: {on: interior, where: x^2 + y^2 < 0.25, equation: u}
)yaml");
  const auto terms = config.problem->loss_terms();
  for (const auto& term : {terms[1], terms[2]}) {
    for (const auto method :
         {SamplingMethod::Uniform, SamplingMethod::Lhs, SamplingMethod::Sobol}) {
      const auto points = sample_term(config.problem->domain(), term, method, 333, 5);
      ASSERT_EQ(points.size(), 666u);
      for (size_t i = 0; i < 333; ++i) {
        const double x = points[2 * i], y = points[2 * i + 1];
        if (term.name == "inflow") {
          EXPECT_TRUE(x < 0 && y > 0.5) << x << " " << y;
          EXPECT_TRUE(x == -1 || y == 1) << x << " " << y;  // on the boundary
        } else {
          EXPECT_LT(x * x + y * y, 0.25);
        }
      }
      // Reproducible from the seed.
      EXPECT_EQ(points, sample_term(config.problem->domain(), term, method, 333, 5));
    }
  }
}

TEST(FormulaConditions, PeriodicTiesTheFacesOfEveryOutput) {
  const auto config = config_of(R"yaml(  inputs: {x: [0, 6.283185307179586], t: [0, 1]}
  time: t
  outputs: [u, v]
  equations: [u_t + v_x, v_t + u_x]
  conditions:
    wrap: {periodic: x, derivatives: 2}
)yaml");
  const auto terms = config.problem->loss_terms();
  ASSERT_EQ(terms[1].paired.axis, 0);
  EXPECT_EQ(terms[1].needs.size(), 6u);  // u, u_x, u_xx, v, v_x, v_xx
  const Candidate periodic = {
      [](const std::vector<at::Tensor>& in) { return at::sin(in[0] - in[1]); },
      [](const std::vector<at::Tensor>& in) { return at::sin(in[0] - in[1]); }};
  EXPECT_LT(term_residuals(*config.problem, periodic).at("wrap"), 1e-12);
  const Candidate not_periodic = {[](const std::vector<at::Tensor>& in) { return in[0]; },
                                  [](const std::vector<at::Tensor>& in) { return in[0]; }};
  EXPECT_NEAR(term_residuals(*config.problem, not_periodic).at("wrap"), 2 * M_PI, 1e-12);
}

TEST(FormulaConditions, UnknownFieldsAreOutputsNoEquationFixesAlone) {
  // -(a u_x)_x = f with a(x) = 1 + x an output, u observed through a condition.
  const auto config = config_of(R"yaml(  inputs: {x: [0, 1]}
  outputs: [u, a]
  equations: [-(a*u_xx + a_x*u_x) - (pi^2*(1 + x)*sin(pi*x) - pi*cos(pi*x))]
  conditions:
    u_known: {on: interior, equation: u - sin(pi*x)}
)yaml");
  const Candidate truth = {[](const std::vector<at::Tensor>& in) { return at::sin(M_PI * in[0]); },
                           [](const std::vector<at::Tensor>& in) { return 1 + in[0]; }};
  const auto r = term_residuals(*config.problem, truth);
  EXPECT_LT(r.at("residual"), 1e-12);
  EXPECT_LT(r.at("u_known"), 1e-12);
}

}  // namespace
}  // namespace pinn
