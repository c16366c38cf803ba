#pragma once
// Nonlinear Klein-Gordon equation (Jagtap, Kawaguchi, Karniadakis, J. Comput.
// Phys. 404 (2020) 109136, section 3.2):
//
//   u_tt + alpha u_xx + beta u + gamma u^p = f(x, t),   x in [x0, x1], t in [t0, t1]
//
// with the manufactured solution u = x cos(t), which fixes f, the initial data
// u(x, t0) = x cos(t0), u_t(x, t0) = -x sin(t0) and the boundary data. The paper's
// case is alpha = -1, beta = 0, gamma = 1, p = 2: f = -x cos t + x^2 cos^2 t.
// Reference: the exact solution.

#include "solver/problem/registry.h"

namespace pinn::problems {

ProblemEntry klein_gordon_entry();

}  // namespace pinn::problems
