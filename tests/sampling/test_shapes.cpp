// Every primitive shape on its own: exact volumes and boundary measures against closed
// forms and Monte Carlo counts, surface points on the shape with unit normals equal to
// the signed distance's gradient, pieces uniform in measure, and every invalid input.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/sampling/geometry_support.h"

namespace pinn::geometry {
namespace {

using testing::Estimate;
using testing::expect_rejected;
using testing::kPi;

struct Primitive {
  std::string label;
  std::shared_ptr<const Shape> shape;
  double volume = 0, boundary = 0;  // closed forms
};

std::vector<Primitive> primitives() {
  const double r5 = 0.8;
  return {
      {"interval",
       std::make_shared<Box>("interval", std::vector<double>{-1}, std::vector<double>{2},
                             std::vector<std::string>{"x"}),
       3, 2},
      {"rectangle", testing::rectangle(-1, 0, 2, 0.5), 1.5, 7},
      {"box",
       std::make_shared<Box>("box", std::vector<double>{0, 0, 0}, std::vector<double>{1, 2, 3},
                             std::vector<std::string>{"x", "y", "z"}),
       6, 22},
      {"hypercube",
       std::make_shared<Box>("hypercube", std::vector<double>(4, 0.0), std::vector<double>(4, 2.0),
                             std::vector<std::string>{"a", "b", "c", "d"}),
       16, 64},
      // An M: the square [0, 2]^2 less the triangle (2, 2), (1, 1), (0, 2); reflex at (1, 1).
      {"polygon",
       std::make_shared<Polygon>(
           "polygon", std::vector<std::array<double, 2>>{{0, 0}, {2, 0}, {2, 2}, {1, 1}, {0, 2}}),
       3, 6 + 2 * std::sqrt(2.0)},
      {"triangle",
       std::make_shared<Polygon>("triangle",
                                 std::vector<std::array<double, 2>>{{0, 0}, {3, 0}, {0, 4}}),
       6, 12},
      // Perimeter of the 2 x 1 ellipse: 8 E(e^2 = 3/4).
      {"ellipse",
       std::make_shared<Ellipse>(std::array<double, 2>{0.5, -0.2}, std::array<double, 2>{2, 1},
                                 0.7),
       2 * kPi, 9.688448220547675},
      // Taller than wide (the distance works with the semi-axes swapped), perimeter 6 E(8/9).
      {"tall ellipse",
       std::make_shared<Ellipse>(std::array<double, 2>{-1, 2}, std::array<double, 2>{0.5, 1.5},
                                 -1.2),
       kPi * 0.75, 6.682446610277524},
      {"disk", testing::disk(0.1, 0.2, 0.7), kPi * 0.49, 2 * kPi * 0.7},
      {"ball", testing::ball(0, 0, 1, 0.5), 4 * kPi / 3 * 0.125, kPi},
      {"hypersphere", std::make_shared<Hypersphere>("hypersphere", std::vector<double>(5, 0.3), r5),
       8 * kPi * kPi / 15 * std::pow(r5, 5), 8 * kPi * kPi / 3 * std::pow(r5, 4)},
      {"cylinder",
       std::make_shared<Cylinder>(std::array<double, 3>{0.1, 0.2, -0.3},
                                  std::array<double, 3>{1, 2, 2}, 0.4, 1.5),
       kPi * 0.16 * 1.5, 2 * kPi * 0.4 * 1.5 + 2 * kPi * 0.16},
      // Nearly along x, where the cylinder's frame starts from another helper vector.
      {"cylinder along x",
       std::make_shared<Cylinder>(std::array<double, 3>{1, 0, 0}, std::array<double, 3>{-2, 0.1, 0},
                                  0.3, 2),
       kPi * 0.09 * 2, 2 * kPi * 0.3 * 2 + 2 * kPi * 0.09},
  };
}

// Unit coordinates for `count` points of a piece (a piece with no parameters: one point).
std::vector<double> unit_points(int parameters, int64_t count, uint64_t seed) {
  if (parameters == 0) return std::vector<double>(size_t(count), 0.0);
  return sample_unit_cube(SamplingMethod::Uniform, count, parameters, seed);
}

TEST(Shapes, ExactVolumesAndBoundaryMeasuresMatchClosedForms) {
  for (const auto& p : primitives()) {
    EXPECT_NEAR(p.shape->volume(), p.volume, 1e-12 * p.volume) << p.label;
    double boundary = 0;
    for (const auto& s : p.shape->surfaces()) boundary += s.measure;
    EXPECT_NEAR(boundary, p.boundary, 1e-10 * p.boundary) << p.label;
  }
}

TEST(Shapes, VolumesByCountInInflatedBoundsMatchAndInsideStaysInBounds) {
  for (const auto& p : primitives()) {
    const auto bounds = p.shape->bounds();
    Bounds wide = bounds;
    for (size_t a = 0; a < wide.lo.size(); ++a) {
      const double margin = 0.1 * (bounds.hi[a] - bounds.lo[a]);
      wide.lo[a] -= margin;
      wide.hi[a] += margin;
    }
    int64_t escaped = 0;
    const auto estimate = testing::volume_by_count(
        wide,
        [&](const double* x) {
          const bool inside = p.shape->signed_distance(x) < 0;
          for (size_t a = 0; inside && a < bounds.lo.size(); ++a) {
            if (x[a] < bounds.lo[a] || x[a] > bounds.hi[a]) ++escaped;
          }
          return inside;
        },
        200000, 11);
    EXPECT_TRUE(testing::matches(estimate, p.volume, 0.01)) << p.label;
    EXPECT_EQ(escaped, 0) << p.label << ": inside points outside bounds()";
  }
}

TEST(Shapes, SurfacePointsLieOnTheShapeWithUnitNormalsThatAreTheDistanceGradient) {
  for (const auto& p : primitives()) {
    const auto& shape = *p.shape;
    const int dim = shape.dim();
    const auto bounds = shape.bounds();
    const double diameter = bounds.diameter(), tol = 1e-12 * diameter;
    const auto surfaces = shape.surfaces();
    const auto sd = [&](const double* x) { return shape.signed_distance(x); };
    for (size_t k = 0; k < surfaces.size(); ++k) {
      const auto& s = surfaces[k];
      const int64_t count = 500;
      const auto u = unit_points(s.parameters, count, 3 + k);
      std::vector<double> x(static_cast<size_t>(dim)), n(static_cast<size_t>(dim)),
          again(static_cast<size_t>(dim)), off(static_cast<size_t>(dim));
      int checked = 0;
      for (int64_t i = 0; i < count; ++i) {
        s.place(&u[size_t(i * std::max(s.parameters, 1))], x.data(), n.data());
        const std::string where = p.label + " side '" + s.side + "' point " + std::to_string(i);
        ASSERT_LE(std::abs(shape.signed_distance(x.data())), tol) << where;
        ASSERT_LE(s.distance(x.data()), tol) << where;
        ASSERT_NEAR(testing::norm(n.data(), dim), 1, 1e-12) << where;
        for (int a = 0; a < dim; ++a) {
          ASSERT_GE(x[size_t(a)], bounds.lo[size_t(a)] - tol) << where;
          ASSERT_LE(x[size_t(a)], bounds.hi[size_t(a)] + tol) << where;
        }
        s.normal(x.data(), again.data());
        for (int a = 0; a < dim; ++a) ASSERT_NEAR(again[size_t(a)], n[size_t(a)], 1e-9) << where;
        // Off the piece along its normal: the distance grows by the step, the normal stays.
        const double step = 1e-3 * diameter;
        for (int a = 0; a < dim; ++a) off[size_t(a)] = x[size_t(a)] + step * n[size_t(a)];
        EXPECT_NEAR(s.distance(off.data()), step, 1e-9 * diameter) << where;
        s.normal(off.data(), again.data());
        for (int a = 0; a < dim; ++a) EXPECT_NEAR(again[size_t(a)], n[size_t(a)], 1e-9) << where;
        // The gradient of the signed distance, away from the other pieces (edges, rims).
        bool near_other = false;
        for (size_t j = 0; j < surfaces.size(); ++j) {
          near_other |= j != k && surfaces[j].distance(x.data()) < 1e-4 * diameter;
        }
        if (near_other) continue;
        const auto g = testing::gradient(sd, x.data(), dim, 1e-6 * diameter);
        for (int a = 0; a < dim; ++a) EXPECT_NEAR(g[size_t(a)], n[size_t(a)], 1e-5) << where;
        ++checked;
      }
      EXPECT_GT(checked, s.parameters == 0 ? 0 : count / 2) << p.label << " " << s.side;
    }
  }
}

TEST(Shapes, SurfacesReachTheBounds) {
  for (const auto& p : primitives()) {
    const int dim = p.shape->dim();
    if (dim > 3) continue;  // in more dimensions the extremes are too rare to draw
    const auto bounds = p.shape->bounds();
    std::vector<double> lo(size_t(dim), INFINITY), hi(size_t(dim), -INFINITY);
    for (const auto& s : p.shape->surfaces()) {
      const auto u = unit_points(s.parameters, 20000, 5);
      std::vector<double> x(static_cast<size_t>(dim)), n(static_cast<size_t>(dim));
      for (size_t i = 0; i < u.size() / size_t(std::max(s.parameters, 1)); ++i) {
        s.place(&u[i * size_t(std::max(s.parameters, 1))], x.data(), n.data());
        for (int a = 0; a < dim; ++a) {
          lo[size_t(a)] = std::min(lo[size_t(a)], x[size_t(a)]);
          hi[size_t(a)] = std::max(hi[size_t(a)], x[size_t(a)]);
        }
      }
    }
    for (int a = 0; a < dim; ++a) {
      EXPECT_NEAR(lo[size_t(a)], bounds.lo[size_t(a)], 0.01 * bounds.diameter()) << p.label;
      EXPECT_NEAR(hi[size_t(a)], bounds.hi[size_t(a)], 0.01 * bounds.diameter()) << p.label;
    }
  }
}

// The share of n uniform draws of a piece where `holds`, as an estimate.
Estimate share_on(const Surface& s, int dim, int64_t n,
                  const std::function<bool(const double*)>& holds) {
  const auto u = unit_points(s.parameters, n, 17);
  std::vector<double> x(static_cast<size_t>(dim)), normal(static_cast<size_t>(dim));
  int64_t hits = 0;
  for (int64_t i = 0; i < n; ++i) {
    s.place(&u[size_t(i * s.parameters)], x.data(), normal.data());
    hits += holds(x.data()) ? 1 : 0;
  }
  return testing::share_of(hits, n);
}

TEST(Shapes, PiecesAreUniformInMeasure) {
  const int64_t n = 40000;
  // The ellipse's arc where |local angle| < 60 degrees holds less than a third of its
  // length (it moves slowest at the ends of the major axis).
  const double angle = 0.7, c = std::cos(angle), s = std::sin(angle);
  const Ellipse ellipse({0.5, -0.2}, {2, 1}, angle);
  double part = 0, whole = 0;
  const int steps = 200000;
  for (int k = 0; k < steps; ++k) {
    const double t = (k + 0.5) * 2 * kPi / steps;
    const double speed = std::hypot(2 * std::sin(t), std::cos(t));
    whole += speed;
    if (std::cos(t) > 0.5) part += speed;
  }
  EXPECT_TRUE(testing::matches(share_on(ellipse.surfaces()[0], 2, n,
                                        [&](const double* x) {
                                          const double lx = c * (x[0] - 0.5) + s * (x[1] + 0.2);
                                          return lx > 1.0;
                                        }),
                               part / whole, 0.02));
  EXPECT_LT(part / whole, 0.3);
  // A sphere's cap above half the radius holds a quarter of its area (Archimedes).
  const auto ball = testing::ball(0, 0, 1, 0.5);
  EXPECT_TRUE(testing::matches(
      share_on(ball->surfaces()[0], 3, n, [](const double* x) { return x[2] > 1.25; }), 0.25,
      0.02));
  // On the 4-sphere x0 / r has density (1 - t^2) * 3 / 4: 5 / 32 above 1 / 2.
  const Hypersphere five("hypersphere", std::vector<double>(5, 0.0), 2);
  EXPECT_TRUE(
      testing::matches(share_on(five.surfaces()[0], 5, n, [](const double* x) { return x[0] > 1; }),
                       5.0 / 32, 0.03));
  // A cylinder's cap: a quarter of its area within half the radius; its side: a third of
  // its area in the lowest third.
  const Cylinder cylinder({0.1, 0.2, -0.3}, {1, 2, 2}, 0.4, 1.5);
  const auto pieces = cylinder.surfaces();
  const auto along = [](const double* x) {
    return ((x[0] - 0.1) + 2 * (x[1] - 0.2) + 2 * (x[2] + 0.3)) / 3;
  };
  EXPECT_TRUE(testing::matches(
      share_on(pieces[0], 3, n, [&](const double* x) { return along(x) < 0.5; }), 1.0 / 3, 0.02));
  EXPECT_TRUE(testing::matches(share_on(pieces[1], 3, n,
                                        [&](const double* x) {
                                          return std::hypot(x[0] - 0.1, x[1] - 0.2, x[2] + 0.3) <
                                                 0.2;
                                        }),
                               0.25, 0.02));
}

TEST(Shapes, SignedDistancesAtKnownPoints) {
  const auto box = testing::rectangle(0, 0, 2, 1);
  const double inside[] = {0.5, 0.25}, corner[] = {3, 2}, face[] = {1, -0.5};
  EXPECT_DOUBLE_EQ(box->signed_distance(inside), -0.25);
  EXPECT_DOUBLE_EQ(box->signed_distance(corner), std::sqrt(2.0));
  EXPECT_DOUBLE_EQ(box->signed_distance(face), 0.5);
  // The M polygon: its notch's tip (1, 1) is 0.5 sqrt 2 from (1.5, 1.5) and (0.5, 1.5)
  // lies outside, 0.5 / sqrt 2 from the notch's edges.
  const Polygon m("polygon", {{0, 0}, {2, 0}, {2, 2}, {1, 1}, {0, 2}});
  const double in_notch[] = {1, 1.5}, below_tip[] = {1, 0.5};
  EXPECT_NEAR(m.signed_distance(in_notch), 0.5 / std::sqrt(2.0), 1e-15);
  EXPECT_NEAR(m.signed_distance(below_tip), -0.5, 1e-15);
  // Rotated ellipse: along its major axis, 1 beyond the vertex; the centre is b inside.
  const double a = 0.7;
  const Ellipse ellipse({0.5, -0.2}, {2, 1}, a);
  const double beyond[] = {0.5 + 3 * std::cos(a), -0.2 + 3 * std::sin(a)}, centre[] = {0.5, -0.2};
  const double minor[] = {0.5 - 1.5 * std::sin(a), -0.2 + 1.5 * std::cos(a)};
  EXPECT_NEAR(ellipse.signed_distance(beyond), 1, 1e-12);
  EXPECT_NEAR(ellipse.signed_distance(centre), -1, 1e-12);
  EXPECT_NEAR(ellipse.signed_distance(minor), 0.5, 1e-12);
  // Slanted cylinder: axis (1, 2, 2) / 3.
  const Cylinder cylinder({0, 0, 0}, {1, 2, 2}, 0.4, 1.5);
  const double above[] = {2.0 / 3, 4.0 / 3, 4.0 / 3};  // 2 along the axis: 0.5 past the top
  const double mid[] = {0.5, 0.25, 0.25};
  EXPECT_NEAR(cylinder.signed_distance(above), 0.5, 1e-12);
  // (0.5, 0.25, 0.25): 0.5 along the axis, radial sqrt(0.5^2 + 2 (0.25)^2 - 0.5^2) away.
  const double along = (0.5 + 0.5 + 0.5) / 3;
  const double radial = std::sqrt(0.25 + 2 * 0.0625 - along * along);
  EXPECT_NEAR(cylinder.signed_distance(mid), radial - 0.4, 1e-12);
  const Hypersphere five("hypersphere", std::vector<double>(5, 1.0), 2);
  const double origin[5] = {0, 0, 0, 0, 0};
  EXPECT_NEAR(five.signed_distance(origin), std::sqrt(5.0) - 2, 1e-15);
}

TEST(Shapes, ClockwisePolygonKeepsItsSideNamesAndOutwardNormals) {
  const std::vector<std::array<double, 2>> cw = {{0, 0}, {0, 4}, {3, 0}};
  const Polygon clockwise("triangle", cw);
  const Polygon counter("triangle", {{0, 0}, {3, 0}, {0, 4}});
  const double inside[] = {0.5, 0.5};
  EXPECT_EQ(clockwise.signed_distance(inside), counter.signed_distance(inside));
  EXPECT_DOUBLE_EQ(clockwise.volume(), 6);
  for (const auto& s : clockwise.surfaces()) {
    const auto k = size_t(std::stoi(s.side));
    const auto &a = cw[k], &b = cw[(k + 1) % 3];
    double x0[2], x1[2], n[2];
    const double zero = 0, one = 1;
    s.place(&zero, x0, n);
    s.place(&one, x1, n);
    // Side k runs between vertices k and k + 1 as given, either way.
    const bool forward = x0[0] == a[0] && x0[1] == a[1] && x1[0] == b[0] && x1[1] == b[1];
    const bool backward = x0[0] == b[0] && x0[1] == b[1] && x1[0] == a[0] && x1[1] == a[1];
    EXPECT_TRUE(forward || backward) << "side " << s.side;
    EXPECT_NEAR(s.measure, std::hypot(b[0] - a[0], b[1] - a[1]), 1e-15);
    // Outward: away from the centroid (1, 4 / 3).
    EXPECT_GT((x0[0] - 1) * n[0] + (x0[1] - 4.0 / 3) * n[1], 0) << "side " << s.side;
  }
}

using Vertices = std::vector<std::array<double, 2>>;

TEST(Shapes, ASmallPolygonFarFromTheOriginHasItsArea) {
  // Judged by its own size: 0.1 across, a million away.
  const Polygon far("triangle", {{1e6, 1e6}, {1e6 + 0.1, 1e6}, {1e6, 1e6 + 0.1}});
  EXPECT_NEAR(far.volume(), 0.005, 1e-11);
  expect_rejected(
      [] {
        Polygon("triangle", {{1e6, 1e6}, {1e6 + 0.1, 1e6}, {1e6 + 0.2, 1e6}});
      },
      "lie on one line");
}

TEST(ShapeErrors, PolygonsThatAreNotSimpleAreaEnclosingRings) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto polygon = [](Vertices v) { return [v] { Polygon("polygon", v); }; };
  expect_rejected(polygon({{0, 0}, {1, 0}}), "has 2 vertices; a polygon needs at least 3");
  expect_rejected(polygon({{0, 0}, {1, 0}, {1, 0}, {0, 1}}), "vertex 2 [1, 0] repeats vertex 1");
  expect_rejected(polygon({{0, 0}, {1, 1}, {2, 2}, {3, 3}}), "lie on one line");
  expect_rejected(polygon({{0, 0}, {2, 0}, {1, 0}}), "lie on one line");
  expect_rejected(polygon({{0, 0}, {1, 1}, {1, 0}, {0, 1}}), "intersect");  // bow-tie
  // Vertex 4 (2, 0) touches edge 0 between its ends: two loops pinched at a point.
  expect_rejected(polygon({{0, 0}, {4, 0}, {4, 4}, {3, 4}, {2, 0}, {1, 4}, {0, 4}}),
                  "edge 0 ([0, 0] to [4, 0]) and edge 3");
  // An edge folding back over the one before.
  expect_rejected(polygon({{0, 0}, {2, 0}, {1, 0}, {1, 1}}), "intersect");
  expect_rejected(polygon({{0, 0}, {1, nan}, {0, 1}}), "vertex 1 [1, .nan] is not finite");
  expect_rejected(polygon({{0, 0}, {INFINITY, 0}, {0, 1}}), "is not finite");
  expect_rejected([] { Polygon("triangle", {{0, 0}, {1, 0}}); }, "a triangle needs at least 3");
}

TEST(ShapeErrors, SizesThatAreNotPositiveAndFinite) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto box = [](std::vector<double> lo, std::vector<double> hi) {
    return [=] { Box("rectangle", lo, hi, {"x", "y"}); };
  };
  expect_rejected(box({0, 0}, {1, 0}), "side along y is [0, 0]: its length must be finite and > 0");
  expect_rejected(box({0, 0}, {-1, 1}), "side along x is [0, -1]");
  expect_rejected(box({0, nan}, {1, 1}), "side along y");
  expect_rejected(box({0, 0}, {INFINITY, 1}), "side along x");
  expect_rejected([] { Box("box", {0, 0}, {1, 1}, {"x"}); }, "one lower and one upper bound");
  const auto sphere = [](std::vector<double> c, double r) {
    return [=] { Hypersphere("disk", c, r); };
  };
  expect_rejected(sphere({0, 0}, 0), "radius is 0; it must be finite and > 0");
  expect_rejected(sphere({0, 0}, -1), "radius is -1");
  expect_rejected(sphere({0, 0}, nan), "radius is .nan");
  expect_rejected(sphere({0, 0}, INFINITY), "must be finite and > 0");
  expect_rejected(sphere({0, nan}, 1), "centre is not finite");
  expect_rejected(sphere({0}, 1), "at least 2 coordinates");
  const auto ellipse = [](double a, double b, double angle) {
    return [=] { Ellipse({0, 0}, {a, b}, angle); };
  };
  expect_rejected(ellipse(1, 0, 0), "a semi-axis is 0; semi-axes must be finite and > 0");
  expect_rejected(ellipse(-2, 1, 0), "a semi-axis is -2");
  expect_rejected(ellipse(nan, 1, 0), "semi-axes must be finite");
  expect_rejected(ellipse(1, 1, INFINITY), "centre and angle must be finite");
  const auto cylinder = [](std::array<double, 3> base, std::array<double, 3> axis, double r,
                           double h) { return [=] { Cylinder(base, axis, r, h); }; };
  expect_rejected(cylinder({0, 0, 0}, {0, 0, 1}, 0, 1), "radius is 0; it must be finite and > 0");
  expect_rejected(cylinder({0, 0, 0}, {0, 0, 1}, 1, -1), "height is -1");
  expect_rejected(cylinder({0, 0, 0}, {0, 0, 1}, 1, INFINITY), "height is .inf");
  expect_rejected(cylinder({0, 0, 0}, {0, 0, 0}, 1, 1), "axis is [0, 0, 0]");
  expect_rejected(cylinder({nan, 0, 0}, {0, 0, 1}, 1, 1), "must be finite");
}

}  // namespace
}  // namespace pinn::geometry
