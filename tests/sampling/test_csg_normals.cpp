// The outward normals of combined shapes: unit, the gradient of the combined signed
// distance away from corners, into the hole on a hole's rim, and the normalised sum of
// the meeting parts' normals at corners (convex and concave, in 2-D and 3-D).

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "tests/sampling/combinations.h"

namespace pinn::geometry {
namespace {

using testing::combinations;
using testing::combine;
using testing::leaf;

// The smallest distance from x to a piece of any primitive other than the nearest one.
double second_nearest_piece(const Csg& csg, const double* x) {
  double first = std::numeric_limits<double>::infinity(), second = first;
  for (const auto& shape : csg.primitives()) {
    for (const auto& s : shape->surfaces()) {
      const double d = s.distance(x);
      if (d < first) {
        second = first;
        first = d;
      } else {
        second = std::min(second, d);
      }
    }
  }
  return second;
}

TEST(CsgNormals, UnitAndTheGradientOfTheSignedDistanceAwayFromCorners) {
  for (const auto& c : combinations()) {
    const Csg csg(c.root);
    const int dim = csg.dim();
    const double diameter = csg.bounds().diameter();
    const int64_t n = 2000;
    const auto points = csg.sample_boundary({}, n, 0, SamplingMethod::Sobol, 7);
    const auto normals = csg.normals(points);
    ASSERT_EQ(normals.size(), points.size());
    const auto sd = [&](const double* x) { return csg.signed_distance(x); };
    int64_t checked = 0;
    for (int64_t i = 0; i < n; ++i) {
      const double* x = &points[size_t(i * dim)];
      const double* normal = &normals[size_t(i * dim)];
      const std::string where = c.label + " point " + std::to_string(i);
      ASSERT_NEAR(testing::norm(normal, dim), 1, 1e-12) << where;
      if (second_nearest_piece(csg, x) < 1e-3 * diameter) continue;
      const auto g = testing::gradient(sd, x, dim, 1e-6 * diameter);
      for (int a = 0; a < dim; ++a) ASSERT_NEAR(normal[a], g[size_t(a)], 1e-6) << where;
      ++checked;
    }
    // Coincident faces lie on two pieces at once: half of those boundaries.
    EXPECT_GT(checked, c.coincident ? n * 4 / 10 : n * 9 / 10) << c.label;
  }
}

TEST(CsgNormals, PointIntoTheHoleOnItsRim) {
  // Poisson2d-C's holes and the balls cut from the cube: -(x - c) / r.
  struct Hole {
    std::string part;
    std::vector<double> centre;
  };
  const std::vector<std::pair<CsgNode, std::vector<Hole>>> cases = {
      {testing::poisson2d_c(),
       {{"hole1", {0.3, 0.3}},
        {"hole2", {-0.3, 0.3}},
        {"hole3", {-0.3, -0.3}},
        {"hole4", {0.3, -0.3}}}},
      {testing::box_minus_balls(), {{"ball1", {0.3, 0.3, 0.3}}, {"ball2", {0.7, 0.6, 0.6}}}},
  };
  for (const auto& [root, holes] : cases) {
    const Csg csg(root);
    const int dim = csg.dim();
    for (const auto& hole : holes) {
      const auto points = csg.sample_boundary({hole.part}, 500, 0, SamplingMethod::Lhs, 3);
      const auto normals = csg.normals(points);
      for (size_t i = 0; i < 500; ++i) {
        const double* x = &points[i * size_t(dim)];
        double r = 0;
        for (int a = 0; a < dim; ++a) r += std::pow(x[a] - hole.centre[size_t(a)], 2);
        r = std::sqrt(r);
        for (int a = 0; a < dim; ++a) {
          ASSERT_NEAR(normals[i * size_t(dim) + size_t(a)], -(x[a] - hole.centre[size_t(a)]) / r,
                      1e-12)
              << hole.part << " point " << i;
        }
      }
    }
  }
}

void expect_normal(const Csg& csg, std::vector<double> x, std::vector<double> expected,
                   const std::string& where) {
  const double length = testing::norm(expected.data(), int(expected.size()));
  const auto normal = csg.normals(x);
  ASSERT_EQ(normal.size(), expected.size());
  for (size_t a = 0; a < expected.size(); ++a) {
    EXPECT_NEAR(normal[a], expected[a] / length, 1e-9) << where << " axis " << a;
  }
}

TEST(CsgNormals, CornersTakeTheNormalisedSumOfTheMeetingParts) {
  const Csg square(testing::poisson2d_c());
  expect_normal(square, {0.5, 0.5}, {1, 1}, "convex corner (0.5, 0.5)");
  expect_normal(square, {-0.5, 0.5}, {-1, 1}, "convex corner (-0.5, 0.5)");
  expect_normal(square, {-0.5, -0.5}, {-1, -1}, "convex corner (-0.5, -0.5)");
  expect_normal(square, {0.5, 0.1}, {1, 0}, "the side x = 0.5");
  // Where the bite's rim leaves the side x = 0.5 at 60 degrees: the side's (1, 0) plus
  // the rim's normal into the bite, -(cos 60, sin 60).
  const Csg bite(testing::combination("bite").root);
  const double s60 = std::sqrt(3.0) / 2;
  expect_normal(bite, {0.5, 0.2 * s60}, {1 - 0.5, -s60}, "where the bite meets the side");
  // The concave corner of an L: the top of [0, 2] x [0, 1] and the right of [0, 1] x [0, 2].
  const Csg ell(combine(Combine::Union, {leaf(testing::rectangle(0, 0, 2, 1)),
                                         leaf(testing::rectangle(0, 0, 1, 2))}));
  expect_normal(ell, {1, 1}, {1, 1}, "concave corner of the L");
  expect_normal(ell, {2, 1}, {1, 1}, "convex corner of the L");
  expect_normal(ell, {1.5, 1}, {0, 1}, "the L's lower top");
  // A triangle's vertices: (0, 0) between (-1, 0) and (0, -1); (3, 0) between (0, -1) and
  // the hypotenuse's (4, 3) / 5.
  const Csg triangle(leaf(std::make_shared<Polygon>(
      "triangle", std::vector<std::array<double, 2>>{{0, 0}, {3, 0}, {0, 4}})));
  expect_normal(triangle, {0, 0}, {-1, -1}, "right angle");
  expect_normal(triangle, {3, 0}, {0.8, -1 + 0.6}, "acute vertex");
  // Two overlapping disks meet where their circles cross: the sum of both outward normals.
  const Csg disks(testing::combination("union of disks").root);
  {
    // The crossings of |x| = 1 and |x - (1.2, 0.3)| = 0.8.
    const double d = std::hypot(1.2, 0.3), along = (d * d + 1 - 0.64) / (2 * d);
    const double across = std::sqrt(1 - along * along);
    const double ux = 1.2 / d, uy = 0.3 / d;
    for (const double side : {1.0, -1.0}) {
      const std::vector<double> x = {along * ux - side * across * uy,
                                     along * uy + side * across * ux};
      const std::vector<double> sum = {x[0] + (x[0] - 1.2) / 0.8, x[1] + (x[1] - 0.3) / 0.8};
      expect_normal(disks, x, sum, "where the union's circles cross");
    }
  }
  // 3-D: the cube's corner and edge.
  const Csg cube(testing::box_minus_balls());
  expect_normal(cube, {1, 1, 1}, {1, 1, 1}, "cube corner");
  expect_normal(cube, {1, 0.5, 0}, {1, 0, -1}, "cube edge");
  expect_normal(cube, {0.5, 0, 0.9}, {0, -1, 0}, "cube face");
}

TEST(CsgNormals, SlantedCylinderCapsAndSide) {
  // A slanted cylinder: the caps' normals are +-axis, the side's radial.
  const std::array<double, 3> axis = {1.0 / 3, 2.0 / 3, 2.0 / 3};
  const auto cylinder = std::make_shared<Cylinder>(std::array<double, 3>{0, 0, 0},
                                                   std::array<double, 3>{1, 2, 2}, 0.4, 1.5);
  const Csg csg(leaf(cylinder, "can"));
  const auto pieces = cylinder->surfaces();
  for (size_t k = 0; k < pieces.size(); ++k) {
    const auto u = sample_unit_cube(SamplingMethod::Uniform, 200, 2, k);
    std::vector<double> x(3), n(3);
    for (size_t i = 0; i < 200; ++i) {
      pieces[k].place(&u[2 * i], x.data(), n.data());
      if (second_nearest_piece(csg, x.data()) < 1e-6) continue;  // on a rim: a corner
      const auto normal = csg.normals(x);
      for (int a = 0; a < 3; ++a)
        ASSERT_NEAR(normal[size_t(a)], n[size_t(a)], 1e-12) << pieces[k].side;
      if (pieces[k].side == "top") {
        for (int a = 0; a < 3; ++a) ASSERT_NEAR(normal[size_t(a)], axis[size_t(a)], 1e-12);
      }
    }
  }
}

}  // namespace
}  // namespace pinn::geometry
