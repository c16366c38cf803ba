// Every other shipped compiled module written as formulas: each formula problem below
// takes the shipped config's network, points and seed, names its loss terms as the module
// does and in the same order (points are drawn per term index), and writes every residual
// in the module's order of evaluation (a*b*c is (a*b)*c, not a*(b*c)), so that losses and
// gradients agree to rounding. What no formula can say is the references that need a
// numerical solver (Poisson's unit source, Allen-Cahn, Schrödinger, variable diffusion) or
// are profiles (the cavity's Ghia lines): the twins compare loss terms only.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/formula_problem/twins.h"

namespace pinn {
namespace {

// The twin of the shipped compiled config `file`, its problem given by `problem_yaml`;
// `compiled` overrides apply to the compiled module's problem section only.
void expect_twin(const std::string& file, const std::string& problem_yaml,
                 const std::vector<std::string>& overrides,
                 const std::vector<std::string>& compiled = {}) {
  SCOPED_TRACE(file);
  twins::expect_twins(
      [&](std::vector<std::string> o) {
        o.insert(o.begin(), compiled.begin(), compiled.end());
        return twins::load(file, o);
      },
      [&](const std::vector<std::string>& o) {
        return twins::load_with_problem(file, problem_yaml, o);
      },
      overrides);
}

// -u'' = f, f = dim k^2 pi^2 u_exact: the module multiplies dim k^2 pi^2 (one constant)
// by the product of the sines.
TEST(FormulaTwins, Poisson1dSine) {
  expect_twin("poisson_1d.yaml", R"(
problem:
  inputs: {x: [0, 1]}
  parameters: {k: 4}
  functions:
    exact: sin(k*pi*x)
  equations: [-laplacian(u) - 1*k*k*pi*pi*exact]
  conditions:
    boundary: {on: boundary, equation: u - exact}
)",
              {"sampling.residual.points=200"});
}

TEST(FormulaTwins, Poisson2dSine) {
  expect_twin("poisson_2d.yaml", R"(
problem:
  inputs: {x: [0, 1], y: [0, 1]}
  parameters: {k: 2}
  functions:
    exact: sin(k*pi*x)*sin(k*pi*y)
  equations: [-laplacian(u) - 2*k*k*pi*pi*exact]
  conditions:
    boundary: {on: boundary, equation: u - exact}
)",
              {"sampling.residual.points=200", "sampling.boundary.points=60"});
}

// The shipped 3-D config has the unit source (its reference is a finite-difference solve);
// the sine case is its manufactured twin.
TEST(FormulaTwins, Poisson3dUnitSourceAndSine) {
  expect_twin("poisson_3d.yaml", R"(
problem:
  inputs: {x: [0, 1], y: [0, 1], z: [0, 1]}
  equations: [-laplacian(u) - 1]
  conditions:
    boundary: {on: boundary, equation: u}
)",
              {"sampling.residual.points=200", "sampling.boundary.points=60"});
  expect_twin("poisson_3d.yaml", R"(
problem:
  inputs: {x: [0, 1], y: [0, 1], z: [0, 1]}
  parameters: {k: 1}
  functions:
    exact: sin(k*pi*x)*sin(k*pi*y)*sin(k*pi*z)
  equations: [-(u_xx + u_yy + u_zz) - 3*k*k*pi*pi*exact]
  conditions:
    boundary: {on: boundary, equation: u - exact}
)",
              {"sampling.residual.points=200", "sampling.boundary.points=60"},
              {"problem.case=sine"});
}

// u_xx + u_yy + k^2 u = q with q = 2 pi (cos sin + sin cos) + (k^2 - 2 pi^2) u_exact.
TEST(FormulaTwins, Helmholtz) {
  expect_twin("helmholtz.yaml", R"(
problem:
  inputs: {x: [-1, 1], y: [-1, 1]}
  parameters: {k: 1}
  functions:
    exact: (x + y)*sin(pi*x)*sin(pi*y)
    q: 2*pi*(cos(pi*x)*sin(pi*y) + sin(pi*x)*cos(pi*y)) + (k*k - 2*pi*pi)*exact
  equations: [u_xx + u_yy + k*k*u - q]
  conditions:
    boundary: {on: boundary, equation: u - exact}
)",
              {"sampling.residual.points=200", "sampling.boundary.points=60"});
}

// The forcing is written with the module's coefficients; beta = 0 multiplies (x * 0 is not
// folded away, as the module's product is not).
TEST(FormulaTwins, KleinGordon) {
  expect_twin("klein_gordon.yaml", R"(
problem:
  inputs: {x: [-1, 1], t: [0, 1]}
  time: t
  parameters: {alpha: -1, beta: 0, gamma: 1}
  functions:
    exact: x*cos(t)
  equations:
    - u_tt + alpha*u_xx + beta*u + gamma*u^2 - (-exact + beta*exact + gamma*exact^2)
  conditions:
    initial: {on: initial, equation: u - exact}
    initial_velocity: {on: initial, equation: u_t - (-x)*sin(t)}
    boundary: {on: boundary, equation: u - exact}
)",
              {"sampling.residual.points=200", "sampling.initial.points=30",
               "sampling.initial_velocity.points=30", "sampling.boundary.points=30"});
}

// network.periodic [x] in the shipped config: the periodic term checks a network that is
// periodic by construction, and is still compared.
TEST(FormulaTwins, AllenCahn) {
  expect_twin("allen_cahn.yaml", R"(
problem:
  inputs: {x: [-1, 1], t: [0, 1]}
  time: t
  parameters: {D: 1.0e-4, a: 5, b: 5}
  equations: [u_t - D*u_xx + b*u*u*u - a*u]
  conditions:
    initial: {on: initial, equation: u - x*x*cos(pi*x)}
    periodic: {periodic: x, derivatives: 1}
)",
              {"sampling.residual.points=200", "sampling.initial.points=30",
               "sampling.periodic.points=20"});
}

// Without network.periodic the periodic term is not zero by construction.
TEST(FormulaTwins, AllenCahnWithoutPeriodicFeatures) {
  expect_twin("allen_cahn.yaml", R"(
problem:
  inputs: {x: [-1, 1], t: [0, 1]}
  time: t
  parameters: {D: 1.0e-4, a: 5, b: 5}
  equations: [u_t - D*u_xx + b*u*u*u - a*u]
  conditions:
    initial: {on: initial, equation: u - x*x*cos(pi*x)}
    periodic: {periodic: x, derivatives: 1}
)",
              {"network.periodic=[]", "sampling.residual.points=200", "sampling.initial.points=30",
               "sampling.periodic.points=20"});
}

// h = u + i v: two outputs, two residual columns, the initial condition on both, and the
// periodic term's columns (u, u_x, v, v_x) in the module's order.
TEST(FormulaTwins, Schrodinger) {
  const std::string problem = R"(
problem:
  inputs: {x: [-5, 5], t: [0, 1.5707963267948966]}
  time: t
  outputs: [u, v]
  equations:
    - "-v_t + 0.5*u_xx + (u*u + v*v)*u"
    - "u_t + 0.5*v_xx + (u*u + v*v)*v"
  conditions:
    initial: {on: initial, equation: [u - 2/cosh(x), v]}
    periodic: {periodic: x, derivatives: 1}
)";
  const std::vector<std::string> small = {
      "sampling.residual.points=200", "sampling.initial.points=30", "sampling.periodic.points=20"};
  expect_twin("schrodinger.yaml", problem, small);
  auto aperiodic = small;
  aperiodic.push_back("network.periodic=[]");
  expect_twin("schrodinger.yaml", problem, aperiodic);
}

// The forward problem of the shipped inverse config: alpha given. The box is
// [-1/sqrt 2, 1/sqrt 2]^2, written as the shortest decimals of the module's doubles.
TEST(FormulaTwins, VariableDiffusion) {
  expect_twin("variable_diffusion_inverse.yaml", R"(
problem:
  inputs: {x: [-0.7071067811865475, 0.7071067811865475],
           y: [-0.7071067811865475, 0.7071067811865475]}
  parameters: {alpha: 0.5}
  equations: [(1 + alpha*x)*(u_xx + u_yy) + alpha*u_x + x + y]
  conditions:
    boundary: {on: boundary, equation: u - cos(pi*x)*cos(pi*y)}
)",
              {"unknowns=~", "observations=~", "sampling.residual.points=200",
               "sampling.boundary.points=60"});
}

// The lid-driven cavity: u = 1 on the lid y = 1 and 0 on the other walls is one boundary
// term, as in the module (a face condition on y_max would be a term of its own).
TEST(FormulaTwins, Cavity) {
  expect_twin("cavity.yaml", R"(
problem:
  inputs: {x: [0, 1], y: [0, 1]}
  outputs: [u, v, p]
  parameters: {Re: 100}
  equations:
    momentum_x: u*u_x + v*u_y + p_x - (u_xx + u_yy)/Re
    momentum_y: u*v_x + v*v_y + p_y - (v_xx + v_yy)/Re
    continuity: u_x + v_y
  conditions:
    boundary: {on: boundary, equation: [u - (y == 1), v]}
)",
              {"sampling.residual.points=200", "sampling.boundary.points=80"});
}

}  // namespace
}  // namespace pinn
