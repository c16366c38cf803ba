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
#include "solver/reference/real_periodic_grid.h"

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
  RealPeriodicGrid grid(p.x_min, p.x_max, p.modes, p.output_x);
  const int n = grid.modes();
  const int nk = grid.spectrum_size();

  KuramotoSivashinskySolution solution;
  solution.t = p.output_times;
  solution.x = grid.output_x();
  const std::size_t nt = solution.t.size();
  solution.u.assign(solution.x.size() * nt, 0.0);

  Spectrum v = grid.spectrum_of(p.initial, kOwner);
  for (int k = 0; k < nk; ++k) {
    if (!kept(k, n, p.dealias)) v[k] = 0.0;
  }

  // d/dx is i k; at the Nyquist index it is 0 (the odd derivative of cos(n x / 2) sampled at
  // the nodes is 0 there), which keeps the spectrum that of a real function.
  std::vector<double> linear(nk);
  std::vector<std::complex<double>> flux(nk);  // -(alpha / 2) i k, 0 where not kept
  const double inv_n = 1.0 / n;
  for (int k = 0; k < nk; ++k) {
    const double kk = fourier::wavenumber(k, n, grid.period());
    linear[k] = p.beta * kk * kk - p.gamma * kk * kk * kk * kk;
    const bool nyquist = 2 * k == n;
    // The 1 / n of the inverse transform is folded in here.
    flux[k] = kept(k, n, p.dealias) && !nyquist
                  ? std::complex<double>(0.0, -0.5 * p.alpha * kk * inv_n * inv_n)
                  : 0.0;
  }

  // N(w) = -(alpha / 2) i k F[u^2] with u = n F^-1[w] (unnormalised transforms).
  auto nonlinear = [&](const Spectrum& w, Spectrum& out) {
    double* u = grid.values(w);
    for (int k = 0; k < n; ++k) u[k] *= u[k];
    const std::complex<double>* spec = grid.forward();
    for (int k = 0; k < nk; ++k) out[k] = flux[k] * spec[k];
  };

  EtdRk4Run run;
  run.linear = std::move(linear);
  run.nonlinear = nonlinear;
  run.time_step = p.time_step;
  run.output_times = solution.t;
  run.owner = kOwner;
  run.output = [&](std::size_t j, const Spectrum& w) { grid.write(w, solution.u.data() + j, nt); };
  etdrk4_integrate(run, v);
  return solution;
}

}  // namespace pinn::reference
