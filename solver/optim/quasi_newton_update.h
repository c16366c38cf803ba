#pragma once
// The self-scaled Broyden family of updates of an inverse-Hessian approximation H,
// with s = x+ - x, y = g+ - g and rho = 1 / (y's):
//
//   H+ = (1/tau) [ H - (H y y'H) / (y'H y) + phi (y'H y) v v' ] + rho s s',
//   v  = rho s - H y / (y'H y)
//
//   bfgs:      tau = 1, phi = 1.
//   ssbfgs:    Al-Baali's self-scaling BFGS, tau = min(1, 1/b), phi = 1, where
//              b = s'B s / (y's) = -alpha rho s'g (B = H^-1, alpha the step, g at x).
//   ssbroyden: Al-Baali and Khalfan's self-scaled Broyden family ("SSBroyden2" of
//              Urbán, Stefanou and Pons, and of Kiyani et al. 2025): with
//              h = rho y'H y, a = b h - 1, c = sqrt(|a| / (1 + a)),
//              rho- = min(1, h (1 - c)), theta- = (rho- - 1) / a, theta+ = 1 / rho-,
//              theta = max(theta-, min(theta+, (1 - b) / b)), sigma = 1 + a theta,
//              rhobar = min(1, 1/b):
//                tau = min(rhobar |sigma|^(1/(1-P)), sigma)     when theta <= 0,
//                tau = rhobar min(|sigma|^(1/(1-P)), 1/theta)   otherwise;
//              phi = (1 - theta) / (1 + a theta).
//
// For the self-scaled methods, the first update after H was set to the identity
// scales it by tau = h / (1 + a theta) instead (theta = 0 for ssbfgs, which makes
// it the usual H0 = (y's / y'y) I of Nocedal & Wright eq. 6.20), as Urbán et al.
// do: the rules above keep tau <= 1, so without it the identity's arbitrary scale
// would linger in H (on an ill-conditioned quadratic, 300 iterations instead of 48).
// bfgs stays the textbook update.

#include <Eigen/Dense>
#include <string>
#include <vector>

namespace pinn::optim {

enum class QuasiNewtonUpdate { Bfgs, SsBfgs, SsBroyden };

QuasiNewtonUpdate parse_quasi_newton_update(const std::string& name);  // bfgs | ssbfgs | ssbroyden
std::string to_string(QuasiNewtonUpdate update);
const std::vector<std::string>& quasi_newton_update_names();

// The scalars of one update, from the quantities of one iteration.
struct UpdateScaling {
  double tau = 1;
  double phi = 1;
  double theta = 0;  // the Broyden-family parameter phi's rule came from (ssbroyden)
};

// b = s'B s / (y's), h = rho y'H y, for P parameters; `first`: H is the identity.
UpdateScaling update_scaling(QuasiNewtonUpdate update, double b, double h, int64_t parameters,
                             bool first = false);

// A dense symmetric P x P matrix H, updated and multiplied in column blocks on
// `threads` threads (the work is O(P^2) and bound by memory traffic).
class InverseHessian {
 public:
  InverseHessian(Eigen::Index parameters, int threads);

  void reset_to_identity();
  // out = H v.
  void multiply(const Eigen::VectorXd& v, Eigen::VectorXd& out) const;
  // H <- a H + b1 u1 u1' + b2 u2 u2' + b3 u3 u3'.
  void scale_and_add(double a, double b1, const Eigen::VectorXd& u1, double b2,
                     const Eigen::VectorXd& u2, double b3, const Eigen::VectorXd& u3);

  const Eigen::MatrixXd& matrix() const { return h_; }
  Eigen::MatrixXd& matrix() { return h_; }
  Eigen::Index size() const { return h_.rows(); }

 private:
  Eigen::MatrixXd h_;
  int threads_;
};

}  // namespace pinn::optim
