// The box column is the same domain without its shape: sample_region draws straight in
// the box, its normals are the face's axis and contains() compares with the bounds, so the
// ratio is what the shape's rejection, boundary test and signed distances cost.

#include "tools/bench_geometry.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

#include "solver/geometry/csg.h"
#include "solver/geometry/shapes/box.h"
#include "solver/geometry/shapes/hypersphere.h"
#include "solver/sampling/region_sampler.h"

namespace pinn {
namespace {

using geometry::Combine;
using geometry::CsgNode;

CsgNode leaf(std::shared_ptr<const geometry::Shape> shape) {
  CsgNode node;
  node.shape = std::move(shape);
  return node;
}

// The box [lo, hi] less balls given as (centre..., radius).
CsgNode box_minus(const std::vector<double>& lo, const std::vector<double>& hi,
                  const std::vector<std::vector<double>>& balls) {
  const std::vector<std::string> axes = {"x", "y", "z"};
  CsgNode root;
  root.combine = Combine::Difference;
  root.children.push_back(leaf(std::make_shared<geometry::Box>(
      "box", lo, hi, std::vector<std::string>(axes.begin(), axes.begin() + long(lo.size())))));
  for (const auto& b : balls) {
    root.children.push_back(leaf(std::make_shared<geometry::Hypersphere>(
        "ball", std::vector<double>(b.begin(), b.end() - 1), b.back())));
  }
  return root;
}

struct Case {
  std::string name;
  Domain shaped, box;
};

Case make_case(std::string name, const std::vector<double>& lo, const std::vector<double>& hi,
               const std::vector<std::vector<double>>& balls) {
  const std::vector<std::string> names = {"x", "y", "z"};
  Domain box{std::vector<std::string>(names.begin(), names.begin() + long(lo.size())), lo, hi};
  Domain shaped = box;
  shaped.shape = std::make_shared<geometry::Csg>(box_minus(lo, hi, balls));
  return {std::move(name), shaped, box};
}

double best_ms(int64_t repeats, const std::function<void()>& run) {
  double best = INFINITY;
  for (int64_t r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    run();
    best = std::min(
        best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                  .count());
  }
  return best;
}

// The nodes of an even grid over the box, about `nodes` in all.
std::vector<double> grid(const Domain& d, int64_t nodes) {
  const int dim = d.dim();
  const auto per_axis =
      std::max<int64_t>(2, std::llround(std::pow(double(nodes), 1.0 / double(dim))));
  int64_t total = 1;
  for (int a = 0; a < dim; ++a) total *= per_axis;
  std::vector<double> points(size_t(total * dim));
  for (int64_t i = 0; i < total; ++i) {
    int64_t rest = i;
    for (int a = 0; a < dim; ++a) {
      const auto k = rest % per_axis;
      rest /= per_axis;
      points[size_t(i * dim + a)] =
          d.lo[size_t(a)] + (d.hi[size_t(a)] - d.lo[size_t(a)]) * double(k) / double(per_axis - 1);
    }
  }
  return points;
}

std::vector<char> box_contains(const Domain& d, const std::vector<double>& points) {
  const auto dim = size_t(d.dim());
  std::vector<char> flags(points.size() / dim);
  for (size_t i = 0; i < flags.size(); ++i) {
    bool in = true;
    for (size_t a = 0; a < dim; ++a) {
      in = in && d.lo[a] <= points[i * dim + a] && points[i * dim + a] <= d.hi[a];
    }
    flags[i] = in;
  }
  return flags;
}

std::vector<double> box_normals(const Domain& d, const std::vector<double>& points) {
  const auto dim = size_t(d.dim());
  std::vector<double> normals(points.size(), 0.0);
  for (size_t i = 0; i < points.size() / dim; ++i) {
    for (size_t a = 0; a < dim; ++a) {
      const double x = points[i * dim + a];
      if (x == d.lo[a] || x == d.hi[a]) {
        normals[i * dim + a] = x == d.lo[a] ? -1.0 : 1.0;
        break;
      }
    }
  }
  return normals;
}

// Reads every value, so that the compiler keeps the work that made them.
template <typename T>
double checksum(const std::vector<T>& values) {
  double sum = 0;
  for (const auto v : values) sum += double(v);
  return sum;
}

void row(const std::string& domain, const char* operation, int64_t n, double shape_ms,
         double box_ms) {
  char ratio[32] = "-";  // a box too quick for the clock
  if (box_ms > 0) std::snprintf(ratio, sizeof ratio, "%.1fx", shape_ms / box_ms);
  std::printf("| %s | %s | %lld | %.2f | %.2f | %s |\n", domain.c_str(), operation,
              static_cast<long long>(n), shape_ms, box_ms, ratio);
  std::fflush(stdout);
}

}  // namespace

void geometry_bench(const GeometryBenchOptions& o) {
  const auto method = parse_sampling_method(o.method);
  const auto seed = uint64_t(o.seed);
  volatile double sink = 0;
  const std::vector<Case> cases = {
      make_case("Poisson2d-C", {-0.5, -0.5}, {0.5, 0.5},
                {{0.3, 0.3, 0.1}, {-0.3, 0.3, 0.1}, {-0.3, -0.3, 0.1}, {0.3, -0.3, 0.1}}),
      make_case("Poisson2d-CG", {-1, -1}, {1, 1},
                {{0.5, 0.5, 0.2}, {0.4, -0.4, 0.4}, {-0.2, -0.7, 0.1}, {-0.6, 0.5, 0.3}}),
      make_case("cube minus 2 balls", {0, 0, 0}, {1, 1, 1},
                {{0.3, 0.3, 0.3, 0.2}, {0.7, 0.6, 0.6, 0.25}}),
  };
  std::printf(
      "| domain | operation | points | shape ms | box ms | shape / box |\n"
      "|---|---|---|---|---|---|\n");
  for (const auto& c : cases) {
    for (const int64_t n : {o.interior_small, o.interior_large}) {
      row(c.name, "interior", n,
          best_ms(o.repeats, [&] { sample_region(c.shaped, Region::Interior, method, n, seed); }),
          best_ms(o.repeats, [&] { sample_region(c.box, Region::Interior, method, n, seed); }));
    }
    row(c.name, "boundary", o.boundary,
        best_ms(o.repeats,
                [&] { sample_region(c.shaped, Region::Boundary, method, o.boundary, seed); }),
        best_ms(o.repeats,
                [&] { sample_region(c.box, Region::Boundary, method, o.boundary, seed); }));
    const auto on_shape = sample_region(c.shaped, Region::Boundary, method, o.normals, seed);
    const auto on_box = sample_region(c.box, Region::Boundary, method, o.normals, seed);
    row(c.name, "normals", o.normals,
        best_ms(o.repeats, [&] { sink = sink + checksum(c.shaped.shape_normals(on_shape)); }),
        best_ms(o.repeats, [&] { sink = sink + checksum(box_normals(c.box, on_box)); }));
    const auto nodes = grid(c.box, o.grid);
    const auto count = int64_t(nodes.size()) / c.box.dim();
    row(c.name, "contains (grid)", count,
        best_ms(o.repeats, [&] { sink = sink + checksum(c.shaped.shape->contains(nodes)); }),
        best_ms(o.repeats, [&] { sink = sink + checksum(box_contains(c.box, nodes)); }));
  }
}

}  // namespace pinn
