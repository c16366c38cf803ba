#include "solver/sampling/face_sampler.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "solver/sampling/unit_cube.h"

namespace pinn {
namespace {

void check_faces(const Domain& domain, const std::vector<BoxFace>& faces, int64_t n) {
  domain.validate();
  if (faces.empty()) throw std::invalid_argument("sample_faces: no face to sample");
  for (size_t i = 0; i < faces.size(); ++i) {
    if (faces[i].axis < 0 || faces[i].axis >= domain.dim()) {
      throw std::invalid_argument("sample_faces: axis " + std::to_string(faces[i].axis) +
                                  " is not an axis of the " + std::to_string(domain.dim()) +
                                  "-input domain");
    }
    if (std::find(faces.begin(), faces.begin() + static_cast<std::ptrdiff_t>(i), faces[i]) !=
        faces.begin() + static_cast<std::ptrdiff_t>(i)) {
      throw std::invalid_argument("sample_faces: face " + face_name(domain, faces[i]) +
                                  " is listed twice");
    }
  }
  if (n < 0) {
    throw std::invalid_argument("sample_faces: n must be >= 0 (got " + std::to_string(n) + ")");
  }
}

}  // namespace

std::vector<double> sample_faces(const Domain& domain, const std::vector<BoxFace>& faces,
                                 SamplingMethod method, int64_t n, uint64_t seed) {
  check_faces(domain, faces, n);
  const int dim = domain.dim();
  const int pick = faces.size() > 1 ? 1 : 0;  // the unit coordinate that picks the face
  const int udim = dim - 1 + pick;

  std::vector<double> cumulative;
  double total = 0;
  for (const auto& face : faces) {
    double measure = 1;
    for (int a = 0; a < dim; ++a) {
      if (a != face.axis) measure *= domain.hi[a] - domain.lo[a];
    }
    cumulative.push_back(total += measure);
  }
  for (double& c : cumulative) c /= total;
  cumulative.back() = 1.0;  // rounding must not leave u just above the last edge

  const std::vector<double> u =
      udim > 0 ? sample_unit_cube(method, n, udim, seed) : std::vector<double>();
  std::vector<double> points(static_cast<size_t>(n) * static_cast<size_t>(dim));
  for (int64_t i = 0; i < n; ++i) {
    const double* ui = u.data() + static_cast<size_t>(i) * static_cast<size_t>(udim);
    double* p = &points[static_cast<size_t>(i) * static_cast<size_t>(dim)];
    size_t f = 0;
    if (pick) {
      while (f + 1 < faces.size() && ui[0] >= cumulative[f]) ++f;
    }
    const auto& face = faces[f];
    for (int a = 0, k = pick; a < dim; ++a) {
      if (a == face.axis) {
        p[a] = face.upper ? domain.hi[a] : domain.lo[a];
      } else {
        p[a] = domain.lo[a] + ui[k++] * (domain.hi[a] - domain.lo[a]);
      }
    }
  }
  return points;
}

}  // namespace pinn
