#pragma once
// Viscous Burgers equation (Raissi, Perdikaris, Karniadakis 2019; Jagtap et al. 2020):
//
//   u_t + u u_x = nu u_xx,    x in [x0, x1], t in [t0, t1]
//   u(x, t0) = -sin(pi x),    u(x0, t) = u(x1, t) = 0
//
// Reference: the Cole-Hopf solution evaluated by Gauss-Hermite quadrature. It
// solves the problem on the whole line; with integer x0 and x1 (zeros of the
// odd, 2-periodic initial data) it satisfies the boundary conditions exactly.

#include "solver/problem/registry.h"

namespace pinn::problems {

ProblemEntry burgers_entry();

}  // namespace pinn::problems
