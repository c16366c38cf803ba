#pragma once
// The faces of a domain's box, named by the input they bound: x_min is the face
// x = lo, x_max the face x = hi (t_min is the initial slice of a time input).

#include <string>
#include <vector>

#include "solver/geometry/domain.h"

namespace pinn {

struct BoxFace {
  int axis = 0;
  bool upper = false;  // the face input = hi; false: input = lo
  bool operator==(const BoxFace& other) const { return axis == other.axis && upper == other.upper; }
};

// "x_min", "t_max".
std::string face_name(const Domain& domain, const BoxFace& face);
// Every face's name, in axis order (x_min, x_max, y_min, ...).
std::vector<std::string> face_names(const Domain& domain);
// The face named `name`; throws std::invalid_argument listing the valid names.
BoxFace parse_face(const Domain& domain, const std::string& name);

// The faces the spatial boundary is made of (every face but the time input's).
std::vector<BoxFace> spatial_faces(const Domain& domain);

// Outward unit normals at `points` (row-major, one coordinate per input) on the faces
// of the box: component k is -1 on the face of k = lo, +1 on k = hi, 0 otherwise,
// over the spatial inputs only; a point on several faces (an edge or corner) gets the
// normalised sum of their normals. A point on no spatial face gets 0.
std::vector<double> face_normals(const Domain& domain, const std::vector<double>& points);

}  // namespace pinn
