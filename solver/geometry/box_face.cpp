#include "solver/geometry/box_face.h"

#include <algorithm>
#include <cmath>
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

std::vector<BoxFace> spatial_faces(const Domain& domain) {
  std::vector<BoxFace> faces;
  for (const int axis : domain.spatial_axes()) {
    faces.push_back({axis, false});
    faces.push_back({axis, true});
  }
  return faces;
}

std::vector<double> face_normals(const Domain& domain, const std::vector<double>& points) {
  const auto dim = static_cast<size_t>(domain.dim());
  const auto spatial = domain.spatial_axes();
  std::vector<double> normals(points.size(), 0.0);
  for (size_t row = 0; row * dim < points.size(); ++row) {
    const double* p = &points[row * dim];
    double* n = &normals[row * dim];
    double norm2 = 0;
    for (const int a : spatial) {
      n[a] = p[a] == domain.hi[a] ? 1.0 : (p[a] == domain.lo[a] ? -1.0 : 0.0);
      norm2 += n[a] * n[a];
    }
    if (norm2 > 1) {
      const double scale = 1 / std::sqrt(norm2);
      for (const int a : spatial) n[a] *= scale;
    }
  }
  return normals;
}

}  // namespace pinn
