#include "solver/reference/poisson_fd.h"

#include <Eigen/Sparse>
#include <Eigen/SparseCholesky>
#include <array>
#include <cmath>
#include <cstddef>
#include <sstream>
#include <stdexcept>
#include <string>

namespace pinn::reference {

namespace {

void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument("solve_poisson_fd: " + message);
}

void validate(const PoissonFdProblem& p) {
  const std::size_t dim = p.lo.size();
  require(dim >= 1 && dim <= 3,
          "lo.size() = " + std::to_string(dim) + " must be 1, 2 or 3 (the dimension)");
  require(p.hi.size() == dim, "hi.size() = " + std::to_string(p.hi.size()) +
                                  " must equal lo.size() = " + std::to_string(dim));
  require(p.points.size() == dim, "points.size() = " + std::to_string(p.points.size()) +
                                      " must equal lo.size() = " + std::to_string(dim));
  for (std::size_t d = 0; d < dim; ++d) {
    std::ostringstream box;
    box << "lo[" << d << "] = " << p.lo[d] << ", hi[" << d << "] = " << p.hi[d];
    require(p.lo[d] < p.hi[d], box.str() + ": need lo < hi");
    require(p.points[d] >= 3, "points[" + std::to_string(d) + "] = " + std::to_string(p.points[d]) +
                                  " must be >= 3 (both boundary points and one interior point)");
  }
  require(static_cast<bool>(p.source), "source is empty: a function is required");
  require(static_cast<bool>(p.boundary), "boundary is empty: a function is required");
}

}  // namespace

std::vector<double> grid_axis(double lo, double hi, int points) {
  if (points < 2) {
    throw std::invalid_argument("grid_axis: points = " + std::to_string(points) +
                                " must be >= 2 (both endpoints)");
  }
  std::vector<double> axis(points);
  const double h = (hi - lo) / (points - 1);
  for (int i = 0; i < points; ++i) axis[i] = lo + i * h;
  axis[points - 1] = hi;  // exact endpoint despite rounding
  return axis;
}

std::vector<double> solve_poisson_fd(const PoissonFdProblem& p) {
  validate(p);
  const int dim = static_cast<int>(p.lo.size());

  // Pad to three axes with single-point axes so one loop nest serves every dimension.
  std::array<int, 3> n{1, 1, 1};
  std::array<std::vector<double>, 3> axes;
  std::array<double, 3> inv_h2{0.0, 0.0, 0.0};
  for (int d = 0; d < dim; ++d) {
    n[d] = p.points[d];
    axes[d] = grid_axis(p.lo[d], p.hi[d], n[d]);
    const double h = (p.hi[d] - p.lo[d]) / (n[d] - 1);
    inv_h2[d] = 1.0 / (h * h);
  }
  for (int d = dim; d < 3; ++d) axes[d] = {0.0};

  // Strides of the full grid (first axis slowest) and of the interior unknowns.
  const std::array<long, 3> stride{static_cast<long>(n[1]) * n[2], n[2], 1};
  std::array<int, 3> m{1, 1, 1};
  for (int d = 0; d < dim; ++d) m[d] = n[d] - 2;
  const std::array<long, 3> unknown_stride{static_cast<long>(m[1]) * m[2], m[2], 1};
  const long total = static_cast<long>(n[0]) * n[1] * n[2];
  const long unknowns = static_cast<long>(m[0]) * m[1] * m[2];

  // Boundary values first: they are both part of the result and the Dirichlet data.
  std::vector<double> u(total, 0.0);
  std::vector<bool> on_boundary(total, false);
  double x[3] = {0.0, 0.0, 0.0};
  for (int i0 = 0; i0 < n[0]; ++i0) {
    for (int i1 = 0; i1 < n[1]; ++i1) {
      for (int i2 = 0; i2 < n[2]; ++i2) {
        const std::array<int, 3> idx{i0, i1, i2};
        bool boundary = false;
        for (int d = 0; d < dim; ++d) boundary = boundary || idx[d] == 0 || idx[d] == n[d] - 1;
        if (!boundary) continue;
        for (int d = 0; d < 3; ++d) x[d] = axes[d][idx[d]];
        const long g = i0 * stride[0] + i1 * stride[1] + i2 * stride[2];
        u[g] = p.boundary(x);
        on_boundary[g] = true;
      }
    }
  }

  std::vector<Eigen::Triplet<double>> triplets;
  triplets.reserve(static_cast<std::size_t>(unknowns) * (2 * dim + 1));
  Eigen::VectorXd rhs(unknowns);

  // k at the midpoint between grid node idx and its neighbour on `side` of axis d. Both rows
  // that share a midpoint compute its coordinates from the same two nodes, so they see the same
  // value and the matrix is exactly symmetric.
  auto midpoint_conductivity = [&](const std::array<int, 3>& idx, int d, int side) {
    if (!p.conductivity) return 1.0;
    double midpoint[3];
    for (int e = 0; e < 3; ++e) midpoint[e] = axes[e][idx[e]];
    const int lower = side < 0 ? idx[d] - 1 : idx[d];
    midpoint[d] = 0.5 * (axes[d][lower] + axes[d][lower + 1]);
    const double k = p.conductivity(midpoint);
    if (!(k > 0.0) || !std::isfinite(k)) {
      std::ostringstream msg;
      msg << "conductivity k = " << k << " at (";
      for (int e = 0; e < dim; ++e) msg << (e ? ", " : "") << midpoint[e];
      msg << ") must be finite and > 0";
      throw std::invalid_argument("solve_poisson_fd: " + msg.str());
    }
    return k;
  };

  // Grid index of an interior unknown (padded axes keep their single point at 0).
  auto grid_index = [&](int j0, int j1, int j2) {
    const std::array<int, 3> j{j0, j1, j2};
    std::array<int, 3> idx{0, 0, 0};
    for (int d = 0; d < dim; ++d) idx[d] = j[d] + 1;
    return idx;
  };

  for (int j0 = 0; j0 < m[0]; ++j0) {
    for (int j1 = 0; j1 < m[1]; ++j1) {
      for (int j2 = 0; j2 < m[2]; ++j2) {
        const std::array<int, 3> idx = grid_index(j0, j1, j2);
        const long row = j0 * unknown_stride[0] + j1 * unknown_stride[1] + j2;
        for (int d = 0; d < 3; ++d) x[d] = axes[d][idx[d]];
        double b = p.source(x);
        // Couplings first: the diagonal is their sum, accumulated axis by axis so that k = 1
        // reproduces the constant-coefficient diagonal sum_d 2 / h_d^2 exactly.
        std::array<std::array<double, 2>, 3> coupling{};
        double diagonal = 0.0;
        for (int d = 0; d < dim; ++d) {
          coupling[d][0] = midpoint_conductivity(idx, d, -1) * inv_h2[d];
          coupling[d][1] = midpoint_conductivity(idx, d, 1) * inv_h2[d];
          diagonal += coupling[d][0] + coupling[d][1];
        }
        triplets.emplace_back(row, row, diagonal);
        const long g = idx[0] * stride[0] + idx[1] * stride[1] + idx[2] * stride[2];
        for (int d = 0; d < dim; ++d) {
          for (int side : {-1, 1}) {
            const double neighbour_coupling = coupling[d][side > 0 ? 1 : 0];
            const long neighbour = g + side * stride[d];
            if (on_boundary[neighbour]) {
              // The known Dirichlet value moves to the right side.
              b += neighbour_coupling * u[neighbour];
            } else {
              triplets.emplace_back(row, row + side * unknown_stride[d], -neighbour_coupling);
            }
          }
        }
        rhs[row] = b;
      }
    }
  }

  Eigen::SparseMatrix<double> a(unknowns, unknowns);
  a.setFromTriplets(triplets.begin(), triplets.end());
  Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>> solver(a);
  if (solver.info() != Eigen::Success) {
    throw std::runtime_error("solve_poisson_fd: sparse LDL^T factorisation failed (" +
                             std::to_string(unknowns) + " unknowns)");
  }
  const Eigen::VectorXd interior = solver.solve(rhs);
  if (solver.info() != Eigen::Success) {
    throw std::runtime_error("solve_poisson_fd: sparse LDL^T solve failed");
  }

  for (int j0 = 0; j0 < m[0]; ++j0) {
    for (int j1 = 0; j1 < m[1]; ++j1) {
      for (int j2 = 0; j2 < m[2]; ++j2) {
        const long row = j0 * unknown_stride[0] + j1 * unknown_stride[1] + j2;
        const std::array<int, 3> idx = grid_index(j0, j1, j2);
        const long g = idx[0] * stride[0] + idx[1] * stride[1] + idx[2] * stride[2];
        u[g] = interior[row];
      }
    }
  }
  return u;
}

}  // namespace pinn::reference
