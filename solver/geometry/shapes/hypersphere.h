#pragma once
// A ball in n dimensions (n >= 2): a disk, a ball, a hypersphere's inside. Its boundary is
// one sphere, drawn uniformly: by angle on a circle, by height and angle on a 2-sphere
// (Archimedes), and from n normal deviates (inverse normal CDF of the unit coordinates)
// scaled to the radius above that.

#include <string>
#include <vector>

#include "solver/geometry/shape.h"

namespace pinn::geometry {

class Hypersphere final : public Shape {
 public:
  // Throws std::invalid_argument for fewer than 2 coordinates, a centre that is not finite,
  // or a radius that is not finite and > 0.
  Hypersphere(std::string kind, std::vector<double> center, double radius);

  std::string kind() const override { return kind_; }
  int dim() const override { return static_cast<int>(center_.size()); }
  Bounds bounds() const override;
  double volume() const override;
  double signed_distance(const double* x) const override;
  std::vector<Surface> surfaces() const override;
  // The sphere's measure: 2 pi r, 4 pi r^2, 2 pi^(n/2) r^(n-1) / Gamma(n/2).
  double surface_measure() const;

 private:
  std::string kind_;
  std::vector<double> center_;
  double radius_;
};

// The standard normal quantile at p in (0, 1), to about 1e-15.
double normal_quantile(double p);

}  // namespace pinn::geometry
