// Drawing points of shaped domains: exact counts for every method, reproducible from the
// seed, extra (time) columns in [0, 1), and domains with a shape and a time axis through
// sample_region, sample_parts and shape_normals.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "solver/sampling/region_sampler.h"
#include "tests/sampling/geometry_support.h"

namespace pinn::geometry {
namespace {

const SamplingMethod kMethods[] = {SamplingMethod::Uniform, SamplingMethod::Lhs,
                                   SamplingMethod::Sobol};

std::vector<std::pair<std::string, std::shared_ptr<const Csg>>> shapes() {
  return {
      {"poisson2d_c", std::make_shared<Csg>(testing::poisson2d_c())},
      {"box minus balls", std::make_shared<Csg>(testing::box_minus_balls())},
      {"interval", std::make_shared<Csg>(testing::leaf(std::make_shared<Box>(
                       "interval", std::vector<double>{-1}, std::vector<double>{2},
                       std::vector<std::string>{"x"})))},
      {"hypersphere", std::make_shared<Csg>(testing::leaf(std::make_shared<Hypersphere>(
                          "hypersphere", std::vector<double>(5, 0.0), 1.0)))},
  };
}

TEST(ShapeSampling, CountsAreExactForEveryMethod) {
  for (const auto& [label, csg] : shapes()) {
    for (const auto method : kMethods) {
      for (const int64_t n : {0, 1, 7, 1000, 4097}) {
        for (const int extra : {0, 1, 2}) {
          const auto width = size_t(csg->dim() + extra);
          const std::string where = label + " " + to_string(method) + " n " + std::to_string(n) +
                                    " extra " + std::to_string(extra);
          EXPECT_EQ(csg->sample_interior(n, extra, method, 3).size(), size_t(n) * width) << where;
          EXPECT_EQ(csg->sample_boundary({}, n, extra, method, 3).size(), size_t(n) * width)
              << where;
        }
      }
    }
  }
}

TEST(ShapeSampling, TheSeedDecidesThePoints) {
  for (const auto& [label, csg] : shapes()) {
    for (const auto method : kMethods) {
      const std::string where = label + " " + to_string(method);
      const auto a = csg->sample_interior(500, 1, method, 21);
      EXPECT_EQ(a, csg->sample_interior(500, 1, method, 21)) << where;
      EXPECT_NE(a, csg->sample_interior(500, 1, method, 22)) << where;
      const auto b = csg->sample_boundary({}, 500, 1, method, 21);
      EXPECT_EQ(b, csg->sample_boundary({}, 500, 1, method, 21)) << where;
      EXPECT_NE(b, csg->sample_boundary({}, 500, 1, method, 22)) << where;
    }
  }
}

TEST(ShapeSampling, ExtraColumnsAreUnitCoordinatesSpreadOverTheInterval) {
  for (const auto& [label, csg] : shapes()) {
    const int dim = csg->dim();
    for (const auto method : kMethods) {
      const int64_t n = 2000;
      for (const bool boundary : {false, true}) {
        const auto rows = boundary ? csg->sample_boundary({}, n, 2, method, 4)
                                   : csg->sample_interior(n, 2, method, 4);
        for (int e = 0; e < 2; ++e) {
          double lo = 1, hi = 0;
          for (int64_t i = 0; i < n; ++i) {
            const double t = rows[size_t(i * (dim + 2) + dim + e)];
            ASSERT_GE(t, 0);
            ASSERT_LT(t, 1);
            lo = std::min(lo, t);
            hi = std::max(hi, t);
          }
          EXPECT_LT(lo, 0.01) << label << " " << to_string(method) << " column " << e;
          EXPECT_GT(hi, 0.99) << label << " " << to_string(method) << " column " << e;
        }
      }
    }
  }
}

// Poisson2d-C with time between x and y, t in [0.5, 2].
Domain timed() {
  Domain d{{"x", "t", "y"}, {-0.5, 0.5, -0.5}, {0.5, 2, 0.5}, 1};
  d.shape = std::make_shared<Csg>(testing::poisson2d_c());
  return d;
}

TEST(ShapeSampling, RegionsOfADomainWithAShapeAndTime) {
  const auto d = timed();
  const auto& csg = static_cast<const Csg&>(*d.shape);
  const double tol = 1e-12 * csg.bounds().diameter();
  for (const auto method : kMethods) {
    const int64_t n = 1500;
    const auto interior = sample_region(d, Region::Interior, method, n, 5);
    const auto boundary = sample_region(d, Region::Boundary, method, n, 5);
    const auto initial = sample_region(d, Region::Initial, method, n, 5);
    ASSERT_EQ(interior.size(), size_t(3 * n));
    ASSERT_EQ(boundary.size(), size_t(3 * n));
    ASSERT_EQ(initial.size(), size_t(3 * n));
    double t_lo = 2, t_hi = 0;
    for (int64_t i = 0; i < n; ++i) {
      const auto row = size_t(3 * i);
      const double in[] = {interior[row], interior[row + 2]};
      const double on[] = {boundary[row], boundary[row + 2]};
      const double start[] = {initial[row], initial[row + 2]};
      ASSERT_LT(csg.signed_distance(in), 0) << to_string(method) << " interior " << i;
      ASSERT_LE(std::abs(csg.signed_distance(on)), tol) << to_string(method) << " boundary " << i;
      ASSERT_LT(csg.signed_distance(start), 0) << to_string(method) << " initial " << i;
      ASSERT_EQ(initial[row + 1], 0.5);
      for (const double t : {interior[row + 1], boundary[row + 1]}) {
        ASSERT_GE(t, 0.5);
        ASSERT_LT(t, 2);
        t_lo = std::min(t_lo, t);
        t_hi = std::max(t_hi, t);
      }
    }
    EXPECT_LT(t_lo, 0.52) << to_string(method);
    EXPECT_GT(t_hi, 1.98) << to_string(method);
  }
}

TEST(ShapeSampling, PartsAndNormalsOfADomainWithTime) {
  const auto d = timed();
  const auto& csg = static_cast<const Csg&>(*d.shape);
  const auto points = sample_parts(d, {"hole2", "square"}, SamplingMethod::Lhs, 3000, 6);
  ASSERT_EQ(points.size(), size_t(3 * 3000));
  const auto spatial = d.spatial_part(points);
  const auto owner = csg.part_of(spatial);
  const auto parts = csg.parts();
  int64_t on_hole = 0;
  for (const int p : owner) {
    ASSERT_TRUE(parts[size_t(p)] == "hole2" || parts[size_t(p)] == "square") << parts[size_t(p)];
    on_hole += parts[size_t(p)] == "hole2" ? 1 : 0;
  }
  // The hole's rim is 0.2 pi of the 4 + 0.2 pi drawn on.
  const double share = 0.2 * testing::kPi / (4 + 0.2 * testing::kPi);
  EXPECT_TRUE(testing::matches(testing::share_of(on_hole, 3000), share, 0.05));
  // Normals in the spatial columns, 0 for time, the shape's own in order.
  const auto normals = d.shape_normals(points);
  const auto expected = csg.normals(spatial);
  ASSERT_EQ(normals.size(), points.size());
  for (size_t i = 0; i < 3000; ++i) {
    EXPECT_EQ(normals[3 * i], expected[2 * i]);
    EXPECT_EQ(normals[3 * i + 1], 0.0);
    EXPECT_EQ(normals[3 * i + 2], expected[2 * i + 1]);
  }
}

TEST(ShapeSampling, AnIntervalsBoundaryIsItsTwoEnds) {
  const auto interval = shapes()[2].second;
  const auto ends = interval->sample_boundary({}, 1000, 0, SamplingMethod::Sobol, 2);
  const auto lows = std::count(ends.begin(), ends.end(), -1.0);
  EXPECT_EQ(lows + std::count(ends.begin(), ends.end(), 2.0), 1000);
  EXPECT_TRUE(testing::matches(testing::share_of(lows, 1000), 0.5, 0.05));
  const auto normals = interval->normals(ends);
  for (size_t i = 0; i < ends.size(); ++i) EXPECT_EQ(normals[i], ends[i] < 0 ? -1.0 : 1.0);
}

}  // namespace
}  // namespace pinn::geometry
