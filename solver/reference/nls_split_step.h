#pragma once

#include <cmath>
#include <complex>
#include <functional>
#include <vector>

namespace pinn::reference {

// The cubic nonlinear Schrödinger equation on the periodic interval [x_min, x_max),
//   i h_t + dispersion h_xx + nonlinearity |h|^2 h = 0,   h(x, 0) = initial(x),
// with h complex. The defaults are the focusing case of Raissi, Perdikaris & Karniadakis 2019
// (J. Comput. Phys. 378, section 3.1.1): i h_t + 0.5 h_xx + |h|^2 h = 0 on [-5, 5),
// h(x, 0) = 2 sech(x), t in [0, pi/2].
struct NlsProblem {
  double x_min = -5.0;
  double x_max = 5.0;
  double dispersion = 0.5;
  double nonlinearity = 1.0;
  // Grid points in x (= Fourier modes): a power of two from 8 to 2^24.
  int modes = 1024;
  // Largest time step: each interval between output times is split into equal steps no longer
  // than this.
  double time_step = 1e-3;
  // 2: Strang splitting; 4: its Yoshida (triple-jump) composition, three Strang steps a step.
  int order = 4;
  // Strictly increasing, >= 0; t = 0 returns the initial condition.
  std::vector<double> output_times;
  // Where to evaluate h: any finite x (the trigonometric interpolant of the grid values, which
  // is periodic). Empty: the solver's own nodes, periodic_nodes(x_min, x_max, modes).
  std::vector<double> output_x;
  std::function<std::complex<double>(double)> initial = [](double x) {
    return std::complex<double>(2.0 / std::cosh(x), 0.0);
  };
};

struct NlsSolution {
  std::vector<double> x;  // the output nodes
  std::vector<double> t;  // the output times
  // h[i * t.size() + j] = h(x_i, t_j): first axis x, slowest.
  std::vector<std::complex<double>> h;
};

// Split-step Fourier method. The equation splits into two flows that are solved exactly:
//   linear     i h_t + dispersion h_xx = 0:  each Fourier coefficient turns by
//              exp(-i dispersion k^2 dt);
//   nonlinear  i h_t + nonlinearity |h|^2 h = 0:  |h| is constant at every x, so
//              h(dt) = h exp(i nonlinearity |h|^2 dt) pointwise.
// Strang's composition N(dt/2) L(dt) N(dt/2) is second order; Yoshida's symmetric triple jump
// S(w1 dt) S(w0 dt) S(w1 dt), w1 = 1 / (2 - 2^(1/3)), w0 = 1 - 2 w1, is fourth order
// (H. Yoshida, Phys. Lett. A 150 (1990) 262). Both flows are unitary, so the discrete mass
// sum |h_k|^2 is conserved to rounding. Adjacent nonlinear half steps are merged (exact: the
// nonlinear flow keeps |h|). Transforms are FFTW complex-to-complex, planned once per call.
//
// Throws std::invalid_argument naming the offending option (grid, modes, time_step, order,
// output_times, output_x, coefficients, initial values that are not finite) and
// std::runtime_error if the solution stops being finite.
NlsSolution solve_nls_split_step(const NlsProblem& problem);

}  // namespace pinn::reference
