#include "solver/reference/nls_split_step.h"

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>

#include "solver/reference/fourier.h"

namespace pinn::reference {

namespace {

const char* const kOwner = "NlsProblem";

void validate(const NlsProblem& p) {
  fourier::check_grid(kOwner, p.x_min, p.x_max, p.modes);
  fourier::check_time_step(kOwner, p.time_step);
  fourier::check_output_times(kOwner, p.output_times);
  fourier::check_output_x(kOwner, p.output_x);
  if (p.order != 2 && p.order != 4) {
    throw std::invalid_argument(std::string(kOwner) + ".order: must be 2 or 4 (got " +
                                std::to_string(p.order) + ")");
  }
  if (!std::isfinite(p.dispersion) || !std::isfinite(p.nonlinearity)) {
    throw std::invalid_argument(std::string(kOwner) + ".dispersion, nonlinearity: must be finite");
  }
  if (!p.initial) throw std::invalid_argument(std::string(kOwner) + ".initial: empty function");
}

// Fractions of a step taken by the Strang sub-steps of one step of the given order.
std::vector<double> substeps(int order) {
  if (order == 2) return {1.0};
  const double w1 = 1.0 / (2.0 - std::cbrt(2.0));
  return {w1, 1.0 - 2.0 * w1, w1};
}

}  // namespace

NlsSolution solve_nls_split_step(const NlsProblem& p) {
  validate(p);
  const int n = p.modes;
  const double period = p.x_max - p.x_min;
  const std::vector<double> nodes = fourier::periodic_nodes(p.x_min, p.x_max, n);

  NlsSolution solution;
  solution.t = p.output_times;
  solution.x = p.output_x.empty() ? nodes : p.output_x;
  const std::size_t nt = solution.t.size();
  solution.h.assign(solution.x.size() * nt, {0.0, 0.0});

  // The field lives in `field` (physical values) between steps; `spectrum` holds its DFT.
  fourier::FftwArray<fftw_complex> field = fourier::allocate_complex(n);
  fourier::FftwArray<fftw_complex> spectrum = fourier::allocate_complex(n);
  const fourier::FftwPlan forward =
      fourier::FftwPlan::complex_to_complex(n, field.get(), spectrum.get(), FFTW_FORWARD);
  const fourier::FftwPlan backward =
      fourier::FftwPlan::complex_to_complex(n, spectrum.get(), field.get(), FFTW_BACKWARD);
  std::complex<double>* h = fourier::as_complex(field.get());
  std::complex<double>* c = fourier::as_complex(spectrum.get());

  for (int k = 0; k < n; ++k) {
    h[k] = p.initial(nodes[k]);
    if (!std::isfinite(h[k].real()) || !std::isfinite(h[k].imag())) {
      throw std::invalid_argument(std::string(kOwner) +
                                  ".initial: not finite at x = " + std::to_string(nodes[k]));
    }
  }

  const bool on_nodes = p.output_x.empty();
  const fourier::ComplexInterpolant interpolant(p.x_min, p.x_max, n,
                                                on_nodes ? std::vector<double>{} : p.output_x);
  std::vector<double> k_squared(n);
  for (int k = 0; k < n; ++k) {
    const double kk = fourier::wavenumber(k, n, period);
    k_squared[k] = kk * kk;
  }
  const std::vector<double> fractions = substeps(p.order);

  // Linear flow over `duration`, with the backward transform's factor n folded in; one table
  // per distinct sub-step length of the current output interval.
  std::vector<std::vector<std::complex<double>>> propagators(fractions.size());
  auto nonlinear = [&](double duration) {
    const double rate = p.nonlinearity * duration;
    for (int k = 0; k < n; ++k) h[k] *= std::polar(1.0, rate * std::norm(h[k]));
  };

  double t = 0.0;
  for (std::size_t j = 0; j < nt; ++j) {
    const long steps = fourier::steps_in(solution.t[j] - t, p.time_step);
    if (steps > 0) {
      const double dt = (solution.t[j] - t) / static_cast<double>(steps);
      for (std::size_t s = 0; s < fractions.size(); ++s) {
        propagators[s].resize(n);
        const double duration = fractions[s] * dt;
        for (int k = 0; k < n; ++k) {
          propagators[s][k] = std::polar(1.0 / n, -p.dispersion * k_squared[k] * duration);
        }
      }
      // Nonlinear time owed before the next linear sub-step: half of the previous sub-step
      // plus half of the next one.
      double pending = 0.0;
      for (long step = 0; step < steps; ++step) {
        for (std::size_t s = 0; s < fractions.size(); ++s) {
          const double duration = fractions[s] * dt;
          nonlinear(pending + 0.5 * duration);
          forward.execute();
          for (int k = 0; k < n; ++k) c[k] *= propagators[s][k];
          backward.execute();
          pending = 0.5 * duration;
        }
      }
      nonlinear(pending);
      t = solution.t[j];
    }

    for (int k = 0; k < n; ++k) {
      if (!std::isfinite(h[k].real()) || !std::isfinite(h[k].imag())) {
        throw std::runtime_error(std::string(kOwner) + ": the solution is not finite at t = " +
                                 std::to_string(solution.t[j]));
      }
    }
    if (on_nodes) {
      for (int i = 0; i < n; ++i) solution.h[i * nt + j] = h[i];
    } else {
      forward.execute();
      interpolant.evaluate(spectrum.get(), solution.h.data() + j, nt);
    }
  }
  return solution;
}

}  // namespace pinn::reference
