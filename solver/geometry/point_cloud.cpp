#include "solver/geometry/point_cloud.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <utility>

#include "solver/common/text.h"
#include "solver/sampling/unit_cube.h"

namespace pinn::geometry {
namespace {

// Relative to the bounds' diameter: how far in front of a boundary point a point still
// counts as on the boundary (the tolerance Geometry::contains promises).
constexpr double kOnBoundary = 1e-10;

// An integer in [0, bound), by rejection so that it is unbiased and the same with every
// standard library (std::uniform_int_distribution is not specified bit for bit).
uint64_t below(std::mt19937_64& random, uint64_t bound) {
  const uint64_t threshold = (0 - bound) % bound;
  uint64_t r = random();
  while (r < threshold) r = random();
  return r % bound;
}

// A seed for the extra coordinates unrelated to the one that picks the rows (splitmix64),
// so that a point's time does not follow from which point it is.
uint64_t mixed(uint64_t seed) {
  uint64_t z = seed + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::vector<double> checked_interior(std::vector<double> points, int dim,
                                     const std::string& source) {
  if (dim < 1) {
    throw std::invalid_argument("a point cloud needs at least one coordinate per point, dim " +
                                std::to_string(dim) + " given");
  }
  if (points.empty() || points.size() % size_t(dim) != 0) {
    throw std::invalid_argument("the interior points of " + source + " must be whole rows of " +
                                std::to_string(dim) + " coordinates, at least one; got " +
                                std::to_string(points.size()) + " numbers");
  }
  return points;
}

BoundaryRows checked_boundary(BoundaryRows rows, int dim, const std::string& source) {
  const size_t n = rows.part.size();
  if (n == 0 || rows.points.size() != n * size_t(dim) || rows.normals.size() != n * size_t(dim)) {
    throw std::invalid_argument("the boundary of " + source + " must hold at least one point, " +
                                std::to_string(dim) + " coordinates and " + std::to_string(dim) +
                                " normal components for each part label; got " +
                                std::to_string(rows.points.size()) + " coordinates, " +
                                std::to_string(rows.normals.size()) + " normal components and " +
                                std::to_string(n) + " labels");
  }
  std::vector<int64_t> count(rows.parts.size(), 0);
  for (const int p : rows.part) {
    if (p < 0 || size_t(p) >= rows.parts.size()) {
      throw std::invalid_argument("the boundary of " + source + " labels a point with part " +
                                  std::to_string(p) + "; parts are numbered 0 to " +
                                  std::to_string(int(rows.parts.size()) - 1));
    }
    ++count[size_t(p)];
  }
  for (size_t p = 0; p < count.size(); ++p) {
    if (count[p] == 0) {
      throw std::invalid_argument("boundary part '" + rows.parts[p] + "' of " + source +
                                  " has no point");
    }
  }
  return rows;
}

}  // namespace

PointCloud::PointCloud(int dim, std::vector<double> interior, BoundaryRows boundary,
                       std::string interior_source, std::string boundary_source)
    : dim_(dim),
      interior_(checked_interior(std::move(interior), dim, interior_source)),
      boundary_(checked_boundary(std::move(boundary), dim, boundary_source)),
      interior_source_(std::move(interior_source)),
      boundary_source_(std::move(boundary_source)),
      interior_index_(interior_, dim),
      boundary_index_(boundary_.points, dim) {
  bounds_.lo.assign(size_t(dim), std::numeric_limits<double>::infinity());
  bounds_.hi.assign(size_t(dim), -std::numeric_limits<double>::infinity());
  for (const auto* set : {&interior_, &boundary_.points}) {
    for (size_t i = 0; i < set->size(); ++i) {
      const size_t a = i % size_t(dim);
      bounds_.lo[a] = std::min(bounds_.lo[a], (*set)[i]);
      bounds_.hi[a] = std::max(bounds_.hi[a], (*set)[i]);
    }
  }
  for (int a = 0; a < dim; ++a) {
    if (!(bounds_.lo[size_t(a)] < bounds_.hi[size_t(a)])) {
      throw std::invalid_argument("the points of " + interior_source_ + " and " + boundary_source_ +
                                  " all have coordinate " + std::to_string(a + 1) + " = " +
                                  shortest_decimal(bounds_.lo[size_t(a)]) +
                                  ": a domain needs an extent along every axis");
    }
  }
  tolerance_ = kOnBoundary * bounds_.diameter();
  check_orientation();

  std::vector<int64_t> count(boundary_.parts.size(), 0);
  for (const int p : boundary_.part) ++count[size_t(p)];
  std::vector<std::string> per_part;
  for (size_t p = 0; p < count.size(); ++p) {
    per_part.push_back(boundary_.parts[p] + " " + std::to_string(count[p]));
  }
  description_ = std::to_string(dim) + "-D point cloud: " + std::to_string(interior_index_.size()) +
                 " interior points from " + interior_source_ + ", " +
                 std::to_string(boundary_index_.size()) + " boundary points from " +
                 boundary_source_ + " (" + join(per_part) + ")";
}

void PointCloud::check_orientation() const {
  std::vector<int64_t> count(boundary_.parts.size(), 0), inward(boundary_.parts.size(), 0);
  for (int64_t b = 0; b < boundary_index_.size(); ++b) {
    const double* x = &boundary_.points[size_t(b * dim_)];
    const double* n = &boundary_.normals[size_t(b * dim_)];
    const double* p = &interior_[size_t(interior_index_.nearest(x).index * dim_)];
    double ahead = 0;
    for (int a = 0; a < dim_; ++a) ahead += (p[a] - x[a]) * n[a];
    const auto part = size_t(boundary_.part[size_t(b)]);
    ++count[part];
    if (ahead > 0) ++inward[part];
  }
  for (size_t p = 0; p < count.size(); ++p) {
    if (2 * inward[p] > count[p]) {
      throw std::invalid_argument(
          "boundary part '" + boundary_.parts[p] + "' of " + boundary_source_ + ": at " +
          std::to_string(inward[p]) + " of its " + std::to_string(count[p]) +
          " points the nearest interior point lies ahead of the normal; normals must point out "
          "of the domain (on a hole's rim, into the hole)");
    }
  }
}

int64_t PointCloud::rows_of(const std::vector<double>& points) const {
  if (points.size() % size_t(dim_) != 0) {
    throw std::invalid_argument(std::to_string(points.size()) +
                                " coordinates are not whole points of the " + std::to_string(dim_) +
                                "-D point cloud");
  }
  return static_cast<int64_t>(points.size() / size_t(dim_));
}

std::vector<char> PointCloud::contains(const std::vector<double>& points) const {
  std::vector<char> inside(static_cast<size_t>(rows_of(points)), 0);
  for (size_t i = 0; i < inside.size(); ++i) {
    const double* x = &points[i * size_t(dim_)];
    bool in_bounds = true;
    for (int a = 0; a < dim_; ++a) {
      // Written so that NaN is out of bounds too.
      in_bounds = in_bounds && x[a] >= bounds_.lo[size_t(a)] - tolerance_ &&
                  x[a] <= bounds_.hi[size_t(a)] + tolerance_;
    }
    if (!in_bounds) continue;
    // Only a boundary point strictly nearer than the nearest interior point decides; a
    // search bounded by that distance ends soon where interior points are dense.
    const auto interior = interior_index_.nearest(x);
    const auto boundary = boundary_index_.nearest_within(x, interior.distance2);
    if (boundary.index < 0) {
      inside[i] = 1;
      continue;
    }
    const double* b = &boundary_.points[size_t(boundary.index * dim_)];
    const double* n = &boundary_.normals[size_t(boundary.index * dim_)];
    double ahead = 0;
    for (int a = 0; a < dim_; ++a) ahead += (x[a] - b[a]) * n[a];
    inside[i] = ahead <= tolerance_;
  }
  return inside;
}

std::vector<double> PointCloud::draw(const std::vector<double>& rows, std::vector<int64_t> pool,
                                     int64_t n, int extra, SamplingMethod method,
                                     uint64_t seed) const {
  // The first n steps of a Fisher-Yates shuffle: n distinct rows, each subset equally likely.
  std::mt19937_64 random(seed);
  const auto size = static_cast<int64_t>(pool.size());
  for (int64_t i = 0; i < n; ++i) {
    std::swap(pool[size_t(i)], pool[size_t(i + int64_t(below(random, uint64_t(size - i))))]);
  }
  const auto unit =
      extra > 0 ? sample_unit_cube(method, n, extra, mixed(seed)) : std::vector<double>();
  const int width = dim_ + extra;
  std::vector<double> out(size_t(n * width));
  for (int64_t i = 0; i < n; ++i) {
    std::copy_n(&rows[size_t(pool[size_t(i)] * dim_)], dim_, &out[size_t(i * width)]);
    std::copy_n(unit.data() + i * extra, extra, &out[size_t(i * width + dim_)]);
  }
  return out;
}

std::vector<double> PointCloud::sample_interior(int64_t n, int extra, SamplingMethod method,
                                                uint64_t seed) const {
  const int64_t size = interior_index_.size();
  if (n < 0 || n > size || extra < 0) {
    throw std::invalid_argument(
        "cannot draw " + std::to_string(n) + " distinct interior points (with " +
        std::to_string(extra) + " extra coordinates) from " + interior_source_ + ": it holds " +
        std::to_string(size) + "; ask for at most that many, or write more points");
  }
  std::vector<int64_t> pool(static_cast<size_t>(size));
  std::iota(pool.begin(), pool.end(), int64_t{0});
  return draw(interior_, std::move(pool), n, extra, method, seed);
}

std::vector<int64_t> PointCloud::boundary_pool(const std::vector<std::string>& parts) const {
  std::vector<char> chosen(boundary_.parts.size(), parts.empty() ? 1 : 0);
  for (const auto& name : parts) {
    const auto it = std::find(boundary_.parts.begin(), boundary_.parts.end(), name);
    if (it == boundary_.parts.end()) {
      throw std::invalid_argument(
          "'" + name + "' is not a part of the domain's boundary; parts: " + join(boundary_.parts));
    }
    chosen[size_t(it - boundary_.parts.begin())] = 1;
  }
  std::vector<int64_t> pool;
  for (size_t b = 0; b < boundary_.part.size(); ++b) {
    if (chosen[size_t(boundary_.part[b])]) pool.push_back(int64_t(b));
  }
  return pool;
}

std::vector<double> PointCloud::sample_boundary(const std::vector<std::string>& parts, int64_t n,
                                                int extra, SamplingMethod method,
                                                uint64_t seed) const {
  auto pool = boundary_pool(parts);
  if (n < 0 || n > int64_t(pool.size()) || extra < 0) {
    const auto which = parts.empty() ? std::string("the boundary")
                                     : (parts.size() == 1 ? "part " : "parts ") + join(parts);
    throw std::invalid_argument(
        "cannot draw " + std::to_string(n) + " distinct points of " + which + " (with " +
        std::to_string(extra) + " extra coordinates) from " + boundary_source_ + ": it holds " +
        std::to_string(pool.size()) + "; ask for at most that many, or write more points");
  }
  return draw(boundary_.points, std::move(pool), n, extra, method, seed);
}

std::vector<double> PointCloud::normals(const std::vector<double>& points) const {
  const int64_t rows = rows_of(points);
  std::vector<double> out(points.size());
  for (int64_t i = 0; i < rows; ++i) {
    const auto hit = boundary_index_.nearest(&points[size_t(i * dim_)]);
    std::copy_n(&boundary_.normals[size_t(hit.index * dim_)], dim_, &out[size_t(i * dim_)]);
  }
  return out;
}

std::vector<int> PointCloud::part_of(const std::vector<double>& points) const {
  const int64_t rows = rows_of(points);
  std::vector<int> out(static_cast<size_t>(rows));
  for (int64_t i = 0; i < rows; ++i) {
    out[size_t(i)] =
        boundary_.part[size_t(boundary_index_.nearest(&points[size_t(i * dim_)]).index)];
  }
  return out;
}

std::shared_ptr<const Geometry> read_point_cloud(const std::string& interior_path,
                                                 const std::string& boundary_path, int dim) {
  return std::make_shared<const PointCloud>(dim, read_interior_points(interior_path, dim),
                                            read_boundary_points(boundary_path, dim),
                                            "'" + interior_path + "'", "'" + boundary_path + "'");
}

}  // namespace pinn::geometry
