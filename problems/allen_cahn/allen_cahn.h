#pragma once
// Allen-Cahn equation (Raissi, Perdikaris & Karniadakis, J. Comput. Phys. 378
// (2019) 686, section 4.2; Wight & Zhao, Commun. Comput. Phys. 29 (2021) 930):
//
//   u_t - D u_xx + b u^3 - a u = 0,   x in [-1, 1], t in [0, 1],
//   u(x, 0) = x^2 cos(pi x), u periodic in x (value and u_x),
//
// with D = 1e-4, a = b = 5 in the papers. The solution sharpens into fronts
// between the stable states u = +-sqrt(a / b); plain PINNs are known to miss them.
// Reference: Fourier pseudo-spectral in x, ETDRK4 in time (Kassam & Trefethen
// 2005) on 1024 modes (FFTW).

#include "solver/problem/registry.h"

namespace pinn::problems {

ProblemEntry allen_cahn_entry();

}  // namespace pinn::problems
