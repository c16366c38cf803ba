// The scalars tau and phi of each update against a hand computation, and the
// updated H against the formula written out densely: secant equation, symmetry,
// and the product H+ g+ the minimiser takes without another pass over H.

#include <gtest/gtest.h>

#include <cmath>

#include "solver/optim/quasi_newton_update.h"

namespace pinn::optim {
namespace {

TEST(QuasiNewtonUpdate, NamesRoundTrip) {
  for (const auto& name : quasi_newton_update_names()) {
    EXPECT_EQ(to_string(parse_quasi_newton_update(name)), name);
  }
  EXPECT_THROW(parse_quasi_newton_update("dfp"), std::invalid_argument);
}

TEST(QuasiNewtonUpdate, BfgsAndSelfScaledBfgs) {
  const auto bfgs = update_scaling(QuasiNewtonUpdate::Bfgs, 3.0, 2.0, 10);
  EXPECT_EQ(bfgs.tau, 1.0);
  EXPECT_EQ(bfgs.phi, 1.0);
  // tau = min(1, 1/b).
  EXPECT_DOUBLE_EQ(update_scaling(QuasiNewtonUpdate::SsBfgs, 4.0, 2.0, 10).tau, 0.25);
  EXPECT_EQ(update_scaling(QuasiNewtonUpdate::SsBfgs, 0.5, 2.0, 10).tau, 1.0);
  EXPECT_EQ(update_scaling(QuasiNewtonUpdate::SsBfgs, 4.0, 2.0, 10).phi, 1.0);
}

TEST(QuasiNewtonUpdate, SelfScaledBroydenNegativeTheta) {
  // b = 2, h = 1.5, P = 3: a = 2, c = sqrt(2/3), rho- = 1.5 (1 - sqrt(2/3)) = 0.27526,
  // theta- = (rho- - 1) / 2 = -0.36237, theta+ = 3.633, (1 - b)/b = -0.5, so
  // theta = max(-0.36237, min(3.633, -0.5)) = -0.36237; sigma = 1 + a theta = rho-;
  // rhobar = 1/2; theta <= 0: tau = min(0.5 sigma^(-1/2), sigma) = sigma;
  // phi = (1 - theta) / sigma.
  const double rho_minus = 1.5 * (1 - std::sqrt(2.0 / 3.0));
  const double theta = (rho_minus - 1) / 2;
  const auto s = update_scaling(QuasiNewtonUpdate::SsBroyden, 2.0, 1.5, 3);
  EXPECT_NEAR(s.theta, theta, 1e-15);
  EXPECT_NEAR(s.theta, -0.3623724356957945, 1e-15);
  EXPECT_NEAR(s.tau, rho_minus, 1e-15);
  EXPECT_NEAR(s.phi, (1 - theta) / rho_minus, 1e-13);
  EXPECT_NEAR(s.phi, 4.949489742783178, 1e-13);
}

TEST(QuasiNewtonUpdate, SelfScaledBroydenPositiveTheta) {
  // b = 0.5, h = 3, P = 4: a = 0.5, c = sqrt(1/3), rho- = min(1, 3 (1 - c)) = 1,
  // theta- = 0, theta+ = 1, (1 - b)/b = 1, so theta = 1; sigma = 1.5; rhobar = 1;
  // theta > 0: tau = min(1.5^(-1/3), 1/theta) = 1.5^(-1/3); phi = 0.
  const auto s = update_scaling(QuasiNewtonUpdate::SsBroyden, 0.5, 3.0, 4);
  EXPECT_DOUBLE_EQ(s.theta, 1.0);
  EXPECT_NEAR(s.tau, std::pow(1.5, -1.0 / 3.0), 1e-15);
  EXPECT_NEAR(s.tau, 0.8735804647362989, 1e-15);
  EXPECT_EQ(s.phi, 0.0);
}

TEST(QuasiNewtonUpdate, SelfScaledBroydenWhenYAndBsAreParallel) {
  // b h = 1 (a = 0): the family collapses onto self-scaled BFGS, tau = min(1, 1/b).
  const auto s = update_scaling(QuasiNewtonUpdate::SsBroyden, 2.0, 0.5, 5);
  EXPECT_DOUBLE_EQ(s.tau, 0.5);
  EXPECT_TRUE(std::isfinite(s.phi));
}

TEST(InverseHessian, ScaleAndAddMatchesTheDenseFormulaOnEveryThreadCount) {
  const Eigen::Index n = 300;  // above the size where the loops go parallel
  Eigen::MatrixXd a = Eigen::MatrixXd::Random(n, n);
  const Eigen::MatrixXd h0 = a * a.transpose() / n + Eigen::MatrixXd::Identity(n, n);
  const Eigen::VectorXd u1 = Eigen::VectorXd::Random(n), u2 = Eigen::VectorXd::Random(n),
                        u3 = Eigen::VectorXd::Random(n), v = Eigen::VectorXd::Random(n);
  const Eigen::MatrixXd expected =
      0.7 * h0 - 0.3 * u1 * u1.transpose() + 1.2 * u2 * u2.transpose() + 0.5 * u3 * u3.transpose();
  for (const int threads : {1, 2, 3}) {
    InverseHessian h(n, threads);
    h.matrix() = h0;
    h.scale_and_add(0.7, -0.3, u1, 1.2, u2, 0.5, u3);
    EXPECT_LT((h.matrix() - expected).cwiseAbs().maxCoeff(), 1e-13) << threads << " threads";
    Eigen::VectorXd product;
    h.multiply(v, product);
    EXPECT_LT((product - expected * v).cwiseAbs().maxCoeff(), 1e-12) << threads << " threads";
  }
}

}  // namespace
}  // namespace pinn::optim
