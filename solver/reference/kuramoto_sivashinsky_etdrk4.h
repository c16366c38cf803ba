#pragma once

#include <cmath>
#include <functional>
#include <vector>

namespace pinn::reference {

// The Kuramoto-Sivashinsky equation on the periodic interval [x_min, x_max),
//   u_t + alpha u u_x + beta u_xx + gamma u_xxxx = 0,   u(x, 0) = initial(x),
// with u real. The defaults are PINNacle's KS task (Hao et al., NeurIPS 2024): alpha = 100/16,
// beta = 100/16^2, gamma = 100/16^4 on [0, 2 pi), u(x, 0) = cos(x) (1 + sin(x)), t in [0, 1]:
// Kassam & Trefethen's example u_t + u u_x + u_xx + u_xxxx = 0 on [0, 32 pi), u0 =
// cos(x/16) (1 + sin(x/16)), to t = 100, with x and t rescaled.
struct KuramotoSivashinskyProblem {
  double x_min = 0.0;
  double x_max = 2.0 * M_PI;
  double alpha = 100.0 / 16.0;                         // finite
  double beta = 100.0 / (16.0 * 16.0);                 // finite
  double gamma = 100.0 / (16.0 * 16.0 * 16.0 * 16.0);  // > 0, or 0 with beta <= 0
  // Grid points in x (= Fourier modes): a power of two from 8 to 2^24.
  int modes = 512;
  // Largest time step: each interval between output times is split into equal steps no longer
  // than this.
  double time_step = 2.5e-4;
  // The 2/3 rule: the nonlinear term keeps only wavenumbers |m| <= modes / 3 (and so does the
  // initial spectrum), which makes the quadratic term free of aliasing. Off: every mode
  // computed, the product aliased (harmless once the spectrum has decayed at modes / 2).
  bool dealias = true;
  // Strictly increasing, >= 0; t = 0 returns the initial condition (its dealiased interpolant).
  std::vector<double> output_times;
  // Where to evaluate u: any finite x (the trigonometric interpolant of the grid values, which
  // is periodic). Empty: the solver's own nodes, x_min + k (x_max - x_min) / modes.
  std::vector<double> output_x;
  std::function<double(double)> initial = [](double x) {
    return std::cos(x) * (1.0 + std::sin(x));
  };
};

struct KuramotoSivashinskySolution {
  std::vector<double> x;  // the output nodes
  std::vector<double> t;  // the output times
  // u[i * t.size() + j] = u(x_i, t_j): first axis x, slowest.
  std::vector<double> u;
};

// Fourier pseudo-spectral in x, ETDRK4 in time (etdrk4.h), as Kassam & Trefethen solve this
// equation. In Fourier space v_t = L v + N(v) with the diagonal linear part
// L_k = beta k^2 - gamma k^4 solved exactly and N(v) = -(alpha / 2) i k F[u^2] (the
// conservative form of alpha u u_x) evaluated on the grid. The mean of u (k = 0: L = 0, N = 0)
// is kept to rounding, as the equation keeps it; fourth order in time.
//
// Throws std::invalid_argument naming the offending option (grid, modes, time_step,
// output_times, output_x, coefficients, initial values that are not finite) and
// std::runtime_error if the solution stops being finite (time_step too large).
KuramotoSivashinskySolution solve_kuramoto_sivashinsky_etdrk4(
    const KuramotoSivashinskyProblem& problem);

}  // namespace pinn::reference
