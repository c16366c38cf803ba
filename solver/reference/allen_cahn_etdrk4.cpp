#include "solver/reference/allen_cahn_etdrk4.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

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

}  // namespace

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
