#include "solver/geometry/shapes/cylinder.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "solver/common/text.h"

namespace pinn::geometry {
namespace {

constexpr double kPi = 3.14159265358979323846;

using Vec = std::array<double, 3>;

Vec cross(const Vec& a, const Vec& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

Vec unit(const Vec& a) {
  const double n = std::sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
  return {a[0] / n, a[1] / n, a[2] / n};
}

}  // namespace

Cylinder::Cylinder(Vec base, Vec axis, double radius, double height)
    : base_(base), radius_(radius), height_(height) {
  for (int a = 0; a < 3; ++a) {
    if (!std::isfinite(base[size_t(a)]) || !std::isfinite(axis[size_t(a)])) {
      throw std::invalid_argument("its centre and axis must be finite");
    }
  }
  if (axis[0] == 0 && axis[1] == 0 && axis[2] == 0) {
    throw std::invalid_argument("its axis is [0, 0, 0]; give a direction");
  }
  if (!std::isfinite(radius) || !(radius > 0)) {
    throw std::invalid_argument("radius is " + shortest_decimal(radius) +
                                "; it must be finite and > 0");
  }
  if (!std::isfinite(height) || !(height > 0)) {
    throw std::invalid_argument("height is " + shortest_decimal(height) +
                                "; it must be finite and > 0");
  }
  axis_ = unit(axis);
  // Any unit vector not parallel to the axis starts the frame.
  const Vec helper = std::abs(axis_[0]) < 0.9 ? Vec{1, 0, 0} : Vec{0, 1, 0};
  e1_ = unit(cross(axis_, helper));
  e2_ = cross(axis_, e1_);
}

void Cylinder::local(const double* x, double& radial, double& along, double* outward) const {
  const Vec d = {x[0] - base_[0], x[1] - base_[1], x[2] - base_[2]};
  along = d[0] * axis_[0] + d[1] * axis_[1] + d[2] * axis_[2];
  Vec r = {d[0] - along * axis_[0], d[1] - along * axis_[1], d[2] - along * axis_[2]};
  radial = std::sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]);
  for (int a = 0; a < 3; ++a) outward[a] = radial > 0 ? r[size_t(a)] / radial : e1_[size_t(a)];
}

Bounds Cylinder::bounds() const {
  Bounds b{{0, 0, 0}, {0, 0, 0}};
  for (int a = 0; a < 3; ++a) {
    // The disks' extent along a: radius * sqrt(1 - axis_a^2).
    const double reach =
        radius_ * std::sqrt(std::max(0.0, 1 - axis_[size_t(a)] * axis_[size_t(a)]));
    const double top = base_[size_t(a)] + height_ * axis_[size_t(a)];
    b.lo[size_t(a)] = std::min(base_[size_t(a)], top) - reach;
    b.hi[size_t(a)] = std::max(base_[size_t(a)], top) + reach;
  }
  return b;
}

double Cylinder::volume() const { return kPi * radius_ * radius_ * height_; }

double Cylinder::signed_distance(const double* x) const {
  double radial, along, outward[3];
  local(x, radial, along, outward);
  const double q0 = radial - radius_;
  const double q1 = std::abs(along - height_ / 2) - height_ / 2;
  const double outside = std::hypot(std::max(q0, 0.0), std::max(q1, 0.0));
  return outside > 0 ? outside : std::max(q0, q1);
}

std::vector<Surface> Cylinder::surfaces() const {
  Surface side;
  side.side = "side";
  side.measure = 2 * kPi * radius_ * height_;
  side.parameters = 2;
  side.place = [this](const double* u, double* point, double* normal) {
    const double angle = 2 * kPi * u[0], h = u[1] * height_;
    for (int a = 0; a < 3; ++a) {
      normal[a] = std::cos(angle) * e1_[size_t(a)] + std::sin(angle) * e2_[size_t(a)];
      point[a] = base_[size_t(a)] + h * axis_[size_t(a)] + radius_ * normal[a];
    }
  };
  side.distance = [this](const double* x) {
    double radial, along, outward[3];
    local(x, radial, along, outward);
    return std::hypot(radial - radius_, std::max({-along, along - height_, 0.0}));
  };
  side.normal = [this](const double* x, double* normal) {
    double radial, along;
    local(x, radial, along, normal);
  };
  std::vector<Surface> out = {side};
  for (const bool top : {false, true}) {
    Surface cap;
    cap.side = top ? "top" : "bottom";
    cap.measure = kPi * radius_ * radius_;
    cap.parameters = 2;
    const double level = top ? height_ : 0.0, sign = top ? 1.0 : -1.0;
    cap.place = [this, level, sign](const double* u, double* point, double* normal) {
      const double r = radius_ * std::sqrt(u[0]), angle = 2 * kPi * u[1];
      for (int a = 0; a < 3; ++a) {
        point[a] = base_[size_t(a)] + level * axis_[size_t(a)] +
                   r * (std::cos(angle) * e1_[size_t(a)] + std::sin(angle) * e2_[size_t(a)]);
        normal[a] = sign * axis_[size_t(a)];
      }
    };
    cap.distance = [this, level](const double* x) {
      double radial, along, outward[3];
      local(x, radial, along, outward);
      return std::hypot(along - level, std::max(radial - radius_, 0.0));
    };
    cap.normal = [this, sign](const double*, double* normal) {
      for (int a = 0; a < 3; ++a) normal[a] = sign * axis_[size_t(a)];
    };
    out.push_back(std::move(cap));
  }
  return out;
}

}  // namespace pinn::geometry
