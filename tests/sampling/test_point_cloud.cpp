// The point cloud domain: draws from the stored points, normals and parts of the nearest
// boundary point, inside and outside by the nearest point, on a disk written as points and
// on the shipped bracket.

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "solver/geometry/point_cloud.h"
#include "solver/sampling/unit_cube.h"

namespace pinn::geometry {
namespace {

constexpr double kPi = 3.14159265358979323846;

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

#define EXPECT_HAS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)

// The unit disk as a mesher would write it: interior points on a jittered grid of spacing h
// kept h/2 away from the rim, and `rim` evenly spaced boundary points with radial normals,
// the upper half part "top" and the lower "bottom".
PointCloud disk_cloud(double h, int rim) {
  std::vector<double> interior;
  const auto jitter = sample_unit_cube(SamplingMethod::Uniform, 4096 * 16, 2, 5);
  size_t next = 0;
  for (double x = -1; x < 1; x += h) {
    for (double y = -1; y < 1; y += h) {
      const double px = x + h * jitter[next], py = y + h * jitter[next + 1];
      next = (next + 2) % jitter.size();
      if (std::hypot(px, py) < 1 - h / 2) interior.insert(interior.end(), {px, py});
    }
  }
  BoundaryRows boundary;
  boundary.parts = {"top", "bottom"};
  for (int k = 0; k < rim; ++k) {
    const double angle = 2 * kPi * (k + 0.5) / rim;
    const double c = std::cos(angle), s = std::sin(angle);
    boundary.points.insert(boundary.points.end(), {c, s});
    boundary.normals.insert(boundary.normals.end(), {c, s});
    boundary.part.push_back(s > 0 ? 0 : 1);
  }
  return PointCloud(2, std::move(interior), std::move(boundary), "'disk interior'", "'disk rim'");
}

// The rows of `points` (width columns, the first 2 a point) as a set of points.
std::set<std::pair<double, double>> rows(const std::vector<double>& points, int width) {
  std::set<std::pair<double, double>> set;
  for (size_t i = 0; i < points.size(); i += size_t(width)) set.insert({points[i], points[i + 1]});
  return set;
}

TEST(PointCloud, DrawsExactlyNDistinctStoredPointsReproducibly) {
  const auto cloud = disk_cloud(0.05, 400);
  const auto stored = rows(cloud.interior_points(), 2);
  const auto n_stored = int64_t(cloud.interior_points().size() / 2);
  ASSERT_GT(n_stored, 1000);
  for (const auto method : {SamplingMethod::Uniform, SamplingMethod::Lhs, SamplingMethod::Sobol}) {
    const auto a = cloud.sample_interior(700, 0, method, 42);
    ASSERT_EQ(a.size(), 1400u);
    EXPECT_EQ(a, cloud.sample_interior(700, 0, method, 42));
    EXPECT_NE(a, cloud.sample_interior(700, 0, method, 43));
    const auto drawn = rows(a, 2);
    EXPECT_EQ(drawn.size(), 700u);  // distinct
    for (const auto& p : drawn) EXPECT_TRUE(stored.count(p));
  }
  // All of them: every stored point once, in a shuffled order.
  const auto all = cloud.sample_interior(n_stored, 0, SamplingMethod::Uniform, 1);
  EXPECT_EQ(rows(all, 2), stored);
  EXPECT_NE(all, cloud.interior_points());
  EXPECT_TRUE(cloud.sample_interior(0, 1, SamplingMethod::Lhs, 1).empty());
  EXPECT_EQ(error_of([&] { cloud.sample_interior(n_stored + 1, 0, SamplingMethod::Lhs, 1); }),
            "cannot draw " + std::to_string(n_stored + 1) +
                " distinct interior points (with 0 extra coordinates) from 'disk interior': it "
                "holds " +
                std::to_string(n_stored) + "; ask for at most that many, or write more points");
  EXPECT_HAS(error_of([&] { cloud.sample_interior(-1, 0, SamplingMethod::Lhs, 1); }),
             "cannot draw -1 distinct interior points");
}

TEST(PointCloud, EveryStoredPointIsEquallyLikely) {
  BoundaryRows edge;
  edge.parts = {"ends"};
  edge.points = {0, 0, 10, 0};
  edge.normals = {-1, 0, 1, 0};
  edge.part = {0, 0};
  std::vector<double> interior;
  for (int i = 1; i <= 9; ++i) interior.insert(interior.end(), {double(i), 0.5 * (i % 2)});
  const PointCloud cloud(2, interior, edge, "'line'", "'ends'");
  std::vector<int> count(10, 0);
  const int seeds = 3000;
  for (int seed = 0; seed < seeds; ++seed) {
    for (const auto& p : rows(cloud.sample_interior(3, 0, SamplingMethod::Uniform, seed), 2)) {
      ++count[size_t(p.first)];
    }
  }
  // 3 of 9: each point in a third of the draws, 1000 +- 26 (one sigma).
  for (int i = 1; i <= 9; ++i) EXPECT_NEAR(count[size_t(i)], 1000, 110) << i;
}

TEST(PointCloud, ExtraColumnsFollowTheMethod) {
  const auto cloud = disk_cloud(0.05, 400);
  const auto stored = rows(cloud.interior_points(), 2);
  const int64_t n = 500;
  const auto a = cloud.sample_interior(n, 1, SamplingMethod::Lhs, 9);
  ASSERT_EQ(a.size(), size_t(3 * n));
  std::vector<int> stratum(size_t(n), 0);
  for (int64_t i = 0; i < n; ++i) {
    EXPECT_TRUE(stored.count({a[size_t(3 * i)], a[size_t(3 * i + 1)]}));
    const double t = a[size_t(3 * i + 2)];
    ASSERT_GE(t, 0);
    ASSERT_LT(t, 1);
    ++stratum[size_t(t * double(n))];
  }
  for (const int c : stratum) EXPECT_EQ(c, 1);  // Latin hypercube: one time per stratum
  // The points are those drawn without the extra columns.
  const auto plain = cloud.sample_interior(n, 0, SamplingMethod::Lhs, 9);
  for (int64_t i = 0; i < n; ++i) EXPECT_EQ(plain[size_t(2 * i)], a[size_t(3 * i)]);
  const auto b = cloud.sample_boundary({"top"}, 100, 2, SamplingMethod::Sobol, 3);
  ASSERT_EQ(b.size(), 400u);
  for (size_t i = 0; i < 100; ++i) {
    EXPECT_GT(b[4 * i + 1], 0);  // on the upper half
    for (const size_t e : {4 * i + 2, 4 * i + 3}) EXPECT_TRUE(b[e] >= 0 && b[e] < 1);
  }
}

TEST(PointCloud, BoundaryDrawsComeFromTheChosenParts) {
  const auto cloud = disk_cloud(0.05, 400);
  const auto top = cloud.sample_boundary({"top"}, 200, 0, SamplingMethod::Uniform, 4);
  EXPECT_EQ(rows(top, 2).size(), 200u);
  for (const int p : cloud.part_of(top)) EXPECT_EQ(p, 0);
  EXPECT_EQ(top, cloud.sample_boundary({"top"}, 200, 0, SamplingMethod::Uniform, 4));
  const auto both = cloud.sample_boundary({}, 400, 0, SamplingMethod::Uniform, 4);
  EXPECT_EQ(rows(both, 2), rows(cloud.boundary_points().points, 2));
  EXPECT_EQ(rows(cloud.sample_boundary({"bottom", "top"}, 400, 0, SamplingMethod::Lhs, 4), 2),
            rows(both, 2));
  EXPECT_EQ(error_of([&] { cloud.sample_boundary({"top"}, 201, 0, SamplingMethod::Lhs, 1); }),
            "cannot draw 201 distinct points of part top (with 0 extra coordinates) from 'disk "
            "rim': it holds 200; ask for at most that many, or write more points");
  EXPECT_EQ(error_of([&] { cloud.sample_boundary({"side"}, 1, 0, SamplingMethod::Lhs, 1); }),
            "'side' is not a part of the domain's boundary; parts: top, bottom");
}

TEST(PointCloud, NormalsAndPartsOfStoredPointsAreTheStoredOnes) {
  const auto cloud = disk_cloud(0.05, 400);
  const auto& b = cloud.boundary_points();
  EXPECT_EQ(cloud.normals(b.points), b.normals);
  EXPECT_EQ(cloud.part_of(b.points), b.part);
  // Off the rim, the nearest point's: a point at angle 0.3 rad, inside and outside.
  const int k = int(std::floor(0.3 / (2 * kPi) * 400));  // the rim point at or below 0.3 rad
  const std::vector<double> near = {0.97 * std::cos(0.3), 0.97 * std::sin(0.3),
                                    1.02 * std::cos(0.3), 1.02 * std::sin(0.3)};
  const double a = std::abs(2 * kPi * (k + 0.5) / 400 - 0.3) < kPi / 400 ? k : k - 1;
  const auto n = cloud.normals(near);
  EXPECT_EQ(n[0], b.normals[size_t(2 * a)]);
  EXPECT_EQ(n[3], b.normals[size_t(2 * a + 1)]);
  EXPECT_EQ(cloud.part_of({0.5, -0.9}), std::vector<int>{1});
  EXPECT_HAS(error_of([&] { cloud.normals({1, 2, 3}); }), "3 coordinates are not whole points");
}

TEST(PointCloud, ContainsAgreesWithTheDiskAwayFromTheRim) {
  const double h = 0.04;
  const auto cloud = disk_cloud(h, 400);
  // Stored points are inside.
  for (const char c : cloud.contains(cloud.interior_points())) ASSERT_EQ(c, 1);
  for (const char c : cloud.contains(cloud.boundary_points().points)) ASSERT_EQ(c, 1);
  // Points of [-1.5, 1.5]^2 farther than h from the rim.
  auto probe = sample_unit_cube(SamplingMethod::Uniform, 20000, 2, 11);
  std::vector<double> kept;
  for (size_t i = 0; i < probe.size(); i += 2) {
    const double x = 3 * probe[i] - 1.5, y = 3 * probe[i + 1] - 1.5;
    if (std::abs(std::hypot(x, y) - 1) > h) kept.insert(kept.end(), {x, y});
  }
  const auto inside = cloud.contains(kept);
  int64_t in = 0;
  for (size_t i = 0; i < inside.size(); ++i) {
    const bool truth = std::hypot(kept[2 * i], kept[2 * i + 1]) < 1;
    ASSERT_EQ(bool(inside[i]), truth) << kept[2 * i] << ", " << kept[2 * i + 1];
    in += truth;
  }
  EXPECT_GT(in, 5000);  // both kinds were probed
  EXPECT_LT(in, int64_t(inside.size()) - 5000);
  // Just in front of a stored boundary point, and just behind it.
  const double c = std::cos(kPi / 400), s = std::sin(kPi / 400);
  EXPECT_EQ(cloud.contains({1.001 * c, 1.001 * s, 0.999 * c, 0.999 * s}),
            (std::vector<char>{0, 1}));
  EXPECT_EQ(cloud.contains({NAN, 0, 0, 7}), (std::vector<char>{0, 0}));
}

TEST(PointCloud, RefusesCloudsThatDescribeNoDomain) {
  BoundaryRows ends;
  ends.parts = {"a", "b"};
  ends.points = {0, 0, 1, 0};
  ends.normals = {-1, 0, 1, 0};
  ends.part = {0, 1};
  EXPECT_EQ(error_of([&] {
              PointCloud(2, {0.5, 0}, ends, "'i'", "'b'");
            }),
            "the points of 'i' and 'b' all have coordinate 2 = 0: a domain needs an extent along "
            "every axis");
  auto flipped = ends;
  flipped.normals = {1, 0, 1, 0};
  EXPECT_EQ(error_of([&] {
              PointCloud(2, {0.5, 0.1, 0.5, -0.1}, flipped, "'i'", "'b'");
            }),
            "boundary part 'a' of 'b': at 1 of its 1 points the nearest interior point lies "
            "ahead of the normal; normals must point out of the domain (on a hole's rim, into "
            "the hole)");
  auto unused = ends;
  unused.parts.push_back("c");
  EXPECT_HAS(error_of([&] {
               PointCloud(2, {0.5, 0.1}, unused, "'i'", "'b'");
             }),
             "boundary part 'c' of 'b' has no point");
  auto ragged = ends;
  ragged.normals.pop_back();
  EXPECT_HAS(error_of([&] {
               PointCloud(2, {0.5, 0.1}, ragged, "'i'", "'b'");
             }),
             "got 4 coordinates, 3 normal components and 2 labels");
  EXPECT_HAS(error_of([&] { PointCloud(2, {}, ends, "'i'", "'b'"); }),
             "the interior points of 'i' must be whole rows of 2 coordinates, at least one");
}

TEST(PointCloud, TheShippedBracket) {
  const std::string data = std::string(PINN_SOURCE_DIR) + "/configs/data/";
  const auto cloud =
      read_point_cloud(data + "bracket_interior.txt", data + "bracket_boundary.txt", 2);
  EXPECT_EQ(cloud->parts(), (std::vector<std::string>{"clamp", "free", "load", "bolt"}));
  EXPECT_EQ(cloud->bounds().lo, (std::vector<double>{0, 0}));
  EXPECT_EQ(cloud->bounds().hi, (std::vector<double>{2, 2}));
  // In an arm, in the notch between the arms, in the bolt hole, beyond the load face.
  EXPECT_EQ(cloud->contains({1.5, 0.3, 0.3, 1.2, 1.5, 1.5, 0.3, 1.6, 2.001, 0.3}),
            (std::vector<char>{1, 1, 0, 0, 0}));
  EXPECT_EQ(cloud->part_of({0, 1, 2, 0.3, 0.3, 1.75, 1, 0.6}), (std::vector<int>{0, 2, 3, 1}));
  const auto n = cloud->normals({0.3, 1.75, 2, 0.3});
  EXPECT_NEAR(n[1], -1, 1e-3);  // on the hole's rim: into the hole
  EXPECT_EQ(n[2], 1);
  EXPECT_EQ(cloud->sample_boundary({"clamp"}, 200, 0, SamplingMethod::Lhs, 1).size(), 400u);
}

// The k-d tree against a search of every point: random points in 3-D, and a grid written
// twice, where most queries are equally near several points and the first given must win.
TEST(NearestPoint, AgreesWithExhaustiveSearchTiesIncluded) {
  const auto brute = [](const std::vector<double>& points, int dim, const double* x) {
    NearestPoint::Hit best{-1, INFINITY};
    for (size_t r = 0; r * size_t(dim) < points.size(); ++r) {
      double d2 = 0;
      for (int a = 0; a < dim; ++a) d2 += std::pow(points[r * size_t(dim) + size_t(a)] - x[a], 2);
      if (d2 < best.distance2) best = {int64_t(r), d2};
    }
    return best;
  };
  const auto random = sample_unit_cube(SamplingMethod::Uniform, 3000, 3, 1);
  const NearestPoint tree(random, 3);
  const auto queries = sample_unit_cube(SamplingMethod::Uniform, 2000, 3, 2);
  for (size_t q = 0; q < queries.size(); q += 3) {
    const auto hit = tree.nearest(&queries[q]);
    const auto want = brute(random, 3, &queries[q]);
    ASSERT_EQ(hit.index, want.index);
    ASSERT_EQ(hit.distance2, want.distance2);
  }
  std::vector<double> grid;
  for (int copy = 0; copy < 2; ++copy) {
    for (int i = 0; i < 30; ++i) {
      for (int j = 0; j < 30; ++j) grid.insert(grid.end(), {double(i), double(j)});
    }
  }
  const NearestPoint ties(grid, 2);
  for (double x = -1; x <= 30; x += 0.5) {
    for (double y = -1; y <= 30; y += 0.5) {
      const double p[2] = {x, y};
      ASSERT_EQ(ties.nearest(p).index, brute(grid, 2, p).index) << x << ", " << y;
    }
  }
  const double nan[2] = {NAN, 0};
  EXPECT_THROW(ties.nearest(nan), std::invalid_argument);
}

}  // namespace
}  // namespace pinn::geometry
