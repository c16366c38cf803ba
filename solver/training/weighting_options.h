#pragma once
// How training weighs the loss beyond the configured loss_weights (configs/formulas.md,
// "Loss balancing and causal training"):
//
//   balance  grad_norm: each term's factor sum_j |grad L_j| / |grad L_i| (Wang, Teng,
//            Perdikaris 2021); ntk: sum_j tr(K_j) / tr(K_i) with the trace per point
//            (Wang, Yu, Perdikaris 2022); both as a moving average, multiplying the
//            configured weights. rba: a weight per point of every term, lambda <- gamma
//            lambda + eta |r| / max |r| (Anagnostopoulos et al. 2024).
//   causal   the residual's points binned in time, bin i weighted by
//            exp(-epsilon sum_{k<i} L_k) (Wang, Sankaran, Perdikaris 2024).
//
// In quasi-Newton phases (lbfgs, bfgs, ssbfgs, ssbroyden) the weights stay as they are
// unless `update_in_quasi_newton`: a loss that changes under the secant pairs spoils them.

#include <cstdint>
#include <string>
#include <vector>

namespace pinn {

enum class BalanceMethod { None, GradNorm, Ntk, Rba };

BalanceMethod parse_balance_method(const std::string& name);  // throws listing the names
std::string to_string(BalanceMethod method);
const std::vector<std::string>& balance_method_names();

struct BalanceOptions {
  BalanceMethod method = BalanceMethod::None;
  int64_t every = 100;  // iterations between updates, at its multiples (0 included)
  double alpha = 0.9;   // grad_norm, ntk: w <- alpha w + (1 - alpha) w_new
  // ntk: points per term, evenly spaced through the whole set, the trace is estimated on.
  int64_t points = 64;
  double gamma = 0.999;  // rba: memory of the point weights
  double eta = 0.01;     // rba: step of the point weights
  bool update_in_quasi_newton = false;

  bool on() const { return method != BalanceMethod::None; }
  // Term factors (grad_norm, ntk), as opposed to point weights (rba).
  bool balances_terms() const {
    return method == BalanceMethod::GradNorm || method == BalanceMethod::Ntk;
  }
  // Throws std::invalid_argument naming the field, its value and the rule broken.
  void validate() const;
};

struct CausalOptions {
  int64_t bins = 0;  // 0: off
  // Tried in order: the next one once every bin weighs more than `threshold`.
  std::vector<double> epsilon = {1.0};
  double threshold = 0.99;
  int64_t every = 1;  // iterations between recomputations of the weights
  bool update_in_quasi_newton = false;
  // The time input's column and interval, from the problem's domain.
  int64_t time_column = -1;
  double t_lo = 0, t_hi = 1;

  bool on() const { return bins > 0; }
  void validate() const;
};

}  // namespace pinn
