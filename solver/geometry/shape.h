#pragma once
// A primitive shape of n-dimensional space (a disk, a polygon, a box, ...): its
// inside as a signed distance, and its boundary as smooth pieces, each mapped from
// a unit cube uniformly in length or area so that boundary points are drawn by
// transforming unit samples.

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace pinn::geometry {

// An axis-aligned box: the bounds of a shape.
struct Bounds {
  std::vector<double> lo, hi;
  // The length of the box's diagonal.
  double diameter() const;
};

// One smooth piece of a primitive's boundary: a polygon's edge, a box's face, a disk's circle.
struct Surface {
  std::string side;    // which piece: "0" (a polygon's first edge), "x_min", "side"; "" if one
  double measure = 0;  // length, area (or 1 for an end of an interval)
  int parameters = 0;  // unit coordinates place() reads
  // The point at unit coordinates `u`, uniform in measure over the piece, and the
  // primitive's outward unit normal there.
  std::function<void(const double* u, double* point, double* normal)> place;
  // Distance from `x` to the piece.
  std::function<double(const double* x)> distance;
  // The primitive's outward unit normal at the point of the piece nearest `x`.
  std::function<void(const double* x, double* normal)> normal;
};

class Shape {
 public:
  virtual ~Shape() = default;

  // "disk", "polygon", ...: for messages.
  virtual std::string kind() const = 0;
  virtual int dim() const = 0;
  virtual Bounds bounds() const = 0;
  // Length, area or volume, exact.
  virtual double volume() const = 0;
  // Negative inside, positive outside, zero on the boundary; its magnitude is the
  // Euclidean distance to the boundary.
  virtual double signed_distance(const double* x) const = 0;
  // The boundary, piece by piece (their measures add up to the boundary's).
  virtual std::vector<Surface> surfaces() const = 0;
};

}  // namespace pinn::geometry
