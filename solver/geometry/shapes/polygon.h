#pragma once
// A simple polygon given by its vertices (a triangle is one with three). Edge i runs
// from vertex i to vertex i + 1 (the last back to the first); its side is named "i".

#include <array>
#include <string>
#include <vector>

#include "solver/geometry/shape.h"

namespace pinn::geometry {

class Polygon final : public Shape {
 public:
  // Either orientation. Throws std::invalid_argument for fewer than 3 vertices, a vertex
  // that is not finite, a repeated vertex, all vertices on one line, or two edges that
  // cross or touch other than at their shared vertex.
  Polygon(std::string kind, std::vector<std::array<double, 2>> vertices);

  std::string kind() const override { return kind_; }
  int dim() const override { return 2; }
  Bounds bounds() const override;
  double volume() const override { return area_; }
  double signed_distance(const double* x) const override;
  std::vector<Surface> surfaces() const override;

 private:
  std::string kind_;
  std::vector<std::array<double, 2>> v_;  // counter-clockwise
  double area_ = 0;
  bool reversed_ = false;  // the vertices were given clockwise
};

}  // namespace pinn::geometry
