#pragma once
// Helmholtz equation in two dimensions (Jagtap, Kawaguchi, Karniadakis, J. Comput.
// Phys. 404 (2020) 109136, section 3.4):
//
//   u_xx + u_yy + k^2 u = q(x, y)   in [lo, hi]^2,      u = g on the boundary
//
// with the manufactured solution u = (x + y) sin(pi x) sin(pi y), so that
//   q = 2 pi cos(pi x) sin(pi y) + 2 pi sin(pi x) cos(pi y) + (k^2 - 2 pi^2) u
// and g = u (zero on the paper's [-1, 1]^2). Reference: the exact solution.

#include "solver/problem/registry.h"

namespace pinn::problems {

ProblemEntry helmholtz_entry();

}  // namespace pinn::problems
