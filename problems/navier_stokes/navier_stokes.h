#pragma once
// Steady incompressible Navier-Stokes equations in two dimensions,
//
//   u u_x + v u_y = -p_x + (u_xx + u_yy) / Re
//   u v_x + v v_y = -p_y + (v_xx + v_yy) / Re
//   u_x + v_y = 0
//
// for the velocity (u, v) and the pressure p, which the equations fix only up to
// a constant (no pressure data are given: p is compared without its mean).
//
// case kovasznay: (x, y) in [-0.5, 1] x [-0.5, 1.5], Kovasznay's exact solution
//   (L. I. G. Kovasznay, Proc. Camb. Phil. Soc. 44 (1948) 58)
//   u = 1 - e^(lambda x) cos(2 pi y), v = lambda / (2 pi) e^(lambda x) sin(2 pi y),
//   p = (1 - e^(2 lambda x)) / 2,  lambda = Re / 2 - sqrt(Re^2 / 4 + 4 pi^2),
//   gives the velocity on the boundary and the reference.
// case cavity: the lid-driven square cavity [0, 1]^2, u = 1, v = 0 on the lid
//   y = 1 and u = v = 0 on the other walls; the centre-line velocities are
//   compared with Ghia, Ghia & Shin (1982) at Re = 100 (max_centreline_error).

#include "solver/problem/registry.h"

namespace pinn::problems {

ProblemEntry navier_stokes_entry();

}  // namespace pinn::problems
