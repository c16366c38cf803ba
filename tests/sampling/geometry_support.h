#pragma once
// Shapes and Monte Carlo estimates shared by the geometry tests: the domains of the
// benchmarks built from primitives, and areas and lengths estimated with their standard
// error so that a test compares against a closed form within a few sigma.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "solver/geometry/csg.h"
#include "solver/geometry/shapes/box.h"
#include "solver/geometry/shapes/cylinder.h"
#include "solver/geometry/shapes/ellipse.h"
#include "solver/geometry/shapes/hypersphere.h"
#include "solver/geometry/shapes/polygon.h"
#include "solver/sampling/unit_cube.h"

namespace pinn::geometry::testing {

constexpr double kPi = 3.14159265358979323846;

inline std::shared_ptr<const Shape> rectangle(double x0, double y0, double x1, double y1) {
  return std::make_shared<Box>("rectangle", std::vector<double>{x0, y0},
                               std::vector<double>{x1, y1}, std::vector<std::string>{"x", "y"});
}

inline std::shared_ptr<const Shape> disk(double x, double y, double r) {
  return std::make_shared<Hypersphere>("disk", std::vector<double>{x, y}, r);
}

inline std::shared_ptr<const Shape> ball(double x, double y, double z, double r) {
  return std::make_shared<Hypersphere>("ball", std::vector<double>{x, y, z}, r);
}

inline CsgNode leaf(std::shared_ptr<const Shape> shape, std::string name = "") {
  CsgNode node;
  node.shape = std::move(shape);
  node.name = std::move(name);
  return node;
}

inline CsgNode combine(Combine how, std::vector<CsgNode> children) {
  CsgNode node;
  node.combine = how;
  node.children = std::move(children);
  return node;
}

// Poisson2d-C: [-0.5, 0.5]^2 minus four disks of radius 0.1 at (+-0.3, +-0.3); parts
// "square" and "hole1".."hole4".
inline CsgNode poisson2d_c() {
  std::vector<CsgNode> children = {leaf(rectangle(-0.5, -0.5, 0.5, 0.5), "square")};
  const double at[4][2] = {{0.3, 0.3}, {-0.3, 0.3}, {-0.3, -0.3}, {0.3, -0.3}};
  for (int k = 0; k < 4; ++k) {
    children.push_back(leaf(disk(at[k][0], at[k][1], 0.1), "hole" + std::to_string(k + 1)));
  }
  return combine(Combine::Difference, std::move(children));
}

// Poisson2d-CG: [-1, 1]^2 minus four disks of different radii.
inline CsgNode poisson2d_cg() {
  std::vector<CsgNode> children = {leaf(rectangle(-1, -1, 1, 1), "square")};
  const double disks[4][3] = {
      {0.5, 0.5, 0.2}, {0.4, -0.4, 0.4}, {-0.2, -0.7, 0.1}, {-0.6, 0.5, 0.3}};
  for (const auto& d : disks) children.push_back(leaf(disk(d[0], d[1], d[2])));
  return combine(Combine::Difference, std::move(children));
}

// The unit cube minus two balls.
inline CsgNode box_minus_balls() {
  return combine(
      Combine::Difference,
      {leaf(std::make_shared<Box>("box", std::vector<double>{0, 0, 0}, std::vector<double>{1, 1, 1},
                                  std::vector<std::string>{"x", "y", "z"}),
            "box"),
       leaf(ball(0.3, 0.3, 0.3, 0.2), "ball1"), leaf(ball(0.7, 0.6, 0.6, 0.25), "ball2")});
}

// The area of the lens where two disks of radii r1 and r2, d apart, overlap.
inline double lens_area(double r1, double r2, double d) {
  const double a1 = std::acos((d * d + r1 * r1 - r2 * r2) / (2 * d * r1));
  const double a2 = std::acos((d * d + r2 * r2 - r1 * r1) / (2 * d * r2));
  return r1 * r1 * a1 + r2 * r2 * a2 -
         0.5 * std::sqrt((-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2));
}

struct Estimate {
  double value = 0, sigma = 0;
};

// n points drawn uniformly in `bounds`, row-major.
inline std::vector<double> uniform_in(const Bounds& bounds, int64_t n, uint64_t seed) {
  const int dim = static_cast<int>(bounds.lo.size());
  auto points = sample_unit_cube(SamplingMethod::Uniform, n, dim, seed);
  for (int64_t i = 0; i < n; ++i) {
    for (int a = 0; a < dim; ++a) {
      double& x = points[size_t(i * dim + a)];
      x = bounds.lo[size_t(a)] + x * (bounds.hi[size_t(a)] - bounds.lo[size_t(a)]);
    }
  }
  return points;
}

// The volume of `bounds` times the share `hits` of n points drawn uniformly in it, with
// its binomial standard error.
inline Estimate volume_share(const Bounds& bounds, int64_t hits, int64_t n) {
  double box = 1;
  for (size_t a = 0; a < bounds.lo.size(); ++a) box *= bounds.hi[a] - bounds.lo[a];
  const double share = double(hits) / double(n);
  return {share * box, box * std::sqrt(share * (1 - share) / double(n))};
}

// The volume of the points of `bounds` where `inside` holds, from n uniform points.
inline Estimate volume_by_count(const Bounds& bounds,
                                const std::function<bool(const double*)>& inside, int64_t n,
                                uint64_t seed) {
  const auto points = uniform_in(bounds, n, seed);
  const auto dim = bounds.lo.size();
  int64_t hits = 0;
  for (int64_t i = 0; i < n; ++i) hits += inside(&points[size_t(i) * dim]) ? 1 : 0;
  return volume_share(bounds, hits, n);
}

// A share of n draws as an estimate with its binomial standard error.
inline Estimate share_of(int64_t hits, int64_t n, double scale = 1) {
  const double p = double(hits) / double(n);
  return {scale * p, scale * std::sqrt(std::max(p * (1 - p), 1.0 / double(n)) / double(n))};
}

// Central finite differences of f at x, step h along each axis.
inline std::vector<double> gradient(const std::function<double(const double*)>& f, const double* x,
                                    int dim, double h) {
  std::vector<double> g(static_cast<size_t>(dim)), probe(x, x + dim);
  for (int a = 0; a < dim; ++a) {
    probe[size_t(a)] = x[a] + h;
    const double up = f(probe.data());
    probe[size_t(a)] = x[a] - h;
    const double down = f(probe.data());
    probe[size_t(a)] = x[a];
    g[size_t(a)] = (up - down) / (2 * h);
  }
  return g;
}

inline double norm(const double* v, int dim) {
  double sum = 0;
  for (int a = 0; a < dim; ++a) sum += v[a] * v[a];
  return std::sqrt(sum);
}

// Within four standard errors of the exact value, and the error itself small (so that a
// broken estimate with a huge spread cannot pass).
inline ::testing::AssertionResult matches(const Estimate& e, double exact,
                                          double max_relative_sigma) {
  if (std::abs(e.value - exact) <= 4 * e.sigma && e.sigma <= max_relative_sigma * std::abs(exact)) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "estimate " << e.value << " +- " << e.sigma << ", exact "
                                       << exact << " (" << (e.value - exact) / e.sigma << " sigma)";
}

// `make` throws std::invalid_argument with `words` in its message.
template <typename Make>
void expect_rejected(Make make, const std::string& words) {
  try {
    make();
    ADD_FAILURE() << "accepted; expected an error saying '" << words << "'";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos)
        << "'" << e.what() << "' does not say '" << words << "'";
  }
}

}  // namespace pinn::geometry::testing
