#include "solver/reference/allen_cahn_etdrk4.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

#include "solver/reference/fourier.h"
#include "solver/reference/real_periodic_grid.h"

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

}  // namespace

AllenCahnSolution solve_allen_cahn_etdrk4(const AllenCahnProblem& p) {
  validate(p);
  RealPeriodicGrid grid(p.x_min, p.x_max, p.modes, p.output_x);
  const int n = grid.modes();
  const int nk = grid.spectrum_size();

  AllenCahnSolution solution;
  solution.t = p.output_times;
  solution.x = grid.output_x();
  const std::size_t nt = solution.t.size();
  solution.u.assign(solution.x.size() * nt, 0.0);

  Spectrum v = grid.spectrum_of(p.initial, kOwner);

  std::vector<double> linear(nk);
  for (int k = 0; k < nk; ++k) {
    const double kk = fourier::wavenumber(k, n, grid.period());
    linear[k] = -p.diffusion * kk * kk + p.reaction_linear;
  }

  // N(w) = F[-reaction_cubic u^3] with u = F^-1[w]; the 1 / n of the inverse transform is
  // applied on the grid.
  const double inv_n = 1.0 / n;
  auto nonlinear = [&](const Spectrum& w, Spectrum& out) {
    double* u = grid.values(w);
    for (int k = 0; k < n; ++k) {
      const double value = u[k] * inv_n;
      u[k] = -p.reaction_cubic * value * value * value;
    }
    const std::complex<double>* spec = grid.forward();
    out.assign(spec, spec + nk);
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
