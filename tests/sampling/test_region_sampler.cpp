#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "solver/sampling/region_sampler.h"

namespace pinn {
namespace {

const SamplingMethod kAllMethods[] = {SamplingMethod::Uniform, SamplingMethod::Lhs,
                                      SamplingMethod::Sobol};

// Time in the middle so axis-order mistakes show up.
Domain x_t_y() { return Domain{{"x", "t", "y"}, {0.0, 0.5, -1.0}, {2.0, 1.5, 0.5}, 1}; }

Domain xyz() { return Domain{{"x", "y", "z"}, {0.0, 0.0, 0.0}, {1.0, 2.0, 3.0}}; }

Domain x_t() { return Domain{{"x", "t"}, {-1.0, 0.0}, {1.0, 1.0}, 1}; }

// Face index (2 * spatial index + {0 for lo, 1 for hi}) of the first spatial coordinate sitting
// exactly on a bound, or -1.
int face_of(const Domain& d, const double* p) {
  const std::vector<int> spatial = d.spatial_axes();
  for (size_t k = 0; k < spatial.size(); ++k) {
    const int a = spatial[k];
    if (p[a] == d.lo[a]) return static_cast<int>(2 * k);
    if (p[a] == d.hi[a]) return static_cast<int>(2 * k + 1);
  }
  return -1;
}

void expect_within(const Domain& d, const std::vector<double>& pts, int64_t n) {
  ASSERT_EQ(pts.size(), static_cast<size_t>(n) * d.dim());
  for (int64_t i = 0; i < n; ++i) {
    for (int a = 0; a < d.dim(); ++a) {
      const double x = pts[static_cast<size_t>(i) * d.dim() + a];
      ASSERT_GE(x, d.lo[a]) << "point " << i << " axis " << d.names[a];
      ASSERT_LE(x, d.hi[a]) << "point " << i << " axis " << d.names[a];
    }
  }
}

TEST(Region, NamesRoundTrip) {
  for (Region r : {Region::Interior, Region::Boundary, Region::Initial}) {
    EXPECT_EQ(parse_region(to_string(r)), r);
  }
  EXPECT_EQ(to_string(Region::Initial), "initial");
  EXPECT_THROW(parse_region("edge"), std::invalid_argument);
}

TEST(Region, InteriorFillsTheWholeBox) {
  const Domain d = x_t_y();
  for (SamplingMethod method : kAllMethods) {
    const int64_t n = 2000;
    const std::vector<double> pts = sample_region(d, Region::Interior, method, n, 3);
    expect_within(d, pts, n);
    // Each axis is covered from end to end, so no axis got another's bounds.
    for (int a = 0; a < d.dim(); ++a) {
      double mn = d.hi[a], mx = d.lo[a];
      for (int64_t i = 0; i < n; ++i) {
        mn = std::min(mn, pts[i * d.dim() + a]);
        mx = std::max(mx, pts[i * d.dim() + a]);
      }
      const double w = d.hi[a] - d.lo[a];
      EXPECT_LT(mn, d.lo[a] + 0.01 * w) << to_string(method) << " axis " << a;
      EXPECT_GT(mx, d.hi[a] - 0.01 * w) << to_string(method) << " axis " << a;
    }
  }
}

TEST(Region, BoundaryPointsLieOnASpatialFaceWithTimeInRange) {
  for (const Domain& d : {x_t_y(), xyz(), x_t()}) {
    for (SamplingMethod method : kAllMethods) {
      const int64_t n = 999;
      const std::vector<double> pts = sample_region(d, Region::Boundary, method, n, 8);
      expect_within(d, pts, n);
      for (int64_t i = 0; i < n; ++i) {
        ASSERT_GE(face_of(d, &pts[i * d.dim()]), 0) << to_string(method) << " point " << i;
      }
      if (d.has_time()) {
        // Time is spread over the interval, not pinned to an end.
        double mn = d.hi[d.time_axis], mx = d.lo[d.time_axis];
        for (int64_t i = 0; i < n; ++i) {
          mn = std::min(mn, pts[i * d.dim() + d.time_axis]);
          mx = std::max(mx, pts[i * d.dim() + d.time_axis]);
        }
        const double w = d.hi[d.time_axis] - d.lo[d.time_axis];
        EXPECT_LT(mn, d.lo[d.time_axis] + 0.02 * w) << to_string(method);
        EXPECT_GT(mx, d.hi[d.time_axis] - 0.02 * w) << to_string(method);
      }
    }
  }
}

// Counts per face must be within 1 of n * measure / total.
void expect_face_counts(const Domain& d, SamplingMethod method, int64_t n,
                        const std::vector<double>& measures) {
  const std::vector<double> pts = sample_region(d, Region::Boundary, method, n, 21);
  std::vector<int64_t> count(measures.size(), 0);
  for (int64_t i = 0; i < n; ++i) {
    const int f = face_of(d, &pts[i * d.dim()]);
    ASSERT_GE(f, 0);
    ++count[f];
  }
  double total = 0.0;
  for (double m : measures) total += m;
  for (size_t f = 0; f < measures.size(); ++f) {
    const double expected = static_cast<double>(n) * measures[f] / total;
    EXPECT_LE(std::abs(static_cast<double>(count[f]) - expected), 1.0)
        << to_string(method) << " face " << f << ": " << count[f] << " vs " << expected;
  }
}

TEST(Region, LhsBoundaryCountsAreProportionalToFaceMeasure) {
  // x in [0, 2], y in [-1, 0.5]: the x faces measure 1.5, the y faces 2.
  expect_face_counts(x_t_y(), SamplingMethod::Lhs, 1000, {1.5, 1.5, 2.0, 2.0});
  // Box 1 x 2 x 3: faces normal to x measure 6, to y 3, to z 2.
  expect_face_counts(xyz(), SamplingMethod::Lhs, 1234, {6, 6, 3, 3, 2, 2});
  // One spatial dimension: the two end points share equally.
  expect_face_counts(x_t(), SamplingMethod::Lhs, 101, {1, 1});
}

TEST(Region, SobolBoundaryCountsAreProportionalToFaceMeasure) {
  // The first 2^m points are stratified in the face-selecting coordinate.
  expect_face_counts(x_t_y(), SamplingMethod::Sobol, 1024, {1.5, 1.5, 2.0, 2.0});
  expect_face_counts(xyz(), SamplingMethod::Sobol, 2048, {6, 6, 3, 3, 2, 2});
}

TEST(Region, BoundaryTimeIsIndependentOfTheFace) {
  // Face choice and time come from different unit coordinates, so every face sees the whole
  // time interval with its mean in the middle.
  const Domain d = x_t_y();
  for (SamplingMethod method : kAllMethods) {
    const int64_t n = 4000;
    const std::vector<double> pts = sample_region(d, Region::Boundary, method, n, 12);
    double sum[4] = {0, 0, 0, 0};
    int64_t count[4] = {0, 0, 0, 0};
    for (int64_t i = 0; i < n; ++i) {
      const int f = face_of(d, &pts[i * 3]);
      ASSERT_GE(f, 0);
      sum[f] += pts[i * 3 + 1];
      ++count[f];
    }
    for (int f = 0; f < 4; ++f) {
      ASSERT_GT(count[f], 0);
      EXPECT_NEAR(sum[f] / static_cast<double>(count[f]), 1.0, 0.05)
          << to_string(method) << " face " << f;
    }
  }
}

TEST(Region, UniformBoundaryCountsAreRoughlyProportional) {
  const Domain d = xyz();
  const int64_t n = 60000;
  const std::vector<double> pts = sample_region(d, Region::Boundary, SamplingMethod::Uniform, n, 4);
  std::vector<int64_t> count(6, 0);
  for (int64_t i = 0; i < n; ++i) {
    const int f = face_of(d, &pts[i * 3]);
    ASSERT_GE(f, 0) << "point " << i;
    ++count[f];
  }
  const double measures[] = {6, 6, 3, 3, 2, 2};
  for (int f = 0; f < 6; ++f)
    EXPECT_NEAR(static_cast<double>(count[f]), static_cast<double>(n) * measures[f] / 22.0, 400.0)
        << "face " << f;
}

TEST(Region, InitialPointsSitOnTheFirstTimeSlice) {
  const Domain d = x_t_y();
  for (SamplingMethod method : kAllMethods) {
    const int64_t n = 500;
    const std::vector<double> pts = sample_region(d, Region::Initial, method, n, 6);
    expect_within(d, pts, n);
    double x_max = d.lo[0];
    for (int64_t i = 0; i < n; ++i) {
      ASSERT_EQ(pts[i * 3 + 1], 0.5) << to_string(method) << " point " << i;
      x_max = std::max(x_max, pts[i * 3]);
    }
    EXPECT_GT(x_max, 1.9) << to_string(method);
  }
  // A time-only domain has one initial point, repeated.
  const Domain t{{"t"}, {2.0}, {3.0}, 0};
  EXPECT_EQ(sample_region(t, Region::Initial, SamplingMethod::Lhs, 3, 1),
            (std::vector<double>{2.0, 2.0, 2.0}));
}

TEST(Region, SameSeedSamePointsDifferentSeedDifferentPoints) {
  const Domain d = x_t_y();
  for (Region r : {Region::Interior, Region::Boundary, Region::Initial}) {
    for (SamplingMethod method : kAllMethods) {
      const std::vector<double> a = sample_region(d, r, method, 300, 10);
      EXPECT_EQ(a, sample_region(d, r, method, 300, 10)) << to_string(r) << to_string(method);
      EXPECT_NE(a, sample_region(d, r, method, 300, 11)) << to_string(r) << to_string(method);
    }
  }
}

TEST(Region, RejectsBadInputs) {
  try {
    sample_region(xyz(), Region::Initial, SamplingMethod::Uniform, 10, 0);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "region 'initial' needs a time axis");
  }
  EXPECT_THROW(sample_region(x_t_y(), Region::Interior, SamplingMethod::Lhs, -1, 0),
               std::invalid_argument);
  EXPECT_THROW(
      sample_region(Domain{{"t"}, {0.0}, {1.0}, 0}, Region::Boundary, SamplingMethod::Lhs, 5, 0),
      std::invalid_argument);
  Domain bad = x_t_y();
  bad.lo[2] = 1.0;
  EXPECT_THROW(sample_region(bad, Region::Interior, SamplingMethod::Sobol, 5, 0),
               std::invalid_argument);
  EXPECT_TRUE(sample_region(x_t_y(), Region::Boundary, SamplingMethod::Sobol, 0, 0).empty());
}

TEST(Face, PointsLieOnTheLowFaceWithTheOtherAxesInRange) {
  for (const auto method : kAllMethods) {
    const auto d = x_t_y();
    const auto points = sample_face(d, 2, method, 64, 11);
    ASSERT_EQ(points.size(), 64u * 3);
    double t_min = 2, t_max = 0;
    for (size_t i = 0; i < 64; ++i) {
      EXPECT_EQ(points[i * 3 + 2], -1.0);
      EXPECT_GE(points[i * 3], 0.0);
      EXPECT_LE(points[i * 3], 2.0);
      t_min = std::min(t_min, points[i * 3 + 1]);
      t_max = std::max(t_max, points[i * 3 + 1]);
    }
    // The free axes are covered, not pinned.
    EXPECT_LT(t_min, 0.6);
    EXPECT_GT(t_max, 1.4);
  }
  // A one-input domain's face is its low end.
  EXPECT_EQ(sample_face(Domain{{"x"}, {-2.0}, {3.0}, -1}, 0, SamplingMethod::Lhs, 3, 1),
            (std::vector<double>{-2.0, -2.0, -2.0}));
  EXPECT_THROW(sample_face(xyz(), 3, SamplingMethod::Lhs, 4, 1), std::invalid_argument);
  EXPECT_THROW(sample_face(xyz(), -1, SamplingMethod::Lhs, 4, 1), std::invalid_argument);
  EXPECT_THROW(sample_face(xyz(), 0, SamplingMethod::Lhs, -1, 1), std::invalid_argument);
}

}  // namespace
}  // namespace pinn
