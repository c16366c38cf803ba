#include "solver/training/weighting_options.h"

#include <cmath>
#include <stdexcept>

#include "solver/common/require.h"
#include "solver/common/text.h"

namespace pinn {

const std::vector<std::string>& balance_method_names() {
  static const std::vector<std::string> names = {"grad_norm", "none", "ntk", "rba"};
  return names;
}

BalanceMethod parse_balance_method(const std::string& name) {
  if (name == "none") return BalanceMethod::None;
  if (name == "grad_norm") return BalanceMethod::GradNorm;
  if (name == "ntk") return BalanceMethod::Ntk;
  if (name == "rba") return BalanceMethod::Rba;
  throw std::invalid_argument("unknown balance method '" + name +
                              "'; valid: " + join(balance_method_names()));
}

std::string to_string(BalanceMethod method) {
  switch (method) {
    case BalanceMethod::None:
      return "none";
    case BalanceMethod::GradNorm:
      return "grad_norm";
    case BalanceMethod::Ntk:
      return "ntk";
    case BalanceMethod::Rba:
      return "rba";
  }
  return "unknown";
}

void BalanceOptions::validate() const {
  require(every >= 1, "balance.every", std::to_string(every), "must be >= 1");
  require(alpha >= 0 && alpha < 1, "balance.alpha", format_g(alpha), "must be in [0, 1)");
  require(points >= 1, "balance.points", std::to_string(points), "must be >= 1");
  require(gamma >= 0 && gamma < 1, "balance.gamma", format_g(gamma), "must be in [0, 1)");
  require(eta > 0 && std::isfinite(eta), "balance.eta", format_g(eta), "must be > 0");
}

void CausalOptions::validate() const {
  require(bins >= 0, "causal.bins", std::to_string(bins), "must be >= 1");
  if (!on()) return;
  require(!epsilon.empty(), "causal.epsilon", "[]", "must list at least one value");
  for (const double e : epsilon) {
    require(e >= 0 && std::isfinite(e), "causal.epsilon", format_g(e), "must be >= 0");
  }
  require(threshold > 0 && threshold <= 1, "causal.threshold", format_g(threshold),
          "must be in (0, 1]");
  require(every >= 1, "causal.every", std::to_string(every), "must be >= 1");
  require(time_column >= 0, "causal", "on", "needs a problem with a time input");
  require(t_hi > t_lo, "causal", "on", "needs a time interval of positive length");
}

}  // namespace pinn
