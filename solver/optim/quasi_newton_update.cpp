#include "solver/optim/quasi_newton_update.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace pinn::optim {
namespace {

// a = b h - 1 >= 0 by Cauchy-Schwarz; below this it is rounding, and every member
// of the family makes the same update (theta drops out).
constexpr double kTinyA = 1e-12;

}  // namespace

const std::vector<std::string>& quasi_newton_update_names() {
  static const std::vector<std::string> names = {"bfgs", "ssbfgs", "ssbroyden"};
  return names;
}

QuasiNewtonUpdate parse_quasi_newton_update(const std::string& name) {
  if (name == "bfgs") return QuasiNewtonUpdate::Bfgs;
  if (name == "ssbfgs") return QuasiNewtonUpdate::SsBfgs;
  if (name == "ssbroyden") return QuasiNewtonUpdate::SsBroyden;
  throw std::invalid_argument("unknown quasi-Newton update '" + name +
                              "'; valid: bfgs, ssbfgs, ssbroyden");
}

std::string to_string(QuasiNewtonUpdate update) {
  switch (update) {
    case QuasiNewtonUpdate::Bfgs:
      return "bfgs";
    case QuasiNewtonUpdate::SsBfgs:
      return "ssbfgs";
    case QuasiNewtonUpdate::SsBroyden:
      return "ssbroyden";
  }
  return "unknown";
}

UpdateScaling update_scaling(QuasiNewtonUpdate update, double b, double h, int64_t parameters,
                             bool first) {
  UpdateScaling out;
  switch (update) {
    case QuasiNewtonUpdate::Bfgs:
      return out;
    case QuasiNewtonUpdate::SsBfgs:
      out.tau = first ? h : std::min(1.0, 1.0 / b);
      return out;
    case QuasiNewtonUpdate::SsBroyden:
      break;
  }
  const double a = std::max(b * h - 1.0, 0.0);
  const double rhobar = std::min(1.0, 1.0 / b);
  if (a <= kTinyA) {
    // sigma = 1 and v = 0: the BFGS member, self-scaled.
    out.tau = first ? h : rhobar;
    return out;
  }
  const double c = std::sqrt(a / (1.0 + a));
  const double rho_minus = std::min(1.0, h * (1.0 - c));
  const double theta_minus = (rho_minus - 1.0) / a;
  const double theta_plus = 1.0 / rho_minus;
  const double theta = std::max(theta_minus, std::min(theta_plus, (1.0 - b) / b));
  const double sigma = 1.0 + a * theta;
  const double root = std::pow(std::abs(sigma), 1.0 / (1.0 - static_cast<double>(parameters)));
  out.theta = theta;
  out.phi = (1.0 - theta) / (1.0 + a * theta);
  if (first) {
    out.tau = h / sigma;
    return out;
  }
  out.tau = theta <= 0 ? std::min(rhobar * root, sigma) : rhobar * std::min(root, 1.0 / theta);
  return out;
}

InverseHessian::InverseHessian(Eigen::Index parameters, int threads)
    : h_(Eigen::MatrixXd::Identity(parameters, parameters)), threads_(std::max(1, threads)) {}

void InverseHessian::reset_to_identity() { h_.setIdentity(); }

void InverseHessian::multiply(const Eigen::VectorXd& v, Eigen::VectorXd& out) const {
  const Eigen::Index n = h_.rows();
  out.resize(n);
  // H is symmetric: (H v)_i is column i dotted with v, read contiguously.
#pragma omp parallel for num_threads(threads_) schedule(static) if (n >= 256)
  for (Eigen::Index i = 0; i < n; ++i) out(i) = h_.col(i).dot(v);
}

void InverseHessian::scale_and_add(double a, double b1, const Eigen::VectorXd& u1, double b2,
                                   const Eigen::VectorXd& u2, double b3,
                                   const Eigen::VectorXd& u3) {
  const Eigen::Index n = h_.rows();
#pragma omp parallel for num_threads(threads_) schedule(static) if (n >= 256)
  for (Eigen::Index j = 0; j < n; ++j) {
    h_.col(j) = a * h_.col(j) + (b1 * u1(j)) * u1 + (b2 * u2(j)) * u2 + (b3 * u3(j)) * u3;
  }
}

}  // namespace pinn::optim
