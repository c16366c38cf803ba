#pragma once
// Regression: fitting a function from samples (the first experiment of Jagtap,
// Kawaguchi, Karniadakis, J. Comput. Phys. 404 (2020) 109136, and of Proc. R. Soc. A
// 476 (2020) 20200334):
//
//   u(x) = target(x)   at the data points,   x in [lo, hi]^dim
//
// The target is a formula of x (y, z), e.g. "x <= 0 ? 0.2*sin(18*x) : 1 + 0.3*x*cos(54*x)",
// sampled at `sampling.data.points` points; or a file of samples, one per line with the
// coordinates and then the value. Reference: the formula on the grid; for a 1-D file,
// the piecewise-linear interpolant of its samples; none otherwise.

#include "solver/problem/registry.h"

namespace pinn::problems {

ProblemEntry regression_entry();

}  // namespace pinn::problems
