#pragma once
// Poisson equation with Dirichlet data on a box in 1, 2 or 3 dimensions:
//
//   -Laplace(u) = f   in [lo, hi]^dim,      u = g   on the boundary
//
// Cases:
//   sine:         manufactured u = prod_i sin(k pi x_i), so f = dim k^2 pi^2 u and g = u;
//                 the exact solution is the reference.
//   unit_source:  f = 1, g = 0; no closed form, the reference is the second-order
//                 finite-difference solution on the evaluation grid.

#include "solver/problem/registry.h"

namespace pinn::problems {

ProblemEntry poisson_entry();

}  // namespace pinn::problems
