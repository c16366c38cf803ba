#include "solver/run/weighting_config.h"

#include <algorithm>

#include "solver/common/text.h"

namespace pinn {
namespace {

using config::Reader;
using config::Rule;

bool read_quasi_newton(const Reader& s) {
  return s.choice("quasi_newton", "freeze", {"freeze", "update"}) == "update";
}

std::string term_list(const std::vector<LossTerm>& terms) {
  std::vector<std::string> names;
  for (const auto& t : terms) names.push_back(t.name);
  return join(names);
}

void read_balance(const Reader& training, const std::vector<LossTerm>& terms, RunConfig& config) {
  const auto section = training.optional_section("balance");
  if (!section) return;
  const auto& s = *section;
  auto& b = config.trainer.balance;
  b.method = parse_balance_method(
      s.choice("method", to_string(BalanceMethod::None), balance_method_names()));
  if (b.balances_terms() && terms.size() < 2) {
    s.fail("method", "value '" + to_string(b.method) +
                         "' weighs the loss terms against each other, and problem '" +
                         config.problem_name + "' has one (" + term_list(terms) +
                         "); use none, or rba for weights per point");
  }
  // RBA's weights move a little at every step, as in its paper; the term factors are
  // measured less often, each measure costing about a step or more.
  const int64_t every = b.method == BalanceMethod::Rba ? 1 : b.every;
  b.every = s.integer("every", every, Rule<int64_t>::positive());
  if (b.balances_terms()) {
    b.alpha = s.number(
        "alpha", b.alpha,
        Rule<double>::all_of({Rule<double>::non_negative(), Rule<double>::less_than(1.0)}));
  }
  if (b.method == BalanceMethod::Ntk) {
    b.points = s.integer("points", b.points, Rule<int64_t>::positive());
  }
  if (b.method == BalanceMethod::Rba) {
    b.gamma = s.number(
        "gamma", b.gamma,
        Rule<double>::all_of({Rule<double>::non_negative(), Rule<double>::less_than(1.0)}));
    b.eta = s.number("eta", b.eta, Rule<double>::positive());
  }
  b.update_in_quasi_newton = read_quasi_newton(s);
  s.finish();
}

void read_causal(const Reader& training, const std::vector<LossTerm>& terms, RunConfig& config) {
  const auto section = training.optional_section("causal");
  if (!section) return;
  const auto& s = *section;
  const auto domain = config.problem->domain();
  if (!domain.has_time()) {
    training.fail("causal", "problem '" + config.problem_name + "' has no time input (inputs " +
                                join(domain.names) +
                                "): causal training weighs the residual's points by time");
  }
  const bool residual = std::any_of(terms.begin(), terms.end(),
                                    [](const LossTerm& t) { return t.name == "residual"; });
  if (!residual) {
    training.fail("causal", "problem '" + config.problem_name + "' has no loss term 'residual' (" +
                                term_list(terms) + ") for causal training to weigh");
  }
  auto& c = config.trainer.causal;
  c.bins = s.integer("bins", 32, Rule<int64_t>::positive());
  if (s.has("epsilon") && s.node("epsilon").IsSequence()) {
    c.epsilon = s.required_numbers("epsilon", Rule<double>::non_negative());
  } else {
    c.epsilon = {s.number("epsilon", 1.0, Rule<double>::non_negative())};
  }
  c.threshold =
      s.number("threshold", c.threshold,
               Rule<double>::all_of({Rule<double>::positive(), Rule<double>::at_most(1.0)}));
  c.every = s.integer("every", c.every, Rule<int64_t>::positive());
  c.update_in_quasi_newton = read_quasi_newton(s);
  c.time_column = domain.time_axis;
  c.t_lo = domain.lo[static_cast<size_t>(domain.time_axis)];
  c.t_hi = domain.hi[static_cast<size_t>(domain.time_axis)];
  s.finish();
}

}  // namespace

void read_loss_weighting(const Reader& training, const std::vector<LossTerm>& terms,
                         RunConfig& config) {
  read_balance(training, terms, config);
  read_causal(training, terms, config);
}

}  // namespace pinn
