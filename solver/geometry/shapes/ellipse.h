#pragma once
// An ellipse's inside: centre, semi-axes a (along the rotated x axis) and b, and a
// rotation angle in radians. Its boundary is drawn uniformly in arc length (the angle
// parameter found from a tabulated arc length), and its signed distance is exact
// (the nearest point found by bisection, as in Eberly's "Distance from a point to an
// ellipse").

#include <array>
#include <string>
#include <vector>

#include "solver/geometry/shape.h"

namespace pinn::geometry {

class Ellipse final : public Shape {
 public:
  // Throws std::invalid_argument for a centre or angle that is not finite, or a semi-axis
  // that is not finite and > 0.
  Ellipse(std::array<double, 2> center, std::array<double, 2> semi_axes, double angle);

  std::string kind() const override { return "ellipse"; }
  int dim() const override { return 2; }
  Bounds bounds() const override;
  double volume() const override;
  double signed_distance(const double* x) const override;
  std::vector<Surface> surfaces() const override;
  double perimeter() const { return arc_.back(); }

 private:
  // The point of the ellipse nearest x, in the ellipse's own frame, and x in that frame.
  std::array<double, 2> nearest_local(const double* x, std::array<double, 2>& local) const;
  // The angle parameter at which the arc length from angle 0 equals s.
  double angle_at(double s) const;
  double speed(double angle) const;  // |d point / d angle|

  std::array<double, 2> c_, r_;
  double cos_, sin_;
  std::vector<double> arc_;  // arc length at angles 2 pi k / (size - 1)
};

}  // namespace pinn::geometry
