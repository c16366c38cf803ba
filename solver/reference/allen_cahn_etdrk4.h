#pragma once

#include <cmath>
#include <functional>
#include <vector>

#include "solver/reference/etdrk4.h"

namespace pinn::reference {

// The Allen-Cahn (bistable reaction-diffusion) equation on the periodic interval [x_min, x_max),
//   u_t = diffusion u_xx + reaction_linear u - reaction_cubic u^3,   u(x, 0) = initial(x),
// with u real. The defaults are the case of Raissi, Perdikaris & Karniadakis 2019
// (J. Comput. Phys. 378, section 4.2): u_t - 1e-4 u_xx + 5 u^3 - 5 u = 0 on [-1, 1),
// u(x, 0) = x^2 cos(pi x), t in [0, 1].
struct AllenCahnProblem {
  double x_min = -1.0;
  double x_max = 1.0;
  double diffusion = 1e-4;  // >= 0
  double reaction_linear = 5.0;
  double reaction_cubic = 5.0;
  // Grid points in x (= Fourier modes): a power of two from 8 to 2^24.
  int modes = 1024;
  // Largest time step: each interval between output times is split into equal steps no longer
  // than this.
  double time_step = 1e-3;
  // Strictly increasing, >= 0; t = 0 returns the initial condition.
  std::vector<double> output_times;
  // Where to evaluate u: any finite x (the trigonometric interpolant of the grid values, which
  // is periodic). Empty: the solver's own nodes, x_min + k (x_max - x_min) / modes.
  std::vector<double> output_x;
  std::function<double(double)> initial = [](double x) { return x * x * std::cos(M_PI * x); };
};

struct AllenCahnSolution {
  std::vector<double> x;  // the output nodes
  std::vector<double> t;  // the output times
  // u[i * t.size() + j] = u(x_i, t_j): first axis x, slowest.
  std::vector<double> u;
};

// Fourier pseudo-spectral in x, ETDRK4 in time (Cox & Matthews, J. Comput. Phys. 176 (2002)
// 430, with the coefficients of Kassam & Trefethen, SIAM J. Sci. Comput. 26 (2005) 1214).
// In Fourier space the equation is v_t = L v + N(v) (etdrk4.h), with the diagonal linear part
// L_k = -diffusion k^2 + reaction_linear solved exactly and N(v) = F[-reaction_cubic u^3]
// evaluated on the grid (no dealiasing: a resolved solution's spectrum decays fast enough that
// the aliased part is below the truncation error). Fourth order in time for smooth solutions;
// a fixed point L v + N(v) = 0 (u = 0, u = +-sqrt(reaction_linear / reaction_cubic)) is kept
// to rounding. Transforms are FFTW real-to-complex / complex-to-real, planned once per call.
//
// Throws std::invalid_argument naming the offending option (grid, modes, time_step,
// output_times, output_x, coefficients, initial values that are not finite) and
// std::runtime_error if the solution stops being finite (time_step too large for the reaction).
AllenCahnSolution solve_allen_cahn_etdrk4(const AllenCahnProblem& problem);

}  // namespace pinn::reference
