#pragma once
// A domain given as points, for shapes no formula describes (a CAD part meshed elsewhere):
// a set of interior points and a set of boundary points, each with the domain's outward
// unit normal and the name of its boundary part (file format: point_cloud_file.h).
//
// Sampling draws stored points: n distinct rows, a subset chosen by a seeded shuffle, so a
// term's points, and RAD's candidates, are a subset of the file's and never more than it
// holds. The sampling method applies to the `extra` coordinates (a time) drawn with them;
// the points themselves are spread as densely as the file spreads them, so a boundary
// written with evenly spaced points gives each part a share in proportion to its length.
//
// Everything else is read off the nearest stored point (a k-d tree, nearest_point.h:
// O(log N) a query):
//   normals(x), part_of(x): the normal and the part of the nearest boundary point (at a
//       corner, the nearest point's normal, not a blend of the two sides');
//   contains(x): true when the nearest stored point is an interior point (of an interior
//       and a boundary point equally near, the interior one), or is a boundary point b
//       with (x - b) . n_b <= 1e-10 of the bounds' diameter, x behind the boundary
//       there; false outside the bounds. Exact at the stored points and away from the
//       boundary by more than the points' spacing; within a spacing of the boundary it
//       follows the piecewise-flat surface the boundary points and normals describe.
//
// Costs, measured on one core of a shared 2-core machine with 1e5 interior points and 1e5
// boundary points on the unit circle, 1e5 queries each: building 0.07 s; normals at the
// stored boundary points or within a point spacing of them 0.06 s; contains at points
// spread over the bounds 0.3 to 0.45 s. normals and part_of at points far from the boundary
// cost more, up to 0.75 ms each at the circle's centre (a k-d tree's worst case: every
// boundary point nearly as near as the nearest); on the shipped bracket (5994 points), 1e5
// queries spread over the bounds take 0.06 s for normals and 0.07 s for contains.

#include <memory>
#include <string>
#include <vector>

#include "solver/geometry/geometry.h"
#include "solver/geometry/nearest_point.h"
#include "solver/geometry/point_cloud_file.h"

namespace pinn::geometry {

class PointCloud final : public Geometry {
 public:
  // `interior`: row-major, dim per row; `interior_source` and `boundary_source` name where
  // the points came from (files) in messages and the description. Throws
  // std::invalid_argument for dim < 1, no interior or boundary point, rows of the wrong
  // width, a part index outside `boundary.parts`, a part with no point, points spanning no
  // extent along an axis, or a part whose normals point into the domain at more than half
  // of its points (the nearest interior point lies in front of the boundary).
  PointCloud(int dim, std::vector<double> interior, BoundaryRows boundary,
             std::string interior_source, std::string boundary_source);

  int dim() const override { return dim_; }
  Bounds bounds() const override { return bounds_; }
  // In order of first appearance in the boundary file.
  std::vector<std::string> parts() const override { return boundary_.parts; }
  std::vector<char> contains(const std::vector<double>& points) const override;
  // Throws std::invalid_argument for n < 0 or n above the number of interior points.
  std::vector<double> sample_interior(int64_t n, int extra, SamplingMethod method,
                                      uint64_t seed) const override;
  // Throws std::invalid_argument for an unknown part, or n above the points of `parts`.
  std::vector<double> sample_boundary(const std::vector<std::string>& parts, int64_t n, int extra,
                                      SamplingMethod method, uint64_t seed) const override;
  std::optional<int64_t> interior_limit() const override { return interior_index_.size(); }
  // Throws std::invalid_argument for an unknown part.
  std::optional<int64_t> boundary_limit(const std::vector<std::string>& parts) const override {
    return static_cast<int64_t>(boundary_pool(parts).size());
  }
  std::vector<double> normals(const std::vector<double>& points) const override;
  std::vector<int> part_of(const std::vector<double>& points) const override;
  // One line: the files, the counts, the points per part.
  std::vector<std::string> description() const override { return {description_}; }

  const std::vector<double>& interior_points() const { return interior_; }
  const BoundaryRows& boundary_points() const { return boundary_; }

 private:
  // n distinct rows of `rows` (dim columns each) among those `pool` indexes, each followed
  // by `extra` unit coordinates.
  std::vector<double> draw(const std::vector<double>& rows, std::vector<int64_t> pool, int64_t n,
                           int extra, SamplingMethod method, uint64_t seed) const;
  // The indexes of the boundary rows on `parts` (every part when empty).
  std::vector<int64_t> boundary_pool(const std::vector<std::string>& parts) const;
  int64_t rows_of(const std::vector<double>& points) const;
  void check_orientation() const;

  int dim_ = 0;
  std::vector<double> interior_;
  BoundaryRows boundary_;
  std::string interior_source_, boundary_source_;
  Bounds bounds_;
  double tolerance_ = 0;  // 1e-10 of the bounds' diameter
  NearestPoint interior_index_;
  NearestPoint boundary_index_;
  std::string description_;
};

// The point cloud of two text files (point_cloud_file.h) with `dim` coordinates per point:
// what a config's `domain: {point_cloud: {interior: FILE, boundary: FILE}}` reads. Throws
// std::invalid_argument as read_interior_points, read_boundary_points and PointCloud do.
std::shared_ptr<const Geometry> read_point_cloud(const std::string& interior_path,
                                                 const std::string& boundary_path, int dim);

}  // namespace pinn::geometry
