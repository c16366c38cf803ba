#include "solver/geometry/shapes/box.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "solver/common/text.h"

namespace pinn::geometry {

Box::Box(std::string kind, std::vector<double> lo, std::vector<double> hi,
         std::vector<std::string> axes)
    : kind_(std::move(kind)), lo_(std::move(lo)), hi_(std::move(hi)), axes_(std::move(axes)) {
  if (lo_.empty() || lo_.size() != hi_.size() || lo_.size() != axes_.size()) {
    throw std::invalid_argument("a " + kind_ + " needs one lower and one upper bound per input");
  }
  for (size_t a = 0; a < lo_.size(); ++a) {
    if (!std::isfinite(lo_[a]) || !std::isfinite(hi_[a]) || !(lo_[a] < hi_[a])) {
      throw std::invalid_argument("side along " + axes_[a] + " is [" + shortest_decimal(lo_[a]) +
                                  ", " + shortest_decimal(hi_[a]) +
                                  "]: its length must be finite and > 0");
    }
  }
}

double Box::volume() const {
  double v = 1;
  for (size_t a = 0; a < lo_.size(); ++a) v *= hi_[a] - lo_[a];
  return v;
}

double Box::signed_distance(const double* x) const {
  double outside = 0, inside = -std::numeric_limits<double>::infinity();
  for (size_t a = 0; a < lo_.size(); ++a) {
    const double q = std::max(lo_[a] - x[a], x[a] - hi_[a]);
    outside += q > 0 ? q * q : 0;
    inside = std::max(inside, q);
  }
  return outside > 0 ? std::sqrt(outside) : inside;
}

std::vector<Surface> Box::surfaces() const {
  std::vector<Surface> out;
  const int n = dim();
  for (int a = 0; a < n; ++a) {
    for (const bool upper : {false, true}) {
      Surface s;
      s.side = axes_[size_t(a)] + (upper ? "_max" : "_min");
      s.measure = 1;
      for (int b = 0; b < n; ++b) {
        if (b != a) s.measure *= hi_[size_t(b)] - lo_[size_t(b)];
      }
      s.parameters = n - 1;
      const double plane = upper ? hi_[size_t(a)] : lo_[size_t(a)];
      const double sign = upper ? 1.0 : -1.0;
      s.place = [this, a, n, plane, sign](const double* u, double* point, double* normal) {
        for (int b = 0, k = 0; b < n; ++b) {
          normal[b] = 0;
          if (b == a) continue;
          point[b] = lo_[size_t(b)] + u[k++] * (hi_[size_t(b)] - lo_[size_t(b)]);
        }
        point[a] = plane;
        normal[a] = sign;
      };
      s.distance = [this, a, n, plane](const double* x) {
        double sum = (x[a] - plane) * (x[a] - plane);
        for (int b = 0; b < n; ++b) {
          if (b == a) continue;
          const double q = std::max({lo_[size_t(b)] - x[b], x[b] - hi_[size_t(b)], 0.0});
          sum += q * q;
        }
        return std::sqrt(sum);
      };
      s.normal = [a, n, sign](const double*, double* normal) {
        for (int b = 0; b < n; ++b) normal[b] = b == a ? sign : 0.0;
      };
      out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace pinn::geometry
