#include "solver/geometry/domain.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace pinn {
namespace {

// Shortest decimal that reads back to the same double, so messages show what the user wrote.
std::string format_double(double x) {
  char buf[40];
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof(buf), "%.*g", precision, x);
    if (std::strtod(buf, nullptr) == x || std::isnan(x)) break;
  }
  return buf;
}

std::string axis_label(const Domain& d, size_t i) {
  std::string label = "domain axis " + std::to_string(i);
  if (i < d.names.size() && !d.names[i].empty()) label += " '" + d.names[i] + "'";
  return label;
}

}  // namespace

int Domain::dim() const { return static_cast<int>(names.size()); }

int Domain::spatial_dim() const { return dim() - (has_time() ? 1 : 0); }

std::vector<int> Domain::spatial_axes() const {
  std::vector<int> axes;
  for (int i = 0; i < dim(); ++i) {
    if (i != time_axis) axes.push_back(i);
  }
  return axes;
}

void Domain::validate() const {
  if (names.size() != lo.size() || names.size() != hi.size()) {
    throw std::invalid_argument("domain: names, lo and hi must have equal sizes (got " +
                                std::to_string(names.size()) + ", " + std::to_string(lo.size()) +
                                ", " + std::to_string(hi.size()) + ")");
  }
  if (names.empty() || names.size() > static_cast<size_t>(kMaxInputs)) {
    throw std::invalid_argument("domain: the number of inputs must be between 1 and " +
                                std::to_string(kMaxInputs) + " (got " +
                                std::to_string(names.size()) + ")");
  }
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) {
      throw std::invalid_argument(axis_label(*this, i) + ": name must be non-empty");
    }
    for (size_t j = 0; j < i; ++j) {
      if (names[j] == names[i]) {
        throw std::invalid_argument(axis_label(*this, i) + ": name duplicates domain axis " +
                                    std::to_string(j) + "; names must be unique");
      }
    }
    const std::string values =
        "(lo = " + format_double(lo[i]) + ", hi = " + format_double(hi[i]) + ")";
    if (!std::isfinite(lo[i]) || !std::isfinite(hi[i])) {
      throw std::invalid_argument(axis_label(*this, i) + ": lo and hi must be finite " + values);
    }
    if (!(lo[i] < hi[i])) {
      throw std::invalid_argument(axis_label(*this, i) + ": lo must be < hi " + values);
    }
  }
  if (shape && shape->dim() != spatial_dim()) {
    throw std::invalid_argument("domain: the shape is " + std::to_string(shape->dim()) +
                                "-dimensional, and there are " + std::to_string(spatial_dim()) +
                                " spatial inputs; they must match");
  }
  if (time_axis < -1 || time_axis >= dim()) {
    throw std::invalid_argument("domain: time_axis must be -1 (no time) or in [0, " +
                                std::to_string(dim() - 1) + "] (got " + std::to_string(time_axis) +
                                ")");
  }
}

std::vector<double> Domain::spatial_part(const std::vector<double>& points) const {
  const auto axes = spatial_axes();
  const auto rows = points.size() / names.size();
  std::vector<double> out;
  out.reserve(rows * axes.size());
  for (size_t i = 0; i < rows; ++i) {
    for (const int a : axes) out.push_back(points[i * names.size() + size_t(a)]);
  }
  return out;
}

std::vector<double> Domain::shape_normals(const std::vector<double>& points) const {
  if (!shape) throw std::logic_error("shape_normals: the domain has no shape");
  const auto spatial = shape->normals(spatial_part(points));
  const auto axes = spatial_axes();
  std::vector<double> out(points.size(), 0.0);
  for (size_t i = 0; i * names.size() < points.size(); ++i) {
    for (size_t k = 0; k < axes.size(); ++k) {
      out[i * names.size() + size_t(axes[k])] = spatial[i * axes.size() + k];
    }
  }
  return out;
}

}  // namespace pinn
