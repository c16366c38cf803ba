// RAD's weights and its weighted draw without replacement: deterministic for a
// seed, distinct indices, frequencies proportional to the weights.

#include <gtest/gtest.h>

#include <set>

#include "solver/sampling/residual_adaptive.h"

namespace pinn {
namespace {

TEST(ResidualAdaptive, WeightsAreNormalisedPowersPlusC) {
  const auto w = rad_weights({1.0, -2.0, 3.0}, 2.0, 0.5);
  // |r|^2 = 1, 4, 9 with mean 14/3.
  EXPECT_DOUBLE_EQ(w[0], 3.0 / 14 + 0.5);
  EXPECT_DOUBLE_EQ(w[1], 12.0 / 14 + 0.5);
  EXPECT_DOUBLE_EQ(w[2], 27.0 / 14 + 0.5);
  EXPECT_EQ(rad_weights({0.0, 0.0}, 1.0, 1.0), (std::vector<double>{1.0, 1.0}));
}

TEST(ResidualAdaptive, DrawIsDeterministicDistinctAndSorted) {
  std::vector<double> w(1000);
  for (size_t i = 0; i < w.size(); ++i) w[i] = 1.0 + double(i % 7);
  const auto a = draw_weighted(w, 300, 42);
  EXPECT_EQ(a, draw_weighted(w, 300, 42));
  EXPECT_NE(a, draw_weighted(w, 300, 43));
  EXPECT_EQ(std::set<int64_t>(a.begin(), a.end()).size(), 300u);
  EXPECT_TRUE(std::is_sorted(a.begin(), a.end()));
  EXPECT_EQ(draw_weighted(w, 1000, 1).size(), 1000u);  // all of them
  EXPECT_THROW(draw_weighted(w, 1001, 1), std::invalid_argument);
  EXPECT_THROW(draw_weighted({1.0, 0.0}, 2, 1), std::invalid_argument);  // zero weight: never
}

TEST(ResidualAdaptive, SmallDrawsFollowTheWeights) {
  // Two halves, weights 1 and 9: a draw of 2% picks about 90% from the heavy half.
  std::vector<double> w(100000, 1.0);
  for (size_t i = w.size() / 2; i < w.size(); ++i) w[i] = 9.0;
  const auto chosen = draw_weighted(w, 2000, 7);
  const auto heavy = std::count_if(chosen.begin(), chosen.end(),
                                   [&](int64_t i) { return i >= int64_t(w.size() / 2); });
  EXPECT_NEAR(double(heavy) / 2000.0, 0.9, 0.02);
}

}  // namespace
}  // namespace pinn
