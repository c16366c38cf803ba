#include "solver/reference/kuramoto_sivashinsky_etdrk4.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

#include "solver/reference/etdrk4.h"
#include "solver/reference/fourier.h"

namespace pinn::reference {

namespace {

const char* const kOwner = "KuramotoSivashinskyProblem";

std::string str(double value) {
  std::ostringstream s;
  s.precision(17);
  s << value;
  return s.str();
}

void validate(const KuramotoSivashinskyProblem& p) {
  fourier::check_grid(kOwner, p.x_min, p.x_max, p.modes);
  fourier::check_time_step(kOwner, p.time_step);
  fourier::check_output_times(kOwner, p.output_times);
  fourier::check_output_x(kOwner, p.output_x);
  for (const auto& [name, value] :
       {std::pair{"alpha", p.alpha}, std::pair{"beta", p.beta}, std::pair{"gamma", p.gamma}}) {
    if (!std::isfinite(value)) {
      throw std::invalid_argument(std::string(kOwner) + "." + name + ": must be finite (got " +
                                  str(value) + ")");
    }
  }
  // Without the fourth-order damping, beta > 0 is the backward heat equation: ill-posed.
  if (p.gamma < 0.0 || (p.gamma == 0.0 && p.beta > 0.0)) {
    throw std::invalid_argument(std::string(kOwner) +
                                ".gamma: must be > 0, or 0 with beta <= 0 (got gamma = " +
                                str(p.gamma) + ", beta = " + str(p.beta) + ")");
  }
  if (!p.initial) throw std::invalid_argument(std::string(kOwner) + ".initial: empty function");
}

// Index m of a real-to-complex spectrum of `modes` points is kept by the 2/3 rule.
bool kept(int m, int modes, bool dealias) { return !dealias || 3 * m <= modes; }

}  // namespace

KuramotoSivashinskySolution solve_kuramoto_sivashinsky_etdrk4(const KuramotoSivashinskyProblem& p) {
  validate(p);
  const int n = p.modes;
  const int nk = n / 2 + 1;
  const double period = p.x_max - p.x_min;
  const std::vector<double> nodes = fourier::periodic_nodes(p.x_min, p.x_max, n);

  KuramotoSivashinskySolution solution;
  solution.t = p.output_times;
  solution.x = p.output_x.empty() ? nodes : p.output_x;
  const std::size_t nt = solution.t.size();
  solution.u.assign(solution.x.size() * nt, 0.0);

  // One pair of buffers both plans work on; spectra are copied in and out (the complex-to-real
  // transform overwrites its input).
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
                                  ".initial: not finite at x = " + str(nodes[k]));
    }
  }
  forward.execute();
  Spectrum v(spec, spec + nk);
  for (int k = 0; k < nk; ++k) {
    if (!kept(k, n, p.dealias)) v[k] = 0.0;
  }

  // d/dx is i k; at the Nyquist index it is 0 (the odd derivative of cos(n x / 2) sampled at
  // the nodes is 0 there), which keeps the spectrum that of a real function.
  std::vector<double> linear(nk);
  std::vector<std::complex<double>> flux(nk);  // -(alpha / 2) i k, 0 where not kept
  const double inv_n = 1.0 / n;
  for (int k = 0; k < nk; ++k) {
    const double kk = fourier::wavenumber(k, n, period);
    linear[k] = p.beta * kk * kk - p.gamma * kk * kk * kk * kk;
    const bool nyquist = 2 * k == n;
    // The 1 / n of the inverse transform is folded in here.
    flux[k] = kept(k, n, p.dealias) && !nyquist
                  ? std::complex<double>(0.0, -0.5 * p.alpha * kk * inv_n * inv_n)
                  : 0.0;
  }

  // N(w) = -(alpha / 2) i k F[u^2] with u = n F^-1[w] (unnormalised transforms).
  auto nonlinear = [&](const Spectrum& w, Spectrum& out) {
    std::copy(w.begin(), w.end(), spec);
    backward.execute();
    for (int k = 0; k < n; ++k) u[k] *= u[k];
    forward.execute();
    for (int k = 0; k < nk; ++k) out[k] = flux[k] * spec[k];
  };

  const bool on_nodes = p.output_x.empty();
  const fourier::RealInterpolant interpolant(p.x_min, p.x_max, n,
                                             on_nodes ? std::vector<double>{} : p.output_x);
  EtdRk4Run run;
  run.linear = std::move(linear);
  run.nonlinear = nonlinear;
  run.time_step = p.time_step;
  run.output_times = solution.t;
  run.owner = kOwner;
  run.output = [&](std::size_t j, const Spectrum& w) {
    std::copy(w.begin(), w.end(), spec);
    if (on_nodes) {
      backward.execute();
      for (int i = 0; i < n; ++i) solution.u[i * nt + j] = u[i] * inv_n;
    } else {
      interpolant.evaluate(spectrum.get(), solution.u.data() + j, nt);
    }
  };
  etdrk4_integrate(run, v);
  return solution;
}

}  // namespace pinn::reference
