#pragma once

#include <Eigen/Dense>

namespace pinn::reference {

// Exact solution of viscous Burgers u_t + u u_x = nu u_xx on the real line with
// u(x, 0) = -sin(pi x). The solution is odd and 2-periodic in x, so it also solves the problem on
// [-1, 1] (or any [a, b] with integer a, b) with homogeneous Dirichlet data.
//
// Evaluated through the Cole-Hopf transform,
//   u(x,t) = -∫ sin(pi (x-η)) f(x-η) G(η) dη / ∫ f(x-η) G(η) dη,
//   f(y) = exp(-cos(pi y) / (2 pi nu)),  G(η) = exp(-η² / (4 nu t)),
// with η = sqrt(4 nu t) s and Gauss-Hermite quadrature in s.
class BurgersColeHopf {
 public:
  // Throws std::invalid_argument unless nu > 0 and quadrature_nodes >= 1. In s the integrands
  // peak near |s| ~ 1/sqrt(4 nu t), and the outermost of n nodes sits near sqrt(2n), so smaller
  // nu needs more nodes. Measured for t <= 1: nu = 0.01/pi is converged to rounding at ~80
  // nodes, 0.002/pi at ~200 (the default), 0.001/pi at ~400.
  explicit BurgersColeHopf(double nu, int quadrature_nodes = 200);

  double nu() const { return nu_; }
  int quadrature_nodes() const { return quadrature_nodes_; }

  // u(x, t) for t >= 0 (t = 0 returns the initial condition exactly). Throws
  // std::invalid_argument for t < 0 or NaN.
  double operator()(double x, double t) const;

  // Entry (i, j) = u(x_i, t_j); shape x.size() x t.size(). Same rule for t as operator().
  Eigen::MatrixXd on_grid(const Eigen::VectorXd& x, const Eigen::VectorXd& t) const;

 private:
  // Fills cos(pi c s_k) and sin(pi c s_k), c = sqrt(4 nu t): shared by every x at one t.
  void angle_table(double t, Eigen::ArrayXd& cos_shift, Eigen::ArrayXd& sin_shift) const;
  double evaluate(double x, const Eigen::ArrayXd& cos_shift, const Eigen::ArrayXd& sin_shift,
                  Eigen::ArrayXd& exponent) const;

  double nu_;
  int quadrature_nodes_;
  Eigen::ArrayXd nodes_;        // Gauss-Hermite nodes with non-zero weight
  Eigen::ArrayXd log_weights_;  // logs, so weight and f share one exponent before the max shift
};

}  // namespace pinn::reference
