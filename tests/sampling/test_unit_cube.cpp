#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "solver/sampling/sobol.h"
#include "solver/sampling/unit_cube.h"

namespace pinn {
namespace {

const SamplingMethod kAllMethods[] = {SamplingMethod::Uniform, SamplingMethod::Lhs,
                                      SamplingMethod::Sobol};

TEST(UnitCube, ShapeAndRangeForEveryMethod) {
  for (SamplingMethod method : kAllMethods) {
    const std::vector<double> pts = sample_unit_cube(method, 1001, 4, 17);
    ASSERT_EQ(pts.size(), 1001u * 4) << to_string(method);
    for (double x : pts) {
      ASSERT_GE(x, 0.0) << to_string(method);
      ASSERT_LT(x, 1.0) << to_string(method);
    }
    EXPECT_TRUE(sample_unit_cube(method, 0, 3, 1).empty()) << to_string(method);
  }
}

TEST(UnitCube, LhsPutsExactlyOnePointInEveryStratumOfEveryDimension) {
  for (int64_t n : {1, 2, 3, 7, 100, 1000, 4097}) {
    const int dim = 5;
    const std::vector<double> pts = sample_unit_cube(SamplingMethod::Lhs, n, dim, 2024 + n);
    for (int d = 0; d < dim; ++d) {
      std::vector<int> count(static_cast<size_t>(n), 0);
      for (int64_t i = 0; i < n; ++i) {
        const double x = pts[static_cast<size_t>(i) * dim + d];
        const auto stratum = static_cast<int64_t>(std::floor(x * static_cast<double>(n)));
        ASSERT_GE(stratum, 0);
        ASSERT_LT(stratum, n);
        ++count[static_cast<size_t>(stratum)];
      }
      for (int64_t k = 0; k < n; ++k) ASSERT_EQ(count[k], 1) << "n=" << n << " d=" << d;
    }
  }
}

TEST(UnitCube, LhsJittersUniformlyInsideTheStratum) {
  const int64_t n = 20000;
  const std::vector<double> pts = sample_unit_cube(SamplingMethod::Lhs, n, 1, 9);
  double sum = 0.0, lo = 1.0, hi = 0.0;
  for (double x : pts) {
    const double frac = x * static_cast<double>(n) - std::floor(x * static_cast<double>(n));
    sum += frac;
    lo = std::min(lo, frac);
    hi = std::max(hi, frac);
  }
  EXPECT_NEAR(sum / static_cast<double>(n), 0.5, 0.01);
  EXPECT_LT(lo, 0.01);
  EXPECT_GT(hi, 0.99);
}

TEST(UnitCube, LhsPermutesDimensionsIndependently) {
  // Identical permutations would put every point on the diagonal strata.
  const int64_t n = 200;
  const std::vector<double> pts = sample_unit_cube(SamplingMethod::Lhs, n, 2, 5);
  int same_stratum = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (std::floor(pts[2 * i] * n) == std::floor(pts[2 * i + 1] * n)) ++same_stratum;
  }
  EXPECT_LT(same_stratum, 10);
}

TEST(UnitCube, UniformHasTheMomentsOfU01) {
  const int64_t n = 200000;
  const int dim = 3;
  const std::vector<double> pts = sample_unit_cube(SamplingMethod::Uniform, n, dim, 11);
  for (int d = 0; d < dim; ++d) {
    double sum = 0.0, sum_sq = 0.0;
    for (int64_t i = 0; i < n; ++i) {
      const double x = pts[static_cast<size_t>(i) * dim + d];
      sum += x;
      sum_sq += x * x;
    }
    const double mean = sum / n;
    const double var = sum_sq / n - mean * mean;
    // Standard errors are about 6.5e-4 (mean) and 2e-4 (variance).
    EXPECT_NEAR(mean, 0.5, 4e-3) << "dim " << d;
    EXPECT_NEAR(var, 1.0 / 12.0, 2e-3) << "dim " << d;
  }
}

TEST(UnitCube, SobolFirstPowerOfTwoPointsAreStratified) {
  const int m = 10, dim = 8;
  const int64_t n = int64_t{1} << m;
  const std::vector<double> pts = sample_unit_cube(SamplingMethod::Sobol, n, dim, 77);
  for (int d = 0; d < dim; ++d) {
    std::vector<int> count(static_cast<size_t>(n), 0);
    for (int64_t i = 0; i < n; ++i) {
      const auto c = static_cast<int64_t>(std::ldexp(pts[static_cast<size_t>(i) * dim + d], m));
      ASSERT_TRUE(c >= 0 && c < n) << "point " << i << " outside [0, 1)";
      ++count[static_cast<size_t>(c)];
    }
    for (int64_t c = 0; c < n; ++c) ASSERT_EQ(count[c], 1) << "dim " << d;
  }
}

TEST(UnitCube, SameSeedSamePointsDifferentSeedDifferentPoints) {
  for (SamplingMethod method : kAllMethods) {
    const std::vector<double> a = sample_unit_cube(method, 500, 3, 123);
    const std::vector<double> b = sample_unit_cube(method, 500, 3, 123);
    const std::vector<double> c = sample_unit_cube(method, 500, 3, 124);
    EXPECT_EQ(a, b) << to_string(method);
    ASSERT_EQ(a.size(), c.size());
    int differing = 0;
    for (size_t i = 0; i < a.size(); ++i) differing += a[i] != c[i];
    EXPECT_GT(differing, static_cast<int>(a.size()) / 2) << to_string(method);
  }
}

TEST(UnitCube, RejectsBadArguments) {
  for (SamplingMethod method : kAllMethods) {
    EXPECT_THROW(sample_unit_cube(method, -1, 2, 0), std::invalid_argument) << to_string(method);
    EXPECT_THROW(sample_unit_cube(method, 10, 0, 0), std::invalid_argument) << to_string(method);
  }
  try {
    sample_unit_cube(SamplingMethod::Sobol, 10, SobolSequence::kMaxDim + 1, 0);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(std::to_string(SobolSequence::kMaxDim + 1)),
              std::string::npos)
        << e.what();
  }
  try {
    sample_unit_cube(SamplingMethod::Lhs, -5, 2, 0);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("-5"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace pinn
