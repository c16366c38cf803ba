#include "solver/reference/etdrk4.h"

#include <cmath>
#include <complex>
#include <stdexcept>
#include <string>

#include "solver/reference/fourier.h"

namespace pinn::reference {

EtdRk4Coefficients etdrk4_coefficients(const std::vector<double>& linear, double h,
                                       int contour_points) {
  if (!std::isfinite(h) || !(h > 0.0)) {
    throw std::invalid_argument("etdrk4_coefficients: h must be finite and > 0 (got " +
                                std::to_string(h) + ")");
  }
  if (contour_points < 8 || contour_points % 2 != 0) {
    throw std::invalid_argument("etdrk4_coefficients: contour_points must be even and >= 8 (got " +
                                std::to_string(contour_points) + ")");
  }
  const std::size_t n = linear.size();
  EtdRk4Coefficients c;
  for (auto* v : {&c.e, &c.e_half, &c.q, &c.f1, &c.f2, &c.f3}) v->assign(n, 0.0);
  // The upper half of the unit circle, midpoints of contour_points equal arcs (none on the real
  // axis, so no point is the real pole z = 0 when L h = +-1).
  const int half = contour_points / 2;
  std::vector<std::complex<double>> circle(half);
  for (int m = 0; m < half; ++m) circle[m] = std::polar(1.0, M_PI * (m + 0.5) / half);

  for (std::size_t k = 0; k < n; ++k) {
    if (!std::isfinite(linear[k])) {
      throw std::invalid_argument("etdrk4_coefficients: linear[" + std::to_string(k) +
                                  "] is not finite");
    }
    const double lh = linear[k] * h;
    c.e[k] = std::exp(lh);
    c.e_half[k] = std::exp(0.5 * lh);
    double q = 0.0, f1 = 0.0, f2 = 0.0, f3 = 0.0;
    for (const std::complex<double>& r : circle) {
      const std::complex<double> z = lh + r;
      const std::complex<double> ez = std::exp(z);
      const std::complex<double> z3 = z * z * z;
      q += ((std::exp(0.5 * z) - 1.0) / z).real();
      f1 += ((-4.0 - z + ez * (4.0 - 3.0 * z + z * z)) / z3).real();
      f2 += ((2.0 + z + ez * (z - 2.0)) / z3).real();
      f3 += ((-4.0 - 3.0 * z - z * z + ez * (4.0 - z)) / z3).real();
    }
    c.q[k] = h * q / half;
    c.f1[k] = h * f1 / half;
    c.f2[k] = h * f2 / half;
    c.f3[k] = h * f3 / half;
  }
  return c;
}

void etdrk4_integrate(const EtdRk4Run& run, Spectrum& v) {
  const std::size_t nk = v.size();
  Spectrum nv(nk), a(nk), na(nk), b(nk), nb(nk), c(nk), nc(nk);
  EtdRk4Coefficients coef;
  double coef_step = 0.0;  // the step `coef` is for; 0: none yet
  double t = 0.0;
  for (std::size_t j = 0; j < run.output_times.size(); ++j) {
    const double target = run.output_times[j];
    const long steps = fourier::steps_in(target - t, run.time_step);
    if (steps > 0) {
      const double dt = (target - t) / static_cast<double>(steps);
      // Equally spaced outputs give the same step (or one differing in the last bits, which is
      // recomputed: the coefficients must match the step actually taken).
      if (dt != coef_step) {
        coef = etdrk4_coefficients(run.linear, dt);
        coef_step = dt;
      }
      for (long step = 0; step < steps; ++step) {
        run.nonlinear(v, nv);
        for (std::size_t k = 0; k < nk; ++k) a[k] = coef.e_half[k] * v[k] + coef.q[k] * nv[k];
        run.nonlinear(a, na);
        for (std::size_t k = 0; k < nk; ++k) b[k] = coef.e_half[k] * v[k] + coef.q[k] * na[k];
        run.nonlinear(b, nb);
        for (std::size_t k = 0; k < nk; ++k) {
          c[k] = coef.e_half[k] * a[k] + coef.q[k] * (2.0 * nb[k] - nv[k]);
        }
        run.nonlinear(c, nc);
        for (std::size_t k = 0; k < nk; ++k) {
          v[k] = coef.e[k] * v[k] + coef.f1[k] * nv[k] + 2.0 * coef.f2[k] * (na[k] + nb[k]) +
                 coef.f3[k] * nc[k];
        }
      }
      t = target;
    }
    for (std::size_t k = 0; k < nk; ++k) {
      if (!std::isfinite(v[k].real()) || !std::isfinite(v[k].imag())) {
        throw std::runtime_error(run.owner + ": the solution is not finite at t = " +
                                 std::to_string(target) + " (time_step too large?)");
      }
    }
    run.output(j, v);
  }
}

}  // namespace pinn::reference
