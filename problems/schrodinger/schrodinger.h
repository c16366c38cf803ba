#pragma once
// Nonlinear Schrödinger equation (Raissi, Perdikaris & Karniadakis, J. Comput.
// Phys. 378 (2019) 686, section 3.1.1):
//
//   i h_t + 0.5 h_xx + |h|^2 h = 0,   x in [x0, x1], t in [0, t1],
//   h(x, 0) = 2 sech(x), h periodic in x (value and h_x),
//
// solved for h = u + i v (outputs u and v):
//   -v_t + 0.5 u_xx + (u^2 + v^2) u = 0,   u_t + 0.5 v_xx + (u^2 + v^2) v = 0.
// The paper's case is x in [-5, 5], t in [0, pi/2]; it reports the relative L2
// error of |h| (the derived field h here, rel_l2_h). Reference: split-step
// Fourier with Yoshida's fourth-order composition on 1024 modes (FFTW).

#include "solver/problem/registry.h"

namespace pinn::problems {

ProblemEntry schrodinger_entry();

}  // namespace pinn::problems
