#pragma once
// Combined shapes with closed-form areas (volumes) and boundary parts: the geometry
// tests' cases, each with what every part of its boundary measures.

#include <cmath>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/sampling/geometry_support.h"

namespace pinn::geometry::testing {

struct Combination {
  std::string label;
  CsgNode root;
  double volume = 0;
  std::map<std::string, double> parts;  // part name -> its length or area on the boundary
  // Two primitives' surfaces coincide somewhere: a point on both may bound the domain
  // while both primitives' signed distances vanish there.
  bool coincident = false;
};

inline std::vector<Combination> combinations() {
  std::vector<Combination> out;
  // Poisson2d-C.
  out.push_back({"poisson2d_c", poisson2d_c(), 1 - 4 * kPi * 0.01, {{"square", 4.0}}});
  for (int k = 1; k <= 4; ++k) out.back().parts["hole" + std::to_string(k)] = 2 * kPi * 0.1;
  // Poisson2d-CG: four holes of radii 0.2, 0.4, 0.1, 0.3.
  out.push_back({"poisson2d_cg", poisson2d_cg(), 4 - 0.3 * kPi, {{"square", 8.0}}});
  const double radii[] = {0.2, 0.4, 0.1, 0.3};
  for (int k = 0; k < 4; ++k) out.back().parts["disk" + std::to_string(k + 1)] = 2 * kPi * radii[k];
  // A square with a bite out of its right side: the disk (0.4, 0) r 0.2 crosses x = 0.5
  // at +-60 degrees, so 240 degrees of its rim and 1 - 0.2 sqrt 3 of that side remain.
  {
    const double segment = 0.04 * kPi / 3 - 0.1 * std::sqrt(0.03);  // the disk beyond x = 0.5
    out.push_back({"bite",
                   combine(Combine::Difference, {leaf(rectangle(-0.5, -0.5, 0.5, 0.5), "square"),
                                                 leaf(disk(0.4, 0, 0.2), "bite")}),
                   1 - (0.04 * kPi - segment),
                   {{"square", 4 - 0.2 * std::sqrt(3.0)}, {"bite", 0.8 * kPi / 3}}});
  }
  // Two overlapping disks: r1 = 1 at the origin, r2 = 0.8 at (1.2, 0.3). Each keeps its
  // rim outside the other in the union, inside it in the intersection.
  {
    const double r1 = 1, r2 = 0.8, d = std::hypot(1.2, 0.3);
    const double a1 = std::acos((d * d + r1 * r1 - r2 * r2) / (2 * d * r1));
    const double a2 = std::acos((d * d + r2 * r2 - r1 * r1) / (2 * d * r2));
    const auto pair = [&](Combine how) {
      return combine(how, {leaf(disk(0, 0, r1), "left"), leaf(disk(1.2, 0.3, r2), "right")});
    };
    const double lens = lens_area(r1, r2, d);
    out.push_back({"union of disks",
                   pair(Combine::Union),
                   kPi * (r1 * r1 + r2 * r2) - lens,
                   {{"left", (2 * kPi - 2 * a1) * r1}, {"right", (2 * kPi - 2 * a2) * r2}}});
    out.push_back({"intersection of disks",
                   pair(Combine::Intersection),
                   lens,
                   {{"left", 2 * a1 * r1}, {"right", 2 * a2 * r2}}});
  }
  // The unit square and the unit disk at its corner: a quarter disk.
  out.push_back({"quarter disk",
                 combine(Combine::Intersection,
                         {leaf(rectangle(0, 0, 1, 1), "square"), leaf(disk(0, 0, 1), "arc")}),
                 kPi / 4,
                 {{"square", 2.0}, {"arc", kPi / 2}}});
  // (rectangle [0, 2] x [0, 1] with a half disk capping its right side) minus (a disk and a
  // triangle inside it).
  out.push_back(
      {"nested",
       combine(Combine::Difference,
               {combine(Combine::Union,
                        {leaf(rectangle(0, 0, 2, 1), "body"), leaf(disk(2, 0.5, 0.5), "cap")}),
                combine(Combine::Union, {leaf(disk(0.5, 0.5, 0.25), "hole"),
                                         leaf(std::make_shared<Polygon>(
                                                  "triangle",
                                                  std::vector<std::array<double, 2>>{
                                                      {1.2, 0.2}, {1.6, 0.2}, {1.4, 0.8}}),
                                              "notch")})}),
       2 + kPi * 0.125 - kPi * 0.0625 - 0.12,
       {{"body", 5.0},
        {"cap", 0.5 * kPi},
        {"hole", 0.5 * kPi},
        {"notch", 0.4 + 2 * std::sqrt(0.4)}}});
  // Boxes sharing faces: the shared bottom of the intersection belongs to the first box,
  // the shared face of the union to neither.
  out.push_back({"intersection of boxes",
                 combine(Combine::Intersection,
                         {leaf(rectangle(0, 0, 2, 1), "a"), leaf(rectangle(1, 0, 3, 1), "b")}),
                 1,
                 {{"a", 3.0}, {"b", 1.0}},
                 true});
  out.push_back({"union of boxes",
                 combine(Combine::Union,
                         {leaf(rectangle(0, 0, 1, 1), "a"), leaf(rectangle(1, 0, 2, 1), "b")}),
                 2,
                 {{"a", 3.0}, {"b", 3.0}},
                 true});
  // The unit cube minus two balls.
  out.push_back({"box minus balls",
                 box_minus_balls(),
                 1 - 4 * kPi / 3 * (0.008 + 0.015625),
                 {{"box", 6.0}, {"ball1", 4 * kPi * 0.04}, {"ball2", 4 * kPi * 0.0625}}});
  return out;
}

// The combination called `label`.
inline Combination combination(const std::string& label) {
  for (auto& c : combinations()) {
    if (c.label == label) return c;
  }
  throw std::invalid_argument("no combination '" + label + "'");
}

}  // namespace pinn::geometry::testing
