#pragma once

#include <Eigen/Dense>

namespace pinn::reference {

// Exact solution of viscous Burgers with a convection coefficient c (any real number),
//   u_t + c u u_x = nu u_xx,  u(x, 0) = -sin(pi x),
// on the real line. The solution is odd and 2-periodic in x, so it also solves the problem on
// [-1, 1] (or any [a, b] with integer a, b) with homogeneous Dirichlet data.
//
// v = c u solves the c = 1 equation with v(x, 0) = -c sin(pi x); its Cole-Hopf transform
// divided by c gives
//   u(x,t) = -∫ sin(pi (x-η)) f(x-η) G(η) dη / ∫ f(x-η) G(η) dη,
//   f(y) = exp(-c cos(pi y) / (2 pi nu)),  G(η) = exp(-η² / (4 nu t)),
// in which c no longer appears as a divisor, so small |c| is as well conditioned as c = 1 and
// c -> 0 tends continuously to the heat equation. c = 0 itself is evaluated in closed form,
// u = -exp(-nu pi² t) sin(pi x). Otherwise η = sqrt(4 nu t) s and Gauss-Hermite quadrature in s.
class BurgersColeHopf {
 public:
  // Throws std::invalid_argument unless nu > 0, c is finite and quadrature_nodes >= 1.
  //
  // Node count: the quadrature for (nu, c, t) is the same sum as for (nu / c, 1, c t). In s the
  // integrands peak near |s| ~ 1/sqrt(4 nu t) with width ~ 1/sqrt(2 pi |c| t), and the outermost
  // of n nodes sits near sqrt(2n), so more nodes are needed as |c| / nu grows and, more mildly,
  // as |c| and nu grow. Nodes measured for max error < 1e-12 over x in [-1, 1], t in (0, 1]:
  //   nu = 0.001/pi: |c| = 0.5: 162, 1: 298
  //   nu = 0.01/pi:  |c| = 0.25: 26, 0.5: 44, 1: 76, 2: 128, 4: 220, 8: 394, 12: ~800
  //   nu = 0.1/pi:   |c| = 0.25: 40, 0.5: 56, 1: 84, 2: 132, 4: 226, 8: 406
  //   nu = 1/pi:     |c| = 1: 186, 4: 392 (a wide heat kernel)
  // For c = 1 and convergence to rounding: 0.002/pi needs ~200 (the default), 0.001/pi ~400.
  // Beyond |c| / nu ~ 4000 more nodes stop helping (nu = 0.001/pi with |c| = 1.5, and 0.01/pi
  // with |c| = 16, stall at errors ~1e-5 and ~1e-4 up to 1400 nodes), presumably because the
  // tail weights that matter there underflow. c < 0 mirrors c > 0 (shock at x = ±1, not 0).
  explicit BurgersColeHopf(double nu, double c = 1.0, int quadrature_nodes = 200);
  // The former (nu, quadrature_nodes) call would silently read the node count as c.
  BurgersColeHopf(double nu, int quadrature_nodes) = delete;

  double nu() const { return nu_; }
  double c() const { return c_; }
  int quadrature_nodes() const { return quadrature_nodes_; }

  // u(x, t) for t >= 0 (t = 0 returns the initial condition exactly). Throws
  // std::invalid_argument for t < 0 or NaN.
  double operator()(double x, double t) const;

  // Entry (i, j) = u(x_i, t_j); shape x.size() x t.size(). Same rule for t as operator().
  Eigen::MatrixXd on_grid(const Eigen::VectorXd& x, const Eigen::VectorXd& t) const;

 private:
  // Fills cos(pi a s_k) and sin(pi a s_k), a = sqrt(4 nu t): shared by every x at one t.
  void angle_table(double t, Eigen::ArrayXd& cos_shift, Eigen::ArrayXd& sin_shift) const;
  double evaluate(double x, const Eigen::ArrayXd& cos_shift, const Eigen::ArrayXd& sin_shift,
                  Eigen::ArrayXd& exponent) const;
  // The c = 0 closed form; t already validated.
  double heat(double x, double t) const;

  double nu_;
  double c_;
  double exponent_scale_;  // c / (2 pi nu), the amplitude of log f
  int quadrature_nodes_;
  Eigen::ArrayXd nodes_;        // Gauss-Hermite nodes with non-zero weight
  Eigen::ArrayXd log_weights_;  // logs, so weight and f share one exponent before the max shift
};

}  // namespace pinn::reference
