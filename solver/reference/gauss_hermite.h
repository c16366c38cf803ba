#pragma once

#include <Eigen/Dense>

namespace pinn::reference {

// An n-point quadrature rule: integral ≈ sum_k weights[k] * f(nodes[k]).
struct QuadratureRule {
  Eigen::VectorXd nodes;
  Eigen::VectorXd weights;
};

// Gauss-Hermite rule for integral over R of f(x) exp(-x^2) dx, exact for polynomials of degree
// <= 2n-1. Nodes ascending; weights positive and summing to sqrt(pi). Weights far in the tails
// underflow to zero for large n, which is harmless for integrands of moderate growth.
// Throws std::invalid_argument if n < 1.
QuadratureRule gauss_hermite(int n);

}  // namespace pinn::reference
