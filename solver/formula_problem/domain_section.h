#pragma once
// problem.domain: the spatial domain when it is not the inputs' box. A shape, or shapes
// combined by union, difference (the first minus the others) and intersection, nested
// to any depth; or a point cloud read from files.
//
//   domain:
//     difference:
//       - rectangle: {from: [-1, -1], to: [1, 1], name: outer, sides: {x_min: inlet}}
//       - disk: {center: [0, 0], radius: 0.2, name: hole}
//
// Primitives, their keys, and their sides (which `sides` may name):
//   interval      from, to (numbers)                          sides x_min, x_max
//   rectangle, box, hypercube   from, to (one number per input)   sides x_min, x_max, y_min, ...
//   disk, ball, hypersphere     center, radius                    one surface
//   ellipse       center, semi_axes [a, b], angle (radians, 0)     one surface
//   polygon, triangle           vertices [[x, y], ...]             sides 0, 1, ... (edge i from
//                                                                  vertex i to i + 1); `sides` may
//                                                                  also be a list, one per edge
//   cylinder      center (of the base), axis, radius, height       sides side, bottom, top
// Every primitive takes `name` (default: its kind and rank, disk1, disk2, ...), and `sides`
// names some of its sides: the named sides are parts of their own, the rest of its boundary
// the part `name`. Conditions say `on:` a part, a list of parts, or `boundary`.
//
//   domain:
//     point_cloud: {interior: FILE, boundary: FILE}
// reads interior points and boundary points with normals and part labels (point_cloud.h).

#include <memory>
#include <string>
#include <vector>

#include "solver/config/reader.h"
#include "solver/geometry/geometry.h"

namespace pinn {

// The shape of problem.domain over the spatial inputs `spatial` (their names, in order).
// Throws config::ConfigError at the key at fault.
std::shared_ptr<const geometry::Geometry> read_domain(const config::Reader& problem,
                                                      const std::vector<std::string>& spatial);

// Names a condition may not give a part: they mean something else in `on`.
bool is_reserved_part_name(const std::string& name);

}  // namespace pinn
