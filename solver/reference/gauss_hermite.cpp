#include "solver/reference/gauss_hermite.h"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <stdexcept>
#include <string>

namespace pinn::reference {

namespace {

// Orthonormal Hermite polynomials q_k (weight exp(-x^2)) at x via the three-term recurrence
// x q_k = b_{k+1} q_{k+1} + b_k q_{k-1}, b_k = sqrt(k/2). These are exactly the components of
// the Jacobi-matrix eigenvector belonging to the eigenvalue x (before normalisation).
struct HermiteAtNode {
  double q_n;          // q_n(x), scaled by exp(-log_scale)
  double q_n_minus_1;  // q_{n-1}(x), same scaling
  double log_sum_sq;   // log of sum_{k<n} q_k(x)^2, unscaled
};

HermiteAtNode evaluate_hermite(int n, double x) {
  // q_k grows like exp(x^2/2) in the tails: rescale whenever it gets large, tracking the log.
  constexpr double kBig = 1e150;
  double log_scale = 0.0;
  double prev = 0.0;
  double cur = std::pow(M_PI, -0.25);  // q_0
  double sum_sq = cur * cur;           // scaled by exp(-2 log_scale)
  for (int k = 0; k < n; ++k) {
    const double b_k = std::sqrt(0.5 * k);
    const double b_next = std::sqrt(0.5 * (k + 1));
    const double next = (x * cur - b_k * prev) / b_next;
    prev = cur;
    cur = next;
    if (k + 1 < n) sum_sq += cur * cur;
    if (std::abs(cur) > kBig) {
      prev /= kBig;
      cur /= kBig;
      sum_sq /= kBig * kBig;
      log_scale += std::log(kBig);
    }
  }
  return {cur, prev, std::log(sum_sq) + 2.0 * log_scale};
}

}  // namespace

QuadratureRule gauss_hermite(int n) {
  if (n < 1) {
    throw std::invalid_argument("gauss_hermite: n = " + std::to_string(n) + " must be >= 1");
  }
  // Golub-Welsch: the nodes are the eigenvalues of the symmetric tridiagonal Jacobi matrix of
  // the Hermite recurrence (zero diagonal, off-diagonal sqrt(k/2)).
  Eigen::VectorXd nodes = Eigen::VectorXd::Zero(n);
  if (n > 1) {
    const Eigen::VectorXd diag = Eigen::VectorXd::Zero(n);
    Eigen::VectorXd sub(n - 1);
    for (int k = 1; k < n; ++k) sub[k - 1] = std::sqrt(0.5 * k);
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver;
    solver.computeFromTridiagonal(diag, sub, Eigen::EigenvaluesOnly);
    if (solver.info() != Eigen::Success) {
      throw std::runtime_error("gauss_hermite: eigenvalue iteration failed for n = " +
                               std::to_string(n));
    }
    nodes = solver.eigenvalues();  // ascending
  }

  // The weight is sqrt(pi) * v_0^2 for the normalised eigenvector v. An eigenvector from the
  // QR iteration only has absolute accuracy ~1e-16 per component, so tail weights (1e-40 and far
  // below) would be garbage; the exact eigenvector is (q_0, ..., q_{n-1})(x) / norm, which gives
  // sqrt(pi) v_0^2 = 1 / sum_k q_k(x)^2 with full relative accuracy. One Newton step on q_n
  // (q_n' = sqrt(2n) q_{n-1}) polishes the node first.
  QuadratureRule rule;
  rule.nodes.resize(n);
  rule.weights.resize(n);
  for (int i = 0; i < n; ++i) {
    double x = nodes[i];
    const HermiteAtNode h = evaluate_hermite(n, x);
    if (h.q_n_minus_1 != 0.0) x -= h.q_n / (std::sqrt(2.0 * n) * h.q_n_minus_1);
    rule.nodes[i] = x;
    rule.weights[i] = std::exp(-evaluate_hermite(n, x).log_sum_sq);  // underflows to 0 far out
  }
  // The exact rule is symmetric about 0: enforce it so odd integrands integrate to zero.
  for (int i = 0; i < n / 2; ++i) {
    const int j = n - 1 - i;
    const double node = 0.5 * (rule.nodes[j] - rule.nodes[i]);
    const double weight = 0.5 * (rule.weights[i] + rule.weights[j]);
    rule.nodes[i] = -node;
    rule.nodes[j] = node;
    rule.weights[i] = weight;
    rule.weights[j] = weight;
  }
  if (n % 2 == 1) rule.nodes[n / 2] = 0.0;
  return rule;
}

}  // namespace pinn::reference
