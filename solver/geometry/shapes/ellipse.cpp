#include "solver/geometry/shapes/ellipse.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "solver/common/text.h"

namespace pinn::geometry {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kArcNodes = 4097;

// The root s of (r0 z0 / (s + r0))^2 + (z1 / (s + 1))^2 = 1 with g its value at s = 0, by
// bisection (Eberly's GetRoot): z0, z1 > 0, r0 = (a / b)^2 >= 1.
double root(double r0, double z0, double z1, double g) {
  const double n0 = r0 * z0;
  double s0 = z1 - 1, s1 = g < 0 ? 0 : std::hypot(n0, z1) - 1, s = 0;
  for (int i = 0; i < 200; ++i) {
    s = (s0 + s1) / 2;
    if (s == s0 || s == s1) break;
    const double ratio0 = n0 / (s + r0), ratio1 = z1 / (s + 1);
    const double value = ratio0 * ratio0 + ratio1 * ratio1 - 1;
    if (value > 0) {
      s0 = s;
    } else if (value < 0) {
      s1 = s;
    } else {
      break;
    }
  }
  return s;
}

}  // namespace

Ellipse::Ellipse(std::array<double, 2> center, std::array<double, 2> semi_axes, double angle)
    : c_(center), r_(semi_axes), cos_(std::cos(angle)), sin_(std::sin(angle)) {
  if (!std::isfinite(c_[0]) || !std::isfinite(c_[1]) || !std::isfinite(angle)) {
    throw std::invalid_argument("its centre and angle must be finite");
  }
  for (const double r : r_) {
    if (!std::isfinite(r) || !(r > 0)) {
      throw std::invalid_argument("a semi-axis is " + shortest_decimal(r) +
                                  "; semi-axes must be finite and > 0");
    }
  }
  // Arc length by 5-point Gauss-Legendre on each of kArcNodes - 1 intervals.
  static const double nodes[] = {0, -0.5384693101056831, 0.5384693101056831, -0.9061798459386640,
                                 0.9061798459386640};
  static const double weights[] = {0.5688888888888889, 0.4786286704993665, 0.4786286704993665,
                                   0.2369268850561891, 0.2369268850561891};
  arc_.assign(kArcNodes, 0.0);
  const double h = 2 * kPi / (kArcNodes - 1);
  for (int k = 1; k < kArcNodes; ++k) {
    const double mid = (k - 0.5) * h;
    double sum = 0;
    for (int q = 0; q < 5; ++q) sum += weights[q] * speed(mid + nodes[q] * h / 2);
    arc_[size_t(k)] = arc_[size_t(k - 1)] + sum * h / 2;
  }
}

double Ellipse::speed(double angle) const {
  return std::hypot(r_[0] * std::sin(angle), r_[1] * std::cos(angle));
}

double Ellipse::angle_at(double s) const {
  const double h = 2 * kPi / (kArcNodes - 1);
  const auto k = std::clamp<size_t>(
      size_t(std::upper_bound(arc_.begin(), arc_.end(), s) - arc_.begin()), 1, kArcNodes - 1);
  // Linear between the nodes, then Newton on the arc length from the node below.
  double angle = (double(k) - 1 + (s - arc_[k - 1]) / (arc_[k] - arc_[k - 1])) * h;
  const double base = double(k - 1) * h;
  for (int step = 0; step < 3; ++step) {
    // Arc length from `base` to `angle` by 5-point Gauss-Legendre (the interval is short).
    static const double nodes[] = {0, -0.5384693101056831, 0.5384693101056831, -0.9061798459386640,
                                   0.9061798459386640};
    static const double weights[] = {0.5688888888888889, 0.4786286704993665, 0.4786286704993665,
                                     0.2369268850561891, 0.2369268850561891};
    const double half = (angle - base) / 2, mid = base + half;
    double part = 0;
    for (int q = 0; q < 5; ++q) part += weights[q] * speed(mid + nodes[q] * half);
    angle -= (arc_[k - 1] + part * half - s) / speed(angle);
  }
  return angle;
}

Bounds Ellipse::bounds() const {
  const double hx = std::hypot(r_[0] * cos_, r_[1] * sin_);
  const double hy = std::hypot(r_[0] * sin_, r_[1] * cos_);
  return {{c_[0] - hx, c_[1] - hy}, {c_[0] + hx, c_[1] + hy}};
}

double Ellipse::volume() const { return kPi * r_[0] * r_[1]; }

std::array<double, 2> Ellipse::nearest_local(const double* x, std::array<double, 2>& local) const {
  const double dx = x[0] - c_[0], dy = x[1] - c_[1];
  local = {cos_ * dx + sin_ * dy, -sin_ * dx + cos_ * dy};
  // Work with the larger semi-axis first, in the first quadrant.
  const bool swap = r_[0] < r_[1];
  const double e0 = swap ? r_[1] : r_[0], e1 = swap ? r_[0] : r_[1];
  const double y0 = std::abs(swap ? local[1] : local[0]), y1 = std::abs(swap ? local[0] : local[1]);
  double x0, x1;
  if (y1 > 0) {
    if (y0 > 0) {
      const double z0 = y0 / e0, z1 = y1 / e1, g = z0 * z0 + z1 * z1 - 1;
      if (g != 0) {
        const double r0 = (e0 / e1) * (e0 / e1), s = root(r0, z0, z1, g);
        x0 = r0 * y0 / (s + r0);
        x1 = y1 / (s + 1);
      } else {
        x0 = y0;
        x1 = y1;
      }
    } else {
      x0 = 0;
      x1 = e1;
    }
  } else {
    const double numer = e0 * y0, denom = e0 * e0 - e1 * e1;
    if (numer < denom) {
      const double ratio = numer / denom;
      x0 = e0 * ratio;
      x1 = e1 * std::sqrt(std::max(0.0, 1 - ratio * ratio));
    } else {
      x0 = e0;
      x1 = 0;
    }
  }
  const double px = swap ? x1 : x0, py = swap ? x0 : x1;
  return {std::copysign(px, local[0]), std::copysign(py, local[1])};
}

double Ellipse::signed_distance(const double* x) const {
  std::array<double, 2> local;
  const auto p = nearest_local(x, local);
  const double d = std::hypot(local[0] - p[0], local[1] - p[1]);
  const double level =
      (local[0] / r_[0]) * (local[0] / r_[0]) + (local[1] / r_[1]) * (local[1] / r_[1]);
  return level < 1 ? -d : d;
}

std::vector<Surface> Ellipse::surfaces() const {
  Surface s;
  s.measure = perimeter();
  s.parameters = 1;
  // The outward normal of the ellipse at a point of its own frame, in the global frame.
  const auto outward = [this](double px, double py, double* normal) {
    const double gx = px / (r_[0] * r_[0]), gy = py / (r_[1] * r_[1]);
    const double norm = std::hypot(gx, gy);
    normal[0] = (cos_ * gx - sin_ * gy) / norm;
    normal[1] = (sin_ * gx + cos_ * gy) / norm;
  };
  s.place = [this, outward](const double* u, double* point, double* normal) {
    const double angle = angle_at(u[0] * perimeter());
    const double px = r_[0] * std::cos(angle), py = r_[1] * std::sin(angle);
    point[0] = c_[0] + cos_ * px - sin_ * py;
    point[1] = c_[1] + sin_ * px + cos_ * py;
    outward(px, py, normal);
  };
  s.distance = [this](const double* x) { return std::abs(signed_distance(x)); };
  s.normal = [this, outward](const double* x, double* normal) {
    std::array<double, 2> local;
    const auto p = nearest_local(x, local);
    outward(p[0], p[1], normal);
  };
  return {s};
}

}  // namespace pinn::geometry
