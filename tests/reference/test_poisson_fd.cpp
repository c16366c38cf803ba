#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "solver/reference/poisson_fd.h"

namespace pinn::reference {
namespace {

using Field = std::function<double(const double* x)>;

// Max-norm error of the FD solution against the exact one over all grid points.
double max_error(const PoissonFdProblem& problem, const Field& exact) {
  const std::vector<double> u = solve_poisson_fd(problem);
  const int dim = static_cast<int>(problem.lo.size());
  std::vector<std::vector<double>> axes;
  for (int d = 0; d < dim; ++d) {
    axes.push_back(grid_axis(problem.lo[d], problem.hi[d], problem.points[d]));
  }
  const int n0 = problem.points[0];
  const int n1 = dim > 1 ? problem.points[1] : 1;
  const int n2 = dim > 2 ? problem.points[2] : 1;
  EXPECT_EQ(u.size(), static_cast<std::size_t>(n0) * n1 * n2);
  double err = 0.0;
  double x[3] = {0.0, 0.0, 0.0};
  for (int i0 = 0; i0 < n0; ++i0) {
    for (int i1 = 0; i1 < n1; ++i1) {
      for (int i2 = 0; i2 < n2; ++i2) {
        const int idx[3] = {i0, i1, i2};
        for (int d = 0; d < dim; ++d) x[d] = axes[d][idx[d]];
        err = std::max(err, std::abs(u[(i0 * n1 + i1) * n2 + i2] - exact(x)));
      }
    }
  }
  return err;
}

struct Manufactured {
  std::vector<double> lo, hi;
  Field exact;
  Field source;        // -div(k grad exact)
  Field conductivity;  // k; empty means 1
};

// Errors on grids with 1/h = base, 2 base, 4 base, ... (same number of cells on every axis
// scaled by `cells`); returns the observed orders log2(e_h / e_{h/2}).
std::vector<double> observed_orders(const Manufactured& m, const std::vector<int>& cells,
                                    int refinements) {
  std::vector<double> errors;
  for (int r = 0; r < refinements; ++r) {
    PoissonFdProblem p;
    p.lo = m.lo;
    p.hi = m.hi;
    for (int c : cells) p.points.push_back((c << r) + 1);
    p.source = m.source;
    p.boundary = m.exact;
    p.conductivity = m.conductivity;
    errors.push_back(max_error(p, m.exact));
  }
  std::vector<double> orders;
  for (std::size_t r = 1; r < errors.size(); ++r) {
    orders.push_back(std::log2(errors[r - 1] / errors[r]));
  }
  return orders;
}

void expect_second_order(const std::vector<double>& orders, const std::string& label,
                         double tolerance = 0.2) {
  ASSERT_FALSE(orders.empty());
  for (std::size_t r = 0; r < orders.size(); ++r) {
    EXPECT_GE(orders[r], 2.0 - tolerance) << label << ", refinement " << r + 1;
    EXPECT_LE(orders[r], 2.0 + tolerance) << label << ", refinement " << r + 1;
  }
  std::string all;
  for (double o : orders) all += std::to_string(o) + " ";
  ::testing::Test::RecordProperty(label, all);
}

// u = prod_i sin(k pi x_i) on [0, 1]^d: zero boundary data, f = d k^2 pi^2 u.
Manufactured sine_product(int dim, int k) {
  Manufactured m;
  m.lo.assign(dim, 0.0);
  m.hi.assign(dim, 1.0);
  m.exact = [dim, k](const double* x) {
    double u = 1.0;
    for (int d = 0; d < dim; ++d) u *= std::sin(k * M_PI * x[d]);
    return u;
  };
  const Field exact = m.exact;
  m.source = [dim, k, exact](const double* x) { return dim * k * k * M_PI * M_PI * exact(x); };
  return m;
}

TEST(PoissonFd, SecondOrder1dSine) {
  expect_second_order(observed_orders(sine_product(1, 2), {8}, 5), "order_1d_sine");
}

TEST(PoissonFd, SecondOrder1dNonZeroBoundary) {
  // u = exp(x) on [-1, 2]: f = -exp(x), boundary values exp(-1), exp(2).
  Manufactured m;
  m.lo = {-1.0};
  m.hi = {2.0};
  m.exact = [](const double* x) { return std::exp(x[0]); };
  m.source = [](const double* x) { return -std::exp(x[0]); };
  expect_second_order(observed_orders(m, {8}, 5), "order_1d_exp");
}

TEST(PoissonFd, SecondOrder2dSine) {
  expect_second_order(observed_orders(sine_product(2, 1), {8, 8}, 4), "order_2d_sine");
}

TEST(PoissonFd, SecondOrder2dNonZeroBoundaryAnisotropic) {
  // u = exp(x) sin(y) is harmonic (f = 0); a non-square box with different spacings per axis.
  // exp(x) cos(2y) + x y^3 would also do; keep a source term: u = exp(x) sin(2y) gives f = 3u.
  Manufactured m;
  m.lo = {0.0, -0.5};
  m.hi = {1.0, 1.5};
  m.exact = [](const double* x) { return std::exp(x[0]) * std::sin(2.0 * x[1]); };
  m.source = [](const double* x) { return 3.0 * std::exp(x[0]) * std::sin(2.0 * x[1]); };
  expect_second_order(observed_orders(m, {8, 12}, 4), "order_2d_exp_sin");
}

TEST(PoissonFd, SecondOrder3dSine) {
  expect_second_order(observed_orders(sine_product(3, 1), {6, 6, 6}, 3), "order_3d_sine");
}

TEST(PoissonFd, SecondOrder3dNonZeroBoundary) {
  // u = exp(x + y) cos(sqrt(2) z)... keep a source: u = exp(x) sin(y) cos(z) gives f = u.
  Manufactured m;
  m.lo = {0.0, 0.0, -0.5};
  m.hi = {1.0, 2.0, 0.5};
  m.exact = [](const double* x) { return std::exp(x[0]) * std::sin(x[1]) * std::cos(x[2]); };
  m.source = [](const double* x) { return std::exp(x[0]) * std::sin(x[1]) * std::cos(x[2]); };
  expect_second_order(observed_orders(m, {4, 8, 4}, 3), "order_3d_exp_sin_cos");
}

TEST(PoissonFd, ReproducesQuadraticsExactly) {
  // The 3-point second difference is exact for quadratics, so the discrete solution equals the
  // exact one up to rounding, in every dimension and on coarse, anisotropic grids.
  const Field q1 = [](const double* x) { return 2.0 * x[0] * x[0] - 3.0 * x[0] + 1.0; };
  const Field q2 = [](const double* x) {
    return x[0] * x[0] - 0.5 * x[1] * x[1] + 3.0 * x[0] * x[1] + x[1] - 2.0;
  };
  const Field q3 = [](const double* x) {
    return x[0] * x[0] + 2.0 * x[1] * x[1] - x[2] * x[2] + x[0] * x[2] - x[1] + 0.25;
  };
  struct Case {
    PoissonFdProblem p;
    Field exact;
  };
  std::vector<Case> cases;
  cases.push_back({{{-1.0}, {2.0}, {7}, [](const double*) { return -4.0; }, q1}, q1});
  cases.push_back({{{0.0, -1.0}, {2.0, 1.0}, {9, 5}, [](const double*) { return -1.0; }, q2}, q2});
  cases.push_back(
      {{{0.0, 0.0, 0.0}, {1.0, 2.0, 0.5}, {5, 7, 4}, [](const double*) { return -4.0; }, q3}, q3});
  for (std::size_t c = 0; c < cases.size(); ++c) {
    EXPECT_LT(max_error(cases[c].p, cases[c].exact), 1e-10) << "dimension " << c + 1;
  }
}

TEST(PoissonFd, KeepsBoundaryDataAndLayout) {
  // Row-major, first axis slowest: check a boundary value at a known flat index.
  PoissonFdProblem p;
  p.lo = {0.0, 0.0};
  p.hi = {1.0, 2.0};
  p.points = {3, 5};
  p.source = [](const double*) { return 0.0; };
  p.boundary = [](const double* x) { return 10.0 * x[0] + x[1]; };  // harmonic
  const std::vector<double> u = solve_poisson_fd(p);
  ASSERT_EQ(u.size(), 15u);
  EXPECT_DOUBLE_EQ(u[0 * 5 + 4], 2.0);    // (x, y) = (0, 2)
  EXPECT_DOUBLE_EQ(u[2 * 5 + 0], 10.0);   // (1, 0)
  EXPECT_NEAR(u[1 * 5 + 2], 6.0, 1e-12);  // interior (0.5, 1)
}

TEST(PoissonFd, GridAxis) {
  const std::vector<double> a = grid_axis(-1.0, 2.0, 4);
  ASSERT_EQ(a.size(), 4u);
  EXPECT_DOUBLE_EQ(a[0], -1.0);
  EXPECT_DOUBLE_EQ(a[1], 0.0);
  EXPECT_DOUBLE_EQ(a[2], 1.0);
  EXPECT_DOUBLE_EQ(a[3], 2.0);
  EXPECT_THROW(grid_axis(0.0, 1.0, 1), std::invalid_argument);
}

// ---- Variable conductivity: -div(k grad u) = source ----

TEST(PoissonFd, UnitConductivityMatchesTheLaplacianExactly) {
  // k = 1 given explicitly takes the variable-coefficient path; it must produce the very same
  // numbers as the constant-coefficient default, in every dimension.
  for (int dim = 1; dim <= 3; ++dim) {
    PoissonFdProblem p;
    p.lo.assign(dim, -0.3);
    p.hi.assign(dim, 1.1);
    p.points.assign(dim, dim == 3 ? 7 : 13);
    p.points[0] += 2;  // unequal spacings
    p.source = [](const double* x) { return std::sin(3.0 * x[0]) + x[0] * x[0]; };
    p.boundary = [](const double* x) { return std::exp(x[0]); };
    const std::vector<double> plain = solve_poisson_fd(p);
    p.conductivity = [](const double*) { return 1.0; };
    EXPECT_EQ(solve_poisson_fd(p), plain) << "dimension " << dim;
  }
}

TEST(PoissonFd, LinearSolutionsExactForQuadraticConductivity) {
  // For u linear, the flux difference (k_{i+1/2} - k_{i-1/2}) a / h equals k_x a exactly when k
  // is quadratic along the axis, so the discrete solution is the exact one up to rounding.
  // Sampling k at nodes instead of midpoints would break this.
  const Field k = [](const double* x) { return 1.0 + 0.5 * x[0] + 0.3 * x[0] * x[0]; };
  const Field k_x = [](const double* x) { return 0.5 + 0.6 * x[0]; };
  for (int dim = 1; dim <= 3; ++dim) {
    PoissonFdProblem p;
    p.lo.assign(dim, -0.5);
    p.hi.assign(dim, 1.0);
    p.points.assign(dim, 6);
    p.points[dim - 1] = 9;
    const double slope[3] = {2.0, -1.0, 0.5};
    const Field exact = [dim, slope](const double* x) {
      double u = 0.25;
      for (int d = 0; d < dim; ++d) u += slope[d] * x[d];
      return u;
    };
    p.boundary = exact;
    p.conductivity = k;  // depends on x only; its other derivatives vanish
    p.source = [k_x, slope](const double* x) { return -k_x(x) * slope[0]; };
    EXPECT_LT(max_error(p, exact), 1e-12) << "dimension " << dim;
  }
}

// u = sin(pi x) exp(y) [cos(z)] with k = 1 + 0.5 x + 0.3 y^2 [+ 0.2 z]: source = -(grad k . grad
// u + k Laplace(u)).
Manufactured variable_conductivity(int dim) {
  Manufactured m;
  m.lo = {-0.5, -0.5, 0.0};
  m.hi = {1.0, 0.5, 1.0};
  m.lo.resize(dim);
  m.hi.resize(dim);
  m.conductivity = [dim](const double* x) {
    double k = 1.0 + 0.5 * x[0];
    if (dim > 1) k += 0.3 * x[1] * x[1];
    if (dim > 2) k += 0.2 * x[2];
    return k;
  };
  m.exact = [dim](const double* x) {
    double u = std::sin(M_PI * x[0]);
    if (dim > 1) u *= std::exp(x[1]);
    if (dim > 2) u *= std::cos(x[2]);
    return u;
  };
  const Field k = m.conductivity;
  m.source = [dim, k](const double* x) {
    const double ey = dim > 1 ? std::exp(x[1]) : 1.0;
    const double cz = dim > 2 ? std::cos(x[2]) : 1.0;
    const double sz = dim > 2 ? std::sin(x[2]) : 0.0;
    const double sx = std::sin(M_PI * x[0]);
    const double cx = std::cos(M_PI * x[0]);
    const double u = sx * ey * cz;
    double laplace = -M_PI * M_PI * u;
    double grad_k_dot_grad_u = 0.5 * M_PI * cx * ey * cz;
    if (dim > 1) {
      laplace += u;
      grad_k_dot_grad_u += 0.6 * x[1] * u;
    }
    if (dim > 2) {
      laplace -= u;
      grad_k_dot_grad_u += 0.2 * (-sx * ey * sz);
    }
    return -(grad_k_dot_grad_u + k(x) * laplace);
  };
  return m;
}

TEST(PoissonFd, VariableConductivitySecondOrder1d) {
  expect_second_order(observed_orders(variable_conductivity(1), {16}, 3), "order_1d_variable_k",
                      0.1);
}

TEST(PoissonFd, VariableConductivitySecondOrder2d) {
  expect_second_order(observed_orders(variable_conductivity(2), {24, 16}, 3), "order_2d_variable_k",
                      0.1);
}

TEST(PoissonFd, VariableConductivitySecondOrder3d) {
  expect_second_order(observed_orders(variable_conductivity(3), {6, 5, 5}, 3),
                      "order_3d_variable_k", 0.1);
}

TEST(PoissonFd, IgnoringTheConductivityWouldNotConverge) {
  // The manufactured source belongs to the variable k: solved with k = 1 the error stays O(1),
  // so the order tests above can fail.
  Manufactured m = variable_conductivity(2);
  m.conductivity = nullptr;
  const std::vector<double> orders = observed_orders(m, {24, 16}, 2);
  EXPECT_LT(orders[0], 0.5);
}

// The problem div((1 + alpha x) grad u) + x + y = 0 on [-1/sqrt 2, 1/sqrt 2]^2 with
// u = cos(pi x) cos(pi y) on the boundary, on an n x n grid.
PoissonFdProblem variable_diffusion_square(double alpha, int n) {
  const double half = 1.0 / std::sqrt(2.0);
  PoissonFdProblem p;
  p.lo = {-half, -half};
  p.hi = {half, half};
  p.points = {n, n};
  p.conductivity = [alpha](const double* x) { return 1.0 + alpha * x[0]; };
  p.source = [](const double* x) { return x[0] + x[1]; };
  p.boundary = [](const double* x) { return std::cos(M_PI * x[0]) * std::cos(M_PI * x[1]); };
  return p;
}

// max |fine - coarse| over the coarse nodes; fine has 2 (n - 1) + 1 points per axis.
double max_difference_on_coarse_nodes(const std::vector<double>& coarse,
                                      const std::vector<double>& fine, int n) {
  const int fine_n = 2 * (n - 1) + 1;
  double diff = 0.0;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      diff = std::max(diff, std::abs(coarse[i * n + j] - fine[(2 * i) * fine_n + 2 * j]));
    }
  }
  return diff;
}

TEST(PoissonFd, VariableDiffusionSquareConverges) {
  const double alpha = 0.5;
  const std::vector<double> u65 = solve_poisson_fd(variable_diffusion_square(alpha, 65));
  const std::vector<double> u129 = solve_poisson_fd(variable_diffusion_square(alpha, 129));
  const auto start = std::chrono::steady_clock::now();
  const std::vector<double> u257 = solve_poisson_fd(variable_diffusion_square(alpha, 257));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double coarse_diff = max_difference_on_coarse_nodes(u65, u129, 65);
  const double fine_diff = max_difference_on_coarse_nodes(u129, u257, 129);
  // Second order: each halving of h shrinks the change about fourfold.
  EXPECT_GT(coarse_diff / fine_diff, 3.8);
  EXPECT_LT(coarse_diff / fine_diff, 4.2);
  EXPECT_LT(fine_diff, 1e-4);
  // The solution is O(1): the boundary data is in [-1, 1] and the source is small.
  double largest = 0.0;
  for (double v : u257) largest = std::max(largest, std::abs(v));
  EXPECT_GT(largest, 0.5);
  EXPECT_LT(largest, 2.0);
  std::ostringstream recorded;
  recorded << coarse_diff << " " << fine_diff << " ratio " << coarse_diff / fine_diff;
  RecordProperty("differences_65_129_and_129_257", recorded.str());
  RecordProperty("seconds_257", std::to_string(seconds));
}

void expect_invalid(const PoissonFdProblem& p, const std::string& fragment) {
  try {
    solve_poisson_fd(p);
    ADD_FAILURE() << "no exception; expected one mentioning '" << fragment << "'";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(PoissonFd, RejectsInvalidProblems) {
  PoissonFdProblem good;
  good.lo = {0.0, 0.0};
  good.hi = {1.0, 1.0};
  good.points = {5, 5};
  good.source = [](const double*) { return 1.0; };
  good.boundary = [](const double*) { return 0.0; };
  EXPECT_NO_THROW(solve_poisson_fd(good));

  PoissonFdProblem p = good;
  p.lo = {};
  p.hi = {};
  p.points = {};
  expect_invalid(p, "lo.size() = 0");

  p = good;
  p.lo = {0, 0, 0, 0};
  p.hi = {1, 1, 1, 1};
  p.points = {3, 3, 3, 3};
  expect_invalid(p, "lo.size() = 4");

  p = good;
  p.hi = {1.0};
  expect_invalid(p, "hi.size() = 1");

  p = good;
  p.points = {5, 5, 5};
  expect_invalid(p, "points.size() = 3");

  p = good;
  p.hi = {1.0, -1.0};
  expect_invalid(p, "hi[1] = -1");

  p = good;
  p.lo = {1.0, 0.0};
  expect_invalid(p, "lo[0] = 1");

  p = good;
  p.points = {5, 2};
  expect_invalid(p, "points[1] = 2");

  p = good;
  p.source = nullptr;
  expect_invalid(p, "source");

  p = good;
  p.boundary = nullptr;
  expect_invalid(p, "boundary");
}

TEST(PoissonFd, RejectsNonPositiveConductivity) {
  // On [0, 1]^2 with 5 points, the first midpoint sampled is (0.125, 0.25), left of the first
  // interior node; k = x - 0.3 is negative there.
  PoissonFdProblem p;
  p.lo = {0.0, 0.0};
  p.hi = {1.0, 1.0};
  p.points = {5, 5};
  p.source = [](const double*) { return 1.0; };
  p.boundary = [](const double*) { return 0.0; };
  p.conductivity = [](const double* x) { return x[0] - 0.3; };
  expect_invalid(p, "conductivity k = -0.175 at (0.125, 0.25)");

  // k vanishing at a single midpoint only, (0.5, 0.625), is refused too.
  p.conductivity = [](const double* x) {
    return std::abs(x[0] - 0.5) + std::abs(x[1] - 0.625) < 1e-12 ? 0.0 : 1.0;
  };
  expect_invalid(p, "at (0.5, 0.625)");

  p.conductivity = [](const double* x) { return x[1] > 0.8 ? std::nan("") : 1.0; };
  expect_invalid(p, "conductivity k = nan");
  p.conductivity = [](const double*) { return HUGE_VAL; };
  expect_invalid(p, "conductivity k = inf");

  // Midpoints between two boundary nodes are never sampled, so k may be anything there.
  p.conductivity = [](const double* x) {
    const bool edge = x[0] < 0.2 && x[1] < 0.2;
    return edge ? -1.0 : 1.0;
  };
  EXPECT_NO_THROW(solve_poisson_fd(p));
}

}  // namespace
}  // namespace pinn::reference
