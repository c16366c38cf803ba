#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "solver/reference/gauss_hermite.h"

namespace pinn::reference {
namespace {

const double kSqrtPi = std::sqrt(M_PI);

TEST(GaussHermite, OnePointRule) {
  const QuadratureRule r = gauss_hermite(1);
  ASSERT_EQ(r.nodes.size(), 1);
  ASSERT_EQ(r.weights.size(), 1);
  EXPECT_NEAR(r.nodes[0], 0.0, 1e-15);
  EXPECT_NEAR(r.weights[0], kSqrtPi, 1e-15);
}

TEST(GaussHermite, TwoPointRule) {
  // Zeros of H_2 = 4x^2 - 2, equal weights sqrt(pi)/2.
  const QuadratureRule r = gauss_hermite(2);
  ASSERT_EQ(r.nodes.size(), 2);
  EXPECT_NEAR(r.nodes[0], -std::sqrt(0.5), 1e-15);
  EXPECT_NEAR(r.nodes[1], std::sqrt(0.5), 1e-15);
  EXPECT_NEAR(r.weights[0], kSqrtPi / 2, 1e-15);
  EXPECT_NEAR(r.weights[1], kSqrtPi / 2, 1e-15);
}

TEST(GaussHermite, ThreePointRule) {
  // Zeros of H_3 = 8x^3 - 12x.
  const QuadratureRule r = gauss_hermite(3);
  ASSERT_EQ(r.nodes.size(), 3);
  EXPECT_NEAR(r.nodes[0], -std::sqrt(1.5), 1e-15);
  EXPECT_NEAR(r.nodes[1], 0.0, 1e-15);
  EXPECT_NEAR(r.nodes[2], std::sqrt(1.5), 1e-15);
  EXPECT_NEAR(r.weights[0], kSqrtPi / 6, 1e-15);
  EXPECT_NEAR(r.weights[1], 2 * kSqrtPi / 3, 1e-15);
  EXPECT_NEAR(r.weights[2], kSqrtPi / 6, 1e-15);
}

class GaussHermiteExactness : public ::testing::TestWithParam<int> {};

TEST_P(GaussHermiteExactness, IntegratesMonomialsUpToDegree2nMinus1) {
  const int n = GetParam();
  const QuadratureRule r = gauss_hermite(n);
  ASSERT_EQ(r.nodes.size(), n);
  ASSERT_EQ(r.weights.size(), n);
  for (int i = 1; i < n; ++i)
    EXPECT_LT(r.nodes[i - 1], r.nodes[i]) << "nodes not ascending at " << i;
  for (int i = 0; i < n; ++i) EXPECT_GT(r.weights[i], 0.0) << "weight " << i;
  EXPECT_NEAR(r.weights.sum(), kSqrtPi, 1e-14);

  for (int k = 0; k <= 2 * n - 1; ++k) {
    // Monomials of degree up to 2n-1 (x^k can reach ~1e60 at the outer nodes for n = 60).
    double sum = 0.0;
    double abs_sum = 0.0;
    for (int i = 0; i < n; ++i) {
      const double term = r.weights[i] * std::pow(r.nodes[i], k);
      sum += term;
      abs_sum += std::abs(term);
    }
    if (k % 2 == 1) {
      // Zero exactly by symmetry; relative to the size of the terms that cancel.
      EXPECT_LE(std::abs(sum), 1e-13 * abs_sum) << "odd k = " << k << ", n = " << n;
    } else {
      const double exact = std::tgamma(0.5 * (k + 1));
      EXPECT_NEAR(sum / exact, 1.0, 1e-11) << "k = " << k << ", n = " << n;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Orders, GaussHermiteExactness, ::testing::Values(5, 20, 60));

TEST(GaussHermite, DegreeTwoNIsNotExact) {
  // Guards against a rule that is accidentally exact to higher degree (i.e. the wrong rule):
  // Gauss rules with n points miss x^{2n}.
  const int n = 5;
  const QuadratureRule r = gauss_hermite(n);
  const double sum = (r.weights.array() * r.nodes.array().pow(2 * n)).sum();
  EXPECT_GT(std::abs(sum / std::tgamma(n + 0.5) - 1.0), 1e-3);
}

TEST(GaussHermite, LargeRuleHasAccurateTailWeights) {
  // The outermost weight of the n-point rule is tiny; the Christoffel-function value
  // w = 1 / sum_k q_k(x)^2 is compared with the closed form
  // w = 2^{n-1} n! sqrt(pi) / (n^2 H_{n-1}(x)^2) computed in logs for n = 100.
  const int n = 100;
  const QuadratureRule r = gauss_hermite(n);
  const double x = r.nodes[n - 1];
  // log|H_{n-1}(x)| by the physicists' recurrence H_{k+1} = 2x H_k - 2k H_{k-1}.
  double h_prev = 1.0;
  double h = 2.0 * x;
  for (int k = 1; k < n - 1; ++k) {
    const double next = 2.0 * x * h - 2.0 * k * h_prev;
    h_prev = h;
    h = next;
  }
  const double log_w = (n - 1) * std::log(2.0) + std::lgamma(n + 1.0) + std::log(kSqrtPi) -
                       2.0 * std::log(static_cast<double>(n)) - 2.0 * std::log(std::abs(h));
  EXPECT_LT(r.weights[n - 1], 1e-40);
  EXPECT_NEAR(std::log(r.weights[n - 1]), log_w, 1e-10);
}

TEST(GaussHermite, RejectsNonPositiveN) {
  EXPECT_THROW(gauss_hermite(0), std::invalid_argument);
  EXPECT_THROW(gauss_hermite(-3), std::invalid_argument);
  try {
    gauss_hermite(0);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("n = 0"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace pinn::reference
