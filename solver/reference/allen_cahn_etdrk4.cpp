#include "solver/reference/allen_cahn_etdrk4.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <stdexcept>
#include <string>

#include "solver/reference/fourier.h"

namespace pinn::reference {

namespace {

const char* const kOwner = "AllenCahnProblem";

void validate(const AllenCahnProblem& p) {
  fourier::check_grid(kOwner, p.x_min, p.x_max, p.modes);
  fourier::check_time_step(kOwner, p.time_step);
  fourier::check_output_times(kOwner, p.output_times);
  fourier::check_output_x(kOwner, p.output_x);
  if (!std::isfinite(p.diffusion) || p.diffusion < 0.0) {
    throw std::invalid_argument(std::string(kOwner) + ".diffusion: must be finite and >= 0 (got " +
                                std::to_string(p.diffusion) + ")");
  }
  if (!std::isfinite(p.reaction_linear) || !std::isfinite(p.reaction_cubic)) {
    throw std::invalid_argument(std::string(kOwner) +
                                ".reaction_linear, reaction_cubic: must be finite");
  }
  if (!p.initial) throw std::invalid_argument(std::string(kOwner) + ".initial: empty function");
}

using Spectrum = std::vector<std::complex<double>>;

}  // namespace

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

AllenCahnSolution solve_allen_cahn_etdrk4(const AllenCahnProblem& p) {
  validate(p);
  const int n = p.modes;
  const int nk = n / 2 + 1;
  const double period = p.x_max - p.x_min;
  const std::vector<double> nodes = fourier::periodic_nodes(p.x_min, p.x_max, n);

  AllenCahnSolution solution;
  solution.t = p.output_times;
  solution.x = p.output_x.empty() ? nodes : p.output_x;
  const std::size_t nt = solution.t.size();
  solution.u.assign(solution.x.size() * nt, 0.0);

  // One pair of buffers both plans work on; the stages' spectra are copied in and out (the
  // complex-to-real transform overwrites its input).
  fourier::FftwArray<double> grid = fourier::allocate_real(n);
  fourier::FftwArray<fftw_complex> spectrum = fourier::allocate_complex(nk);
  const fourier::FftwPlan forward =
      fourier::FftwPlan::real_to_complex(n, grid.get(), spectrum.get());
  const fourier::FftwPlan backward =
      fourier::FftwPlan::complex_to_real(n, spectrum.get(), grid.get());
  std::complex<double>* spec = fourier::as_complex(spectrum.get());
  double* u = grid.get();

  for (int k = 0; k < n; ++k) {
    u[k] = p.initial(nodes[k]);
    if (!std::isfinite(u[k])) {
      throw std::invalid_argument(std::string(kOwner) +
                                  ".initial: not finite at x = " + std::to_string(nodes[k]));
    }
  }
  forward.execute();
  Spectrum v(spec, spec + nk);

  std::vector<double> linear(nk);
  for (int k = 0; k < nk; ++k) {
    const double kk = fourier::wavenumber(k, n, period);
    linear[k] = -p.diffusion * kk * kk + p.reaction_linear;
  }

  // N(w) = F[-reaction_cubic u^3] with u = F^-1[w]; the 1 / n of the inverse transform is
  // applied on the grid.
  const double inv_n = 1.0 / n;
  auto nonlinear = [&](const Spectrum& w, Spectrum& out) {
    std::copy(w.begin(), w.end(), spec);
    backward.execute();
    for (int k = 0; k < n; ++k) {
      const double value = u[k] * inv_n;
      u[k] = -p.reaction_cubic * value * value * value;
    }
    forward.execute();
    out.assign(spec, spec + nk);
  };

  const bool on_nodes = p.output_x.empty();
  const fourier::RealInterpolant interpolant(p.x_min, p.x_max, n,
                                             on_nodes ? std::vector<double>{} : p.output_x);
  Spectrum nv(nk), a(nk), na(nk), b(nk), nb(nk), c(nk), nc(nk);
  EtdRk4Coefficients coef;
  double coef_step = 0.0;  // the step `coef` is for; 0: none yet

  double t = 0.0;
  for (std::size_t j = 0; j < nt; ++j) {
    const long steps = fourier::steps_in(solution.t[j] - t, p.time_step);
    if (steps > 0) {
      const double dt = (solution.t[j] - t) / static_cast<double>(steps);
      // Equally spaced outputs give the same step (or one differing in the last bits, which is
      // recomputed: the coefficients must match the step actually taken).
      if (dt != coef_step) {
        coef = etdrk4_coefficients(linear, dt);
        coef_step = dt;
      }
      for (long step = 0; step < steps; ++step) {
        nonlinear(v, nv);
        for (int k = 0; k < nk; ++k) a[k] = coef.e_half[k] * v[k] + coef.q[k] * nv[k];
        nonlinear(a, na);
        for (int k = 0; k < nk; ++k) b[k] = coef.e_half[k] * v[k] + coef.q[k] * na[k];
        nonlinear(b, nb);
        for (int k = 0; k < nk; ++k) {
          c[k] = coef.e_half[k] * a[k] + coef.q[k] * (2.0 * nb[k] - nv[k]);
        }
        nonlinear(c, nc);
        for (int k = 0; k < nk; ++k) {
          v[k] = coef.e[k] * v[k] + coef.f1[k] * nv[k] + 2.0 * coef.f2[k] * (na[k] + nb[k]) +
                 coef.f3[k] * nc[k];
        }
      }
      t = solution.t[j];
    }

    for (int k = 0; k < nk; ++k) {
      if (!std::isfinite(v[k].real()) || !std::isfinite(v[k].imag())) {
        throw std::runtime_error(std::string(kOwner) + ": the solution is not finite at t = " +
                                 std::to_string(solution.t[j]) + " (time_step too large?)");
      }
    }
    std::copy(v.begin(), v.end(), spec);
    if (on_nodes) {
      backward.execute();
      for (int i = 0; i < n; ++i) solution.u[i * nt + j] = u[i] * inv_n;
    } else {
      interpolant.evaluate(spectrum.get(), solution.u.data() + j, nt);
    }
  }
  return solution;
}

}  // namespace pinn::reference
