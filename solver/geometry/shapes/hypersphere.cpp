#include "solver/geometry/shapes/hypersphere.h"

#include <cmath>
#include <stdexcept>

#include "solver/common/text.h"

namespace pinn::geometry {
namespace {

constexpr double kPi = 3.14159265358979323846;

}  // namespace

double normal_quantile(double p) {
  // Acklam's rational approximation (relative error 1.2e-9), then one Halley step on
  // erfc, which brings it to the double's precision.
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  const double low = 0.02425;
  double x;
  if (p < low) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - low) {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
  const double u = e * std::sqrt(2 * kPi) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

Hypersphere::Hypersphere(std::string kind, std::vector<double> center, double radius)
    : kind_(std::move(kind)), center_(std::move(center)), radius_(radius) {
  if (center_.size() < 2) {
    throw std::invalid_argument("a " + kind_ + " needs a centre of at least 2 coordinates (got " +
                                std::to_string(center_.size()) + "); use an interval in 1-D");
  }
  for (const double c : center_) {
    if (!std::isfinite(c)) throw std::invalid_argument("its centre is not finite");
  }
  if (!std::isfinite(radius_) || !(radius_ > 0)) {
    throw std::invalid_argument("radius is " + shortest_decimal(radius_) +
                                "; it must be finite and > 0");
  }
}

Bounds Hypersphere::bounds() const {
  Bounds b{center_, center_};
  for (size_t a = 0; a < center_.size(); ++a) {
    b.lo[a] -= radius_;
    b.hi[a] += radius_;
  }
  return b;
}

double Hypersphere::volume() const {
  const double n = dim();
  return std::pow(kPi, n / 2) * std::pow(radius_, n) / std::tgamma(n / 2 + 1);
}

double Hypersphere::surface_measure() const {
  const double n = dim();
  return 2 * std::pow(kPi, n / 2) * std::pow(radius_, n - 1) / std::tgamma(n / 2);
}

double Hypersphere::signed_distance(const double* x) const {
  double sum = 0;
  for (size_t a = 0; a < center_.size(); ++a) sum += (x[a] - center_[a]) * (x[a] - center_[a]);
  return std::sqrt(sum) - radius_;
}

std::vector<Surface> Hypersphere::surfaces() const {
  const int n = dim();
  Surface s;
  s.measure = surface_measure();
  s.parameters = n == 2 ? 1 : n == 3 ? 2 : n;
  s.place = [this, n](const double* u, double* point, double* normal) {
    if (n == 2) {
      const double angle = 2 * kPi * u[0];
      normal[0] = std::cos(angle);
      normal[1] = std::sin(angle);
    } else if (n == 3) {
      const double z = 1 - 2 * u[0], angle = 2 * kPi * u[1];
      const double r = std::sqrt(std::max(0.0, 1 - z * z));
      normal[0] = r * std::cos(angle);
      normal[1] = r * std::sin(angle);
      normal[2] = z;
    } else {
      double sum = 0;
      for (int a = 0; a < n; ++a) {
        // A unit coordinate of exactly 0 (Sobol's first point) maps to the smallest quantile.
        normal[a] = normal_quantile(std::max(u[a], 1e-300));
        sum += normal[a] * normal[a];
      }
      const double norm = std::sqrt(sum);
      for (int a = 0; a < n; ++a) normal[a] /= norm;
    }
    for (int a = 0; a < n; ++a) point[a] = center_[size_t(a)] + radius_ * normal[a];
  };
  s.distance = [this](const double* x) { return std::abs(signed_distance(x)); };
  s.normal = [this, n](const double* x, double* normal) {
    double sum = 0;
    for (int a = 0; a < n; ++a) {
      normal[a] = x[a] - center_[size_t(a)];
      sum += normal[a] * normal[a];
    }
    const double norm = std::sqrt(sum);
    for (int a = 0; a < n; ++a) normal[a] = norm > 0 ? normal[a] / norm : (a == 0 ? 1.0 : 0.0);
  };
  return {s};
}

}  // namespace pinn::geometry
