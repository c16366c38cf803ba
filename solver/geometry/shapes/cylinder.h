#pragma once
// A solid circular cylinder in 3-D: the centre of its base, the direction of its axis,
// its radius and height. Its sides: "side" (the curved surface), "bottom" (the disk at the
// base) and "top".

#include <array>
#include <string>
#include <vector>

#include "solver/geometry/shape.h"

namespace pinn::geometry {

class Cylinder final : public Shape {
 public:
  // Throws std::invalid_argument for values that are not finite, a zero axis, or a radius
  // or height that is not > 0.
  Cylinder(std::array<double, 3> base, std::array<double, 3> axis, double radius, double height);

  std::string kind() const override { return "cylinder"; }
  int dim() const override { return 3; }
  Bounds bounds() const override;
  double volume() const override;
  double signed_distance(const double* x) const override;
  std::vector<Surface> surfaces() const override;

 private:
  // x as (radial distance, height along the axis, radial unit vector).
  void local(const double* x, double& radial, double& along, double* outward) const;

  std::array<double, 3> base_, axis_, e1_, e2_;  // axis, e1, e2: orthonormal
  double radius_, height_;
};

}  // namespace pinn::geometry
