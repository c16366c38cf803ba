// The outward normals of a combined shape: each piece through the point that bounds the
// domain there adds its primitive's normal, signed by the side the domain lies on.

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "solver/geometry/csg.h"

namespace pinn::geometry {
namespace {

// Relative to the bounds' diameter: how close two pieces must be for a point to lie on
// both (a corner), and how far along a piece a corner's pieces are tested: ten probe
// lengths of the boundary test (csg.cpp), so that its probes clear the other pieces.
constexpr double kCorner = 1e-9;
constexpr double kAlong = 1e-7;
// At most this many other pieces steer the steps away from a corner (2^k directions).
constexpr size_t kMostMeeting = 4;

using BoundaryTest = std::function<int(const double* x, const double* n)>;

// The boundary test of `piece` a little way along it from x, a corner where `others` meet
// it; x's own test cannot tell at a convex corner, where both of its probes land on or
// beyond another piece. The steps go along the piece's tangent space, in the directions
// of the other pieces' normals' tangential parts summed with every choice of sign; the
// first step that stays on the piece and finds the boundary decides.
int beside_corner(const Surface& piece, const std::vector<const Surface*>& others, const double* x,
                  const double* n, int dim, double step, const BoundaryTest& test) {
  std::vector<std::vector<double>> tangents;
  std::vector<double> m(static_cast<size_t>(dim)), dir(static_cast<size_t>(dim)),
      y(static_cast<size_t>(dim)), ny(static_cast<size_t>(dim));
  for (const auto* other : others) {
    if (tangents.size() == kMostMeeting) break;
    other->normal(x, m.data());
    double along = 0, length = 0;
    for (int a = 0; a < dim; ++a) along += m[size_t(a)] * n[a];
    for (int a = 0; a < dim; ++a) length += std::pow(m[size_t(a)] - along * n[a], 2);
    // A piece tangent to this one (a shared face) gives no direction.
    if (std::sqrt(length) < 1e-6) continue;
    tangents.emplace_back(static_cast<size_t>(dim));
    for (int a = 0; a < dim; ++a) tangents.back()[size_t(a)] = m[size_t(a)] - along * n[a];
  }
  for (size_t signs = 0; signs < (size_t(1) << tangents.size()); ++signs) {
    std::fill(dir.begin(), dir.end(), 0.0);
    for (size_t t = 0; t < tangents.size(); ++t) {
      const double sign = (signs >> t) & 1 ? 1.0 : -1.0;
      for (int a = 0; a < dim; ++a) dir[size_t(a)] += sign * tangents[t][size_t(a)];
    }
    double length = 0;
    for (const double d : dir) length += d * d;
    length = std::sqrt(length);
    if (length < 1e-6) continue;
    for (int a = 0; a < dim; ++a) y[size_t(a)] = x[a] + step * dir[size_t(a)] / length;
    // Past the piece's edge; on a curved piece the step leaves it only by step^2 / radius.
    if (piece.distance(y.data()) > 0.01 * step) continue;
    piece.normal(y.data(), ny.data());
    const int sign = test(y.data(), ny.data());
    if (sign != 0) return sign;
  }
  return 0;
}

}  // namespace

std::vector<double> Csg::normals(const std::vector<double>& points) const {
  const auto dim = size_t(dim_);
  const auto rows = points.size() / dim;
  std::vector<double> out(points.size(), 0.0);
  std::vector<double> distance(pieces_.size()), n(dim), projected(dim);
  std::vector<size_t> meeting;
  const BoundaryTest test = [this](const double* x, const double* normal) {
    return boundary_sign(x, normal);
  };
  for (size_t i = 0; i < rows; ++i) {
    const double* x = &points[i * dim];
    double* normal = &out[i * dim];
    double nearest = std::numeric_limits<double>::infinity();
    for (size_t p = 0; p < pieces_.size(); ++p) {
      distance[p] = pieces_[p].surface.distance(x);
      nearest = std::min(nearest, distance[p]);
    }
    meeting.clear();
    for (size_t p = 0; p < pieces_.size(); ++p) {
      if (distance[p] <= nearest + kCorner * scale_) meeting.push_back(p);
    }
    int used = 0;
    for (const auto p : meeting) {
      const auto& surface = pieces_[p].surface;
      surface.normal(x, n.data());
      // The boundary test at the point of the piece nearest x.
      const double side = leaves_[size_t(pieces_[p].leaf)]->signed_distance(x);
      for (size_t a = 0; a < dim; ++a) projected[a] = x[a] - side * n[a];
      int sign = boundary_sign(projected.data(), n.data());
      if (sign == 0 && meeting.size() > 1) {
        std::vector<const Surface*> others;
        for (const auto q : meeting) {
          if (q != p) others.push_back(&pieces_[q].surface);
        }
        sign =
            beside_corner(surface, others, projected.data(), n.data(), dim_, kAlong * scale_, test);
      }
      if (sign == 0) continue;
      for (size_t a = 0; a < dim; ++a) normal[a] += sign * n[a];
      ++used;
    }
    if (used == 0) {
      // Off the boundary: the nearest piece's primitive normal.
      const auto p = size_t(std::min_element(distance.begin(), distance.end()) - distance.begin());
      pieces_[p].surface.normal(x, normal);
      continue;
    }
    double norm = 0;
    for (size_t a = 0; a < dim; ++a) norm += normal[a] * normal[a];
    norm = std::sqrt(norm);
    if (norm > 0) {
      for (size_t a = 0; a < dim; ++a) normal[a] /= norm;
    }
  }
  return out;
}

}  // namespace pinn::geometry
