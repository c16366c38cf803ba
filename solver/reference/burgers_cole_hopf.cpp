#include "solver/reference/burgers_cole_hopf.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "solver/reference/gauss_hermite.h"

namespace pinn::reference {

namespace {

void require_valid_time(double t) {
  if (!(t >= 0.0)) {
    std::ostringstream msg;
    msg << "BurgersColeHopf: t = " << t << " must be >= 0";
    throw std::invalid_argument(msg.str());
  }
}

}  // namespace

BurgersColeHopf::BurgersColeHopf(double nu, double c, int quadrature_nodes)
    : nu_(nu), c_(c), quadrature_nodes_(quadrature_nodes) {
  if (!(nu > 0.0) || !std::isfinite(nu)) {
    std::ostringstream msg;
    msg << "BurgersColeHopf: nu = " << nu << " must be a finite number > 0";
    throw std::invalid_argument(msg.str());
  }
  if (!std::isfinite(c)) {
    std::ostringstream msg;
    msg << "BurgersColeHopf: c = " << c << " must be a finite number";
    throw std::invalid_argument(msg.str());
  }
  if (quadrature_nodes < 1) {
    std::ostringstream msg;
    msg << "BurgersColeHopf: quadrature_nodes = " << quadrature_nodes << " must be >= 1";
    throw std::invalid_argument(msg.str());
  }
  exponent_scale_ = c / (2.0 * M_PI * nu);
  const QuadratureRule rule = gauss_hermite(quadrature_nodes);
  int kept = 0;
  for (int k = 0; k < rule.weights.size(); ++k) kept += rule.weights[k] > 0.0 ? 1 : 0;
  nodes_.resize(kept);
  log_weights_.resize(kept);
  int j = 0;
  for (int k = 0; k < rule.weights.size(); ++k) {
    if (rule.weights[k] > 0.0) {
      nodes_[j] = rule.nodes[k];
      log_weights_[j] = std::log(rule.weights[k]);
      ++j;
    }
  }
}

void BurgersColeHopf::angle_table(double t, Eigen::ArrayXd& cos_shift,
                                  Eigen::ArrayXd& sin_shift) const {
  require_valid_time(t);
  const Eigen::ArrayXd angle = (M_PI * std::sqrt(4.0 * nu_ * t)) * nodes_;
  cos_shift = angle.cos();
  sin_shift = angle.sin();
}

double BurgersColeHopf::evaluate(double x, const Eigen::ArrayXd& cos_shift,
                                 const Eigen::ArrayXd& sin_shift, Eigen::ArrayXd& exponent) const {
  // With y = x - a s: cos(pi y) and sin(pi y) by the angle-difference formulas, so only one
  // exp per node remains per point.
  const double cx = std::cos(M_PI * x);
  const double sx = std::sin(M_PI * x);
  exponent = log_weights_ - exponent_scale_ * (cx * cos_shift + sx * sin_shift);
  // The exponent spans ±|c|/(2 pi nu) (±50 for c = 1, nu = 0.01/pi): shift by its maximum so that
  // the largest term is 1 and nothing overflows; the shift cancels in the ratio.
  const Eigen::ArrayXd factor = (exponent - exponent.maxCoeff()).exp();
  const double numerator = (factor * (sx * cos_shift - cx * sin_shift)).sum();
  return -numerator / factor.sum();
}

double BurgersColeHopf::heat(double x, double t) const {
  return -std::exp(-nu_ * M_PI * M_PI * t) * std::sin(M_PI * x);
}

double BurgersColeHopf::operator()(double x, double t) const {
  if (t == 0.0) return -std::sin(M_PI * x);
  if (c_ == 0.0) {
    require_valid_time(t);
    return heat(x, t);
  }
  Eigen::ArrayXd cos_shift, sin_shift, exponent;
  angle_table(t, cos_shift, sin_shift);
  return evaluate(x, cos_shift, sin_shift, exponent);
}

Eigen::MatrixXd BurgersColeHopf::on_grid(const Eigen::VectorXd& x, const Eigen::VectorXd& t) const {
  Eigen::MatrixXd u(x.size(), t.size());
  Eigen::ArrayXd cos_shift, sin_shift, exponent;
  for (Eigen::Index j = 0; j < t.size(); ++j) {
    if (t[j] == 0.0) {
      u.col(j) = -(M_PI * x.array()).sin();
      continue;
    }
    if (c_ == 0.0) {
      require_valid_time(t[j]);
      for (Eigen::Index i = 0; i < x.size(); ++i) u(i, j) = heat(x[i], t[j]);
      continue;
    }
    angle_table(t[j], cos_shift, sin_shift);
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      u(i, j) = evaluate(x[i], cos_shift, sin_shift, exponent);
    }
  }
  return u;
}

}  // namespace pinn::reference
