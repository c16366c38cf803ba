// Combined shapes: areas and volumes, the length or area of each boundary part, and where
// interior and boundary points land, against closed forms (combinations.h).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "tests/sampling/combinations.h"

namespace pinn::geometry {
namespace {

using testing::Combination;
using testing::combinations;
using testing::kPi;

const SamplingMethod kMethods[] = {SamplingMethod::Uniform, SamplingMethod::Lhs,
                                   SamplingMethod::Sobol};

TEST(Csg, VolumesOfCombinationsMatchCounts) {
  for (const auto& c : combinations()) {
    const Csg csg(c.root);
    const int dim = csg.dim();
    const double tol = 1e-10 * csg.bounds().diameter();
    const int64_t n = 150000;
    const auto points = testing::uniform_in(csg.bounds(), n, 5);
    const auto inside = csg.contains(points);
    int64_t hits = 0;
    for (int64_t i = 0; i < n; ++i) {
      hits += inside[size_t(i)];
      // contains() is the signed distance's sign, the boundary included.
      const double sd = csg.signed_distance(&points[size_t(i * dim)]);
      if (std::abs(sd) > tol) ASSERT_EQ(inside[size_t(i)] != 0, sd < 0) << c.label << " " << i;
    }
    EXPECT_TRUE(testing::matches(testing::volume_share(csg.bounds(), hits, n), c.volume, 0.01))
        << c.label;
  }
}

TEST(Csg, InteriorPointsAreInsideAndSpreadByArea) {
  // The bite: the share of the interior right of x = 0.2 is (0.3 - the bitten area) / area.
  const auto bite = testing::combination("bite");
  const double bitten = 1 - bite.volume;
  const Csg csg(bite.root);
  // Two disks: the share in the left disk alone.
  const auto disks = testing::combination("union of disks");
  const Csg pair(disks.root);
  const double lens = testing::lens_area(1, 0.8, std::hypot(1.2, 0.3));
  for (const auto method : kMethods) {
    const int64_t n = 20000;
    const auto points = csg.sample_interior(n, 0, method, 9);
    int64_t right = 0;
    for (int64_t i = 0; i < n; ++i) {
      ASSERT_LT(csg.signed_distance(&points[size_t(2 * i)]), 0) << to_string(method);
      right += points[size_t(2 * i)] > 0.2 ? 1 : 0;
    }
    EXPECT_TRUE(testing::matches(testing::share_of(right, n), (0.3 - bitten) / bite.volume, 0.05))
        << to_string(method);
    const auto both = pair.sample_interior(n, 0, method, 10);
    int64_t left_only = 0;
    for (int64_t i = 0; i < n; ++i) {
      const double* x = &both[size_t(2 * i)];
      ASSERT_LT(pair.signed_distance(x), 0) << to_string(method);
      left_only += std::hypot(x[0] - 1.2, x[1] - 0.3) > 0.8 ? 1 : 0;
    }
    EXPECT_TRUE(
        testing::matches(testing::share_of(left_only, n), (kPi - lens) / disks.volume, 0.05))
        << to_string(method);
  }
}

double total_of(const Combination& c) {
  double total = 0;
  for (const auto& [name, measure] : c.parts) total += measure;
  return total;
}

TEST(Csg, EachPartGetsItsShareOfTheBoundary) {
  for (const auto& c : combinations()) {
    const Csg csg(c.root);
    const auto parts = csg.parts();
    ASSERT_EQ(parts.size(), c.parts.size()) << c.label;
    const int64_t n = 40000;
    const auto points = csg.sample_boundary({}, n, 0, SamplingMethod::Uniform, 3);
    const auto owner = csg.part_of(points);
    const double total = total_of(c);
    for (size_t p = 0; p < parts.size(); ++p) {
      const auto hits = std::count(owner.begin(), owner.end(), int(p));
      // The part's measure: its share of the points times the exact total.
      EXPECT_TRUE(testing::matches(testing::share_of(hits, n, total), c.parts.at(parts[p]), 0.03))
          << c.label << " part " << parts[p];
    }
  }
}

TEST(Csg, KeptMeasureOfEachPrimitiveIsWhereTheSignedDistanceVanishes) {
  // Independent of the sampler's own test: points drawn uniformly on every primitive's
  // pieces, kept where the combined signed distance is zero.
  for (const auto& c : combinations()) {
    if (c.coincident) continue;
    const Csg csg(c.root);
    const int dim = csg.dim();
    const double tol = 1e-12 * csg.bounds().diameter();
    const auto parts = csg.parts();
    for (size_t l = 0; l < csg.primitives().size(); ++l) {
      double kept = 0, variance = 0;
      for (const auto& s : csg.primitives()[l]->surfaces()) {
        const int64_t n = 20000;
        const auto u = sample_unit_cube(SamplingMethod::Uniform, n, s.parameters, 4 + l);
        std::vector<double> x(static_cast<size_t>(dim)), normal(static_cast<size_t>(dim));
        int64_t hits = 0;
        for (int64_t i = 0; i < n; ++i) {
          s.place(&u[size_t(i * s.parameters)], x.data(), normal.data());
          hits += std::abs(csg.signed_distance(x.data())) <= tol ? 1 : 0;
        }
        const auto share = testing::share_of(hits, n, s.measure);
        kept += share.value;
        variance += share.sigma * share.sigma;
      }
      EXPECT_TRUE(testing::matches({kept, std::sqrt(variance)}, c.parts.at(parts[l]), 0.02))
          << c.label << " part " << parts[l];
    }
  }
}

TEST(Csg, BoundaryPointsLieOnTheirPartAndOnTheDomainsBoundary) {
  for (const auto& c : combinations()) {
    const Csg csg(c.root);
    const int dim = csg.dim();
    const double tol = 1e-12 * csg.bounds().diameter();
    const auto parts = csg.parts();
    ASSERT_EQ(parts.size(), csg.primitives().size()) << c.label;
    for (const auto method : kMethods) {
      const int64_t n = 3000;
      const auto points = csg.sample_boundary({}, n, 0, method, 12);
      ASSERT_EQ(points.size(), size_t(n * dim));
      const auto owner = csg.part_of(points);
      const auto inside = csg.contains(points);
      for (int64_t i = 0; i < n; ++i) {
        const double* x = &points[size_t(i * dim)];
        const auto& primitive = *csg.primitives()[size_t(owner[size_t(i)])];
        const std::string where = c.label + " " + to_string(method) + " point " + std::to_string(i);
        ASSERT_LE(std::abs(primitive.signed_distance(x)), tol) << where;
        ASSERT_LE(std::abs(csg.signed_distance(x)), tol) << where;
        ASSERT_TRUE(inside[size_t(i)]) << where;
      }
      // One part at a time: every point is that part's.
      for (size_t p = 0; p < parts.size(); ++p) {
        const auto alone = csg.part_of(csg.sample_boundary({parts[p]}, 200, 0, method, 13));
        EXPECT_EQ(std::count(alone.begin(), alone.end(), int(p)), 200)
            << c.label << " " << parts[p];
      }
    }
  }
}

TEST(Csg, CoincidentFacesAreNeitherCountedTwiceNorKeptInside) {
  // The union of [0, 1]^2 and [1, 2] x [0, 1]: nothing on the shared face x = 1.
  const auto joined = testing::combination("union of boxes");
  const Csg csg(joined.root);
  const auto points = csg.sample_boundary({}, 20000, 0, SamplingMethod::Sobol, 1);
  for (size_t i = 0; i < points.size(); i += 2) {
    const bool on_shared = points[i] == 1 && points[i + 1] > 0 && points[i + 1] < 1;
    ASSERT_FALSE(on_shared) << "(" << points[i] << ", " << points[i + 1] << ")";
  }
  // The intersection of [0, 2] x [0, 1] and [1, 3] x [0, 1]: its bottom and top are the
  // first box's; the second's coincident bottom and top are never drawn.
  const auto overlap = testing::combination("intersection of boxes");
  const Csg both(overlap.root);
  const auto b = both.sample_boundary({"b"}, 2000, 0, SamplingMethod::Uniform, 2);
  for (size_t i = 0; i < b.size(); i += 2) ASSERT_EQ(b[i], 1) << "y = " << b[i + 1];
}

TEST(Csg, SidesTakeTheirOwnNamesAndThePrimitiveKeepsTheRest) {
  auto square = testing::leaf(testing::rectangle(-0.5, -0.5, 0.5, 0.5), "square");
  square.side_names = {{"x_min", "inlet"}, {"x_max", "outlet"}};
  const Csg csg(square);
  EXPECT_EQ(csg.parts(), (std::vector<std::string>{"inlet", "outlet", "square"}));
  const auto inlet = csg.sample_boundary({"inlet"}, 500, 0, SamplingMethod::Lhs, 3);
  for (size_t i = 0; i < inlet.size(); i += 2) ASSERT_EQ(inlet[i], -0.5);
  const auto owner = csg.part_of(inlet);
  EXPECT_EQ(std::count(owner.begin(), owner.end(), 0), 500);
  // The primitive's own name holds the sides left unnamed: top and bottom.
  const auto walls = csg.sample_boundary({"square"}, 500, 0, SamplingMethod::Uniform, 4);
  for (size_t i = 0; i < walls.size(); i += 2) ASSERT_EQ(std::abs(walls[i + 1]), 0.5);
  const auto parts = csg.part_of(walls);
  EXPECT_EQ(std::count(parts.begin(), parts.end(), 2), 500);
  // Every part at once: each in proportion to its length.
  const auto all = csg.part_of(csg.sample_boundary({}, 4000, 0, SamplingMethod::Uniform, 5));
  EXPECT_TRUE(
      testing::matches(testing::share_of(std::count(all.begin(), all.end(), 2), 4000), 0.5, 0.02));
  // A clockwise triangle's side "0" runs from its vertex 0 to vertex 1.
  auto triangle = testing::leaf(std::make_shared<Polygon>(
      "triangle", std::vector<std::array<double, 2>>{{0, 0}, {0, 4}, {3, 0}}));
  triangle.side_names = {{"0", "wall"}};
  const Csg tri(triangle);
  const auto wall = tri.sample_boundary({"wall"}, 300, 0, SamplingMethod::Sobol, 5);
  for (size_t i = 0; i < wall.size(); i += 2) {
    ASSERT_EQ(wall[i], 0);
    ASSERT_GE(wall[i + 1], 0);
    ASSERT_LE(wall[i + 1], 4);
  }
  // With every side named the primitive's name is no part.
  triangle.side_names = {{"0", "left"}, {"1", "slope"}, {"2", "floor"}};
  const Csg named(triangle);
  auto names = named.parts();
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"floor", "left", "slope"}));
  testing::expect_rejected(
      [&] { named.sample_boundary({"triangle1"}, 1, 0, SamplingMethod::Uniform, 0); },
      "'triangle1' is not a part of the domain's boundary; parts: ");
}

}  // namespace
}  // namespace pinn::geometry
