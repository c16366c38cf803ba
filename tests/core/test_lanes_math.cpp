// exp and tanh on lane batches against long double references, compiled with the
// fused kernel's flags so that the vector paths the kernel runs are the ones checked.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "solver/common/lanes.h"
#include "solver/common/lanes_math.h"

namespace pinn {
namespace {

template <class T>
using Batch = Lanes<T, 64 / sizeof(T)>;

// f applied to xs one batch at a time (the tail padded with the last value).
template <class T, class F>
std::vector<T> on_batches(const std::vector<T>& xs, F f) {
  constexpr int L = Batch<T>::kCount;
  std::vector<T> out;
  for (size_t i = 0; i < xs.size(); i += L) {
    T in[L], result[L];
    for (int l = 0; l < L; ++l) in[l] = xs[std::min(i + l, xs.size() - 1)];
    f(Batch<T>::load(in)).store(result);
    for (int l = 0; l < L && i + l < xs.size(); ++l) out.push_back(result[l]);
  }
  return out;
}

// Every magnitude from 1e-30 to 40 (dense around the series/exp switches),
// both signs, zero, and both infinities.
template <class T>
std::vector<T> tanh_arguments() {
  std::vector<T> xs = {T(0), std::numeric_limits<T>::infinity(),
                       -std::numeric_limits<T>::infinity()};
  for (double e = -30; e <= std::log10(40.0); e += 0.001) {
    xs.push_back(static_cast<T>(std::pow(10.0, e)));
    xs.push_back(-static_cast<T>(std::pow(10.0, e)));
  }
  for (double x = 0.25; x <= 0.45; x += 1e-5) xs.push_back(static_cast<T>(x));
  return xs;
}

template <class T>
double units_in_last_place(T got, long double want) {
  if (static_cast<long double>(got) == want) return 0;
  const long double ulp = std::abs(want) * std::numeric_limits<T>::epsilon();
  return static_cast<double>(std::abs(static_cast<long double>(got) - want) / ulp);
}

template <class T>
void check_tanh(double max_ulps) {
  const auto xs = tanh_arguments<T>();
  const auto got = on_batches(xs, [](const Batch<T>& x) { return lanes_math::tanh(x); });
  double worst = 0;
  T worst_x = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    const long double want = std::tanh(static_cast<long double>(xs[i]));
    const double ulps = units_in_last_place(got[i], want);
    if (ulps > worst) worst = ulps, worst_x = xs[i];
    ASSERT_FALSE(std::isnan(got[i])) << "tanh(" << xs[i] << ")";
  }
  EXPECT_LE(worst, max_ulps) << "worst at x = " << worst_x;
  // Odd, and exactly +-1 where the type saturates.
  EXPECT_EQ(on_batches<T>({T(-0.5)}, [](auto x) { return lanes_math::tanh(x); })[0],
            -on_batches<T>({T(0.5)}, [](auto x) { return lanes_math::tanh(x); })[0]);
  EXPECT_EQ(on_batches<T>({T(40)}, [](auto x) { return lanes_math::tanh(x); })[0], T(1));
}

TEST(LanesMath, TanhFloatWithinTwoUlps) { check_tanh<float>(2); }
TEST(LanesMath, TanhDoubleWithinFourUlps) { check_tanh<double>(4); }

template <class T>
void check_exp(double max_ulps) {
  std::vector<T> xs;
  for (double x = 0; x <= 80; x += 0.0137) xs.push_back(static_cast<T>(x));
  const auto got = on_batches(xs, [](const Batch<T>& x) { return lanes_math::exp_nonnegative(x); });
  for (size_t i = 0; i < xs.size(); ++i) {
    EXPECT_LE(units_in_last_place(got[i], std::exp(static_cast<long double>(xs[i]))), max_ulps)
        << "exp(" << xs[i] << ")";
  }
}

TEST(LanesMath, ExpFloatWithinTwoUlps) { check_exp<float>(2); }
TEST(LanesMath, ExpDoubleWithinTwoUlps) { check_exp<double>(2); }

TEST(LanesMath, ReciprocalToTheLastBits) {
  const std::vector<double> xs = {1.0, 1.5, 2.0, 3.0, 7.25, 1e3, 1e10, 1e30};
  const auto got = on_batches(xs, [](const Batch<double>& x) { return lanes_math::reciprocal(x); });
  for (size_t i = 0; i < xs.size(); ++i) {
    EXPECT_LE(units_in_last_place(got[i], 1.0L / xs[i]), 2) << xs[i];
  }
}

TEST(Lanes, StepIsOneAboveZeroOnly) {
  const std::vector<float> xs = {-2.f, -0.f, 0.f, 1e-30f, 3.f};
  const auto got = on_batches(xs, [](const Batch<float>& x) { return x.above_zero(); });
  EXPECT_EQ(got, (std::vector<float>{0.f, 0.f, 0.f, 1.f, 1.f}));
}

}  // namespace
}  // namespace pinn
