#pragma once
// An axis-aligned box in any dimension: an interval (1-D), a rectangle, a box, a
// hypercube. Its faces are named by the input they bound: x_min is the face x = lo.

#include <string>
#include <vector>

#include "solver/geometry/shape.h"

namespace pinn::geometry {

class Box final : public Shape {
 public:
  // `axes` names the inputs (x, y, ...), one per coordinate of lo and hi. Throws
  // std::invalid_argument unless every lo < hi and both are finite.
  Box(std::string kind, std::vector<double> lo, std::vector<double> hi,
      std::vector<std::string> axes);

  std::string kind() const override { return kind_; }
  int dim() const override { return static_cast<int>(lo_.size()); }
  Bounds bounds() const override { return {lo_, hi_}; }
  double volume() const override;
  double signed_distance(const double* x) const override;
  std::vector<Surface> surfaces() const override;

 private:
  std::string kind_;
  std::vector<double> lo_, hi_;
  std::vector<std::string> axes_;
};

}  // namespace pinn::geometry
