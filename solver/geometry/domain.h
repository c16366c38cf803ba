#pragma once

#include <memory>
#include <string>
#include <vector>

#include "solver/geometry/geometry.h"

namespace pinn {

// The most inputs a problem may have. Sobol sampling covers 32 dimensions, so every
// region's unit sample (at most one per input) fits; the evaluation grid's default
// shrinks with the inputs to stay near a million nodes.
constexpr int kMaxInputs = 16;

// The network inputs' domain: an axis-aligned box, or a shape over the spatial inputs
// (then lo and hi of the spatial inputs are the shape's bounds). One axis may be time; the
// rest are spatial.
struct Domain {
  std::vector<std::string> names;
  std::vector<double> lo, hi;
  int time_axis = -1;  // Index of the time input, -1 if none.
  // The spatial domain when it is not the box: its coordinates are the spatial inputs, in
  // axis order.
  std::shared_ptr<const geometry::Geometry> shape;

  int dim() const;
  // Number of non-time axes.
  int spatial_dim() const;
  bool has_time() const { return time_axis >= 0; }
  // Indices of the non-time axes, in axis order.
  std::vector<int> spatial_axes() const;

  // Throws std::invalid_argument naming the offending axis, its values and the rule broken:
  // equal sizes, 1 <= dim <= kMaxInputs, unique non-empty names, finite lo < hi, time_axis in range
  // or -1, a shape of spatial_dim() dimensions.
  void validate() const;
  // The spatial coordinates of row-major points (dim() columns), row-major.
  std::vector<double> spatial_part(const std::vector<double>& points) const;
  // The shape's outward unit normals at row-major boundary points (dim() columns), in
  // dim() columns (0 for time). Throws std::logic_error without a shape.
  std::vector<double> shape_normals(const std::vector<double>& points) const;
};

}  // namespace pinn
