#pragma once

#include <functional>
#include <vector>

namespace pinn::reference {

// -div(k grad u) = source on the box [lo, hi] (1 to 3 dimensions) with u = boundary on its faces;
// k = conductivity, or 1 (so -Laplace(u) = source) when conductivity is empty.
struct PoissonFdProblem {
  std::vector<double> lo;
  std::vector<double> hi;
  // Grid points per axis, both boundary points included; each >= 3.
  std::vector<int> points;
  // Both are called with a pointer to lo.size() coordinates.
  std::function<double(const double* x)> source;
  std::function<double(const double* x)> boundary;
  // Optional; must be finite and > 0 wherever it is sampled (see solve_poisson_fd).
  std::function<double(const double* x)> conductivity;
};

// Second-order (2d+1)-point finite differences on the uniform grid of each axis, solved by a
// sparse Cholesky (LDL^T) factorisation. The flux form
//   -(k_{i+1/2} (u_{i+1} - u_i) - k_{i-1/2} (u_i - u_{i-1})) / h^2   (per axis)
// samples k at the midpoints between neighbouring nodes, which keeps the matrix symmetric
// positive definite for any k > 0; only midpoints next to at least one interior node are used.
// Without conductivity the scheme is the plain 5-point (7-point in 3-D) Laplacian.
// Returns u at every grid point, boundary points set to the boundary data, row-major with the
// first axis slowest: index = ((i0 * n1) + i1) * n2 + i2.
// Throws std::invalid_argument on malformed problems or where k is <= 0 or not finite (naming
// the midpoint), std::runtime_error if factorisation fails.
std::vector<double> solve_poisson_fd(const PoissonFdProblem& problem);

// `points` uniformly spaced values from lo to hi, both included (the grid of one axis above).
// Throws std::invalid_argument if points < 2.
std::vector<double> grid_axis(double lo, double hi, int points);

}  // namespace pinn::reference
