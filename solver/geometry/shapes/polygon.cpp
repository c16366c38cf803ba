#include "solver/geometry/shapes/polygon.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "solver/common/text.h"

namespace pinn::geometry {
namespace {

using Point = std::array<double, 2>;

double cross(const Point& o, const Point& a, const Point& b) {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

std::string text(const Point& p) {
  return "[" + shortest_decimal(p[0]) + ", " + shortest_decimal(p[1]) + "]";
}

// Distance from x to the segment a-b.
double segment_distance(const double* x, const Point& a, const Point& b) {
  const double dx = b[0] - a[0], dy = b[1] - a[1];
  const double t =
      std::clamp(((x[0] - a[0]) * dx + (x[1] - a[1]) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
  return std::hypot(x[0] - a[0] - t * dx, x[1] - a[1] - t * dy);
}

bool on_segment(const Point& a, const Point& b, const Point& p) {
  return std::min(a[0], b[0]) <= p[0] && p[0] <= std::max(a[0], b[0]) &&
         std::min(a[1], b[1]) <= p[1] && p[1] <= std::max(a[1], b[1]);
}

// Whether the closed segments a-b and c-d share a point.
bool segments_meet(const Point& a, const Point& b, const Point& c, const Point& d) {
  const double d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
    return true;
  }
  return (d1 == 0 && on_segment(c, d, a)) || (d2 == 0 && on_segment(c, d, b)) ||
         (d3 == 0 && on_segment(a, b, c)) || (d4 == 0 && on_segment(a, b, d));
}

}  // namespace

Polygon::Polygon(std::string kind, std::vector<Point> vertices)
    : kind_(std::move(kind)), v_(std::move(vertices)) {
  const size_t n = v_.size();
  if (n < 3) {
    throw std::invalid_argument("has " + std::to_string(n) + " vertices; a " + kind_ +
                                " needs at least 3");
  }
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(v_[i][0]) || !std::isfinite(v_[i][1])) {
      throw std::invalid_argument("vertex " + std::to_string(i) + " " + text(v_[i]) +
                                  " is not finite");
    }
    for (size_t j = 0; j < i; ++j) {
      if (v_[i] == v_[j]) {
        throw std::invalid_argument("vertex " + std::to_string(i) + " " + text(v_[i]) +
                                    " repeats vertex " + std::to_string(j) +
                                    "; vertices must be distinct");
      }
    }
  }
  // All vertices on one line: judged before the edges, which would only be reported as
  // folding back over each other. Off-line distances are measured from the line through
  // vertex 0 and the vertex farthest from it, relative to that distance, so that the
  // polygon's own size sets the scale wherever it lies.
  size_t far = 0;
  double spread = 0;
  for (size_t i = 1; i < n; ++i) {
    const double d = std::hypot(v_[i][0] - v_[0][0], v_[i][1] - v_[0][1]);
    if (d > spread) {
      spread = d;
      far = i;
    }
  }
  double off_line = 0;
  for (const auto& p : v_) off_line = std::max(off_line, std::abs(cross(v_[0], v_[far], p)));
  if (off_line <= 1e-14 * spread * spread) {
    throw std::invalid_argument("its " + std::to_string(n) + " vertices lie on one line; a " +
                                kind_ + " needs an area");
  }
  // Two edges may meet only where consecutive edges share their vertex; consecutive
  // edges folding back onto each other also meet elsewhere.
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 1; j < n; ++j) {
      const auto &a = v_[i], &b = v_[(i + 1) % n], &c = v_[j], &d = v_[(j + 1) % n];
      const bool next = j == i + 1, wrap = i == 0 && j == n - 1;
      bool meet;
      if (next) {
        meet = cross(a, b, d) == 0 && (on_segment(a, b, d) || on_segment(c, d, a));
      } else if (wrap) {
        meet = cross(c, d, b) == 0 && (on_segment(c, d, b) || on_segment(a, b, c));
      } else {
        meet = segments_meet(a, b, c, d);
      }
      if (meet) {
        throw std::invalid_argument("edge " + std::to_string(i) + " (" + text(a) + " to " +
                                    text(b) + ") and edge " + std::to_string(j) + " (" + text(c) +
                                    " to " + text(d) +
                                    ") intersect; a polygon's edges may meet only at shared "
                                    "vertices");
      }
    }
  }
  // Shoelace about vertex 0, free of the cancellation of products of large coordinates.
  double twice_area = 0;
  for (size_t i = 1; i + 1 < n; ++i) twice_area += cross(v_[0], v_[i], v_[i + 1]);
  if (twice_area < 0) {
    std::reverse(v_.begin(), v_.end());
    reversed_ = true;
  }
  area_ = std::abs(twice_area) / 2;
}

Bounds Polygon::bounds() const {
  Bounds b{{v_[0][0], v_[0][1]}, {v_[0][0], v_[0][1]}};
  for (const auto& p : v_) {
    for (int a = 0; a < 2; ++a) {
      b.lo[size_t(a)] = std::min(b.lo[size_t(a)], p[size_t(a)]);
      b.hi[size_t(a)] = std::max(b.hi[size_t(a)], p[size_t(a)]);
    }
  }
  return b;
}

double Polygon::signed_distance(const double* x) const {
  double d = std::numeric_limits<double>::infinity();
  bool inside = false;
  const size_t n = v_.size();
  for (size_t i = 0, j = n - 1; i < n; j = i++) {
    d = std::min(d, segment_distance(x, v_[j], v_[i]));
    // Crossing number along +x.
    if ((v_[i][1] > x[1]) != (v_[j][1] > x[1])) {
      const double at =
          v_[j][0] + (x[1] - v_[j][1]) * (v_[i][0] - v_[j][0]) / (v_[i][1] - v_[j][1]);
      if (x[0] < at) inside = !inside;
    }
  }
  return inside ? -d : d;
}

std::vector<Surface> Polygon::surfaces() const {
  // Edges are stored counter-clockwise; sides keep the order the vertices were given in.
  std::vector<Surface> out;
  const size_t n = v_.size();
  for (size_t i = 0; i < n; ++i) {
    const Point a = v_[i], b = v_[(i + 1) % n];
    const double length = std::hypot(b[0] - a[0], b[1] - a[1]);
    const Point outward = {(b[1] - a[1]) / length, -(b[0] - a[0]) / length};
    Surface s;
    s.side = std::to_string(reversed_ ? (2 * n - 2 - i) % n : i);
    s.measure = length;
    s.parameters = 1;
    s.place = [a, b, outward](const double* u, double* point, double* normal) {
      point[0] = a[0] + u[0] * (b[0] - a[0]);
      point[1] = a[1] + u[0] * (b[1] - a[1]);
      normal[0] = outward[0];
      normal[1] = outward[1];
    };
    s.distance = [a, b](const double* x) { return segment_distance(x, a, b); };
    s.normal = [outward](const double*, double* normal) {
      normal[0] = outward[0];
      normal[1] = outward[1];
    };
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace pinn::geometry
