#include "solver/geometry/box_face.h"

#include <algorithm>
#include <stdexcept>

namespace pinn {

std::string face_name(const Domain& domain, const BoxFace& face) {
  return domain.names.at(static_cast<size_t>(face.axis)) + (face.upper ? "_max" : "_min");
}

std::vector<std::string> face_names(const Domain& domain) {
  std::vector<std::string> names;
  for (int axis = 0; axis < domain.dim(); ++axis) {
    names.push_back(face_name(domain, {axis, false}));
    names.push_back(face_name(domain, {axis, true}));
  }
  return names;
}

BoxFace parse_face(const Domain& domain, const std::string& name) {
  for (int axis = 0; axis < domain.dim(); ++axis) {
    for (const bool upper : {false, true}) {
      if (face_name(domain, {axis, upper}) == name) return {axis, upper};
    }
  }
  std::string valid;
  for (const auto& n : face_names(domain)) valid += (valid.empty() ? "" : ", ") + n;
  throw std::invalid_argument("'" + name + "' is not a face of the box; faces: " + valid);
}

}  // namespace pinn
