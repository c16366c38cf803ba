#pragma once
// The faces of a domain's box, named by the input they bound: x_min is the face
// x = lo, x_max the face x = hi (t_min is the initial slice of a time input). Their
// outward normals: box_normals in formula_problem/formula_terms.h.

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

}  // namespace pinn
