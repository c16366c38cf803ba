#pragma once
// Diffusion with a conductivity that varies in x, the inverse problem of Jagtap,
// Kawaguchi and Karniadakis (Proc. R. Soc. A 476 (2020) 20200334, section 4(b),
// after Pakravan et al.):
//
//   div((1 + alpha x) grad u) + x + y = 0   on [-1/sqrt 2, 1/sqrt 2]^2,
//   u = cos(pi x) cos(pi y)                 on the boundary,
//
// with alpha in [0.05, 0.95] the coefficient to identify. Written out, the
// residual is (1 + alpha x)(u_xx + u_yy) + alpha u_x + x + y. Reference: the
// conservative second-order finite-difference solve on a grid that holds the
// asked-for nodes, at two spacings h and 2h, Richardson-extrapolated (fourth order).

#include "solver/problem/registry.h"

namespace pinn::problems {

ProblemEntry variable_diffusion_entry();

}  // namespace pinn::problems
