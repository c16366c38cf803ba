// Piecewise-linear interpolation of scattered 1-D samples (the reference of a
// regression fitted to a file of samples).

#include <gtest/gtest.h>

#include <cmath>

#include "solver/reference/interpolation.h"

namespace pinn::reference {
namespace {

TEST(Interpolation, ExactOnLinesAndAtSamples) {
  const std::vector<double> xs = {0.3, -1.0, 2.0, 0.0};  // unordered on purpose
  std::vector<double> ys;
  for (double x : xs) ys.push_back(2 * x - 1);
  const std::vector<double> at = {-1.0, -0.4, 0.0, 0.1, 0.3, 1.7, 2.0};
  const auto out = interpolate_linear(xs, ys, at);
  ASSERT_EQ(out.size(), at.size());
  for (size_t i = 0; i < at.size(); ++i) EXPECT_NEAR(out[i], 2 * at[i] - 1, 1e-15) << at[i];
}

TEST(Interpolation, FlatBeyondTheSamplesAndSecondOrderInside) {
  EXPECT_EQ(interpolate_linear({0, 1}, {5, 7}, {-3, 4}), (std::vector<double>{5, 7}));
  // Error of linear interpolation of sin on a uniform grid falls 4x when h halves.
  auto max_error = [](int n) {
    std::vector<double> xs, ys, at;
    for (int i = 0; i <= n; ++i) {
      xs.push_back(3.0 * i / n);
      ys.push_back(std::sin(xs.back()));
    }
    for (int i = 0; i < 1000; ++i) at.push_back(3.0 * (i + 0.5) / 1000);
    const auto out = interpolate_linear(xs, ys, at);
    double worst = 0;
    for (size_t i = 0; i < at.size(); ++i)
      worst = std::max(worst, std::abs(out[i] - std::sin(at[i])));
    return worst;
  };
  const double ratio = max_error(20) / max_error(40);
  EXPECT_GT(ratio, 3.8);
  EXPECT_LT(ratio, 4.2);
}

TEST(Interpolation, AJumpSampledOnBothSidesStaysSharp) {
  // u = 0 left of x = 0 and 1 from it on, sampled twice at the jump.
  const std::vector<double> xs = {-1, 0, 0, 1};
  const std::vector<double> ys = {0, 0, 1, 1};
  const auto out = interpolate_linear(xs, ys, {-0.5, -1e-9, 0.0, 1e-9, 0.5});
  EXPECT_EQ(out, (std::vector<double>{0, 0, 1, 1, 1}));
}

TEST(Interpolation, RejectsMismatchedInput) {
  EXPECT_THROW(interpolate_linear({}, {}, {0.0}), std::invalid_argument);
  EXPECT_THROW(interpolate_linear({0.0, 1.0}, {1.0}, {0.0}), std::invalid_argument);
}

}  // namespace
}  // namespace pinn::reference
