#include "solver/training/loss_weighting.h"

#include <ATen/ATen.h>

#include <limits>
#include <stdexcept>

#include "solver/training/term_balance.h"

namespace pinn {
namespace {

constexpr int64_t kNever = std::numeric_limits<int64_t>::max() / 4;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

std::unique_ptr<LossWeighting> LossWeighting::create(const BalanceOptions& balance,
                                                     const CausalOptions& causal, const Loss& loss,
                                                     const std::vector<at::Tensor>& params,
                                                     StepReduction* reduction) {
  if (!balance.on() && !causal.on()) return nullptr;
  return std::unique_ptr<LossWeighting>(
      new LossWeighting(balance, causal, loss, params, reduction));
}

LossWeighting::LossWeighting(const BalanceOptions& balance, const CausalOptions& causal,
                             const Loss& loss, const std::vector<at::Tensor>& params,
                             StepReduction* reduction)
    : balance_(balance),
      causal_options_(causal),
      loss_(loss),
      params_(params),
      reduction_(reduction),
      factors_(loss.batches().size(), 1.0) {
  const auto& batches = loss.batches();
  if (causal.on()) {
    causal_term_ = batches.size();
    for (size_t i = 0; i < batches.size(); ++i) {
      if (batches[i].term.name == "residual") causal_term_ = i;
    }
    if (causal_term_ == batches.size()) {
      throw std::invalid_argument("causal training needs the loss term 'residual'");
    }
    causal_ = std::make_unique<CausalWeighting>(causal, reduction);
  }
  if (balance.method == BalanceMethod::Rba) {
    attention_ =
        std::make_unique<PointAttention>(balance.gamma, balance.eta, batches.size(), reduction);
  }
  attention_armed_.assign(batches.size(), false);
}

bool LossWeighting::due(int64_t iteration, int64_t every, bool quasi_newton,
                        bool in_quasi_newton) const {
  // Iteration 0 always: the weights start from the network training starts with.
  return iteration % every == 0 && (!quasi_newton || in_quasi_newton || iteration == 0);
}

bool LossWeighting::update(int64_t iteration, bool quasi_newton) {
  bool changed = false;
  if (balance_.on() &&
      due(iteration, balance_.every, quasi_newton, balance_.update_in_quasi_newton)) {
    if (balance_.balances_terms()) {
      std::vector<double> measures;
      if (balance_.method == BalanceMethod::GradNorm) {
        measures = gradient_norms(loss_.evaluate(this), factors_.size(), params_, reduction_);
      } else {
        measures = kernel_traces(loss_, params_, balance_.points, reduction_);
      }
      factors_ = moving_average(factors_, balanced_factors(measures, factors_), balance_.alpha);
    } else {
      attention_armed_.assign(attention_armed_.size(), true);
    }
    changed = true;
  }
  if (causal_ &&
      due(iteration, causal_options_.every, quasi_newton, causal_options_.update_in_quasi_newton)) {
    causal_armed_ = true;
    changed = true;
  }
  return changed;
}

int64_t LossWeighting::until_update(int64_t iteration, bool quasi_newton) const {
  int64_t until = kNever;
  if (balance_.on() && (!quasi_newton || balance_.update_in_quasi_newton)) {
    until = std::min(until, balance_.every - iteration % balance_.every);
  }
  if (causal_ && (!quasi_newton || causal_options_.update_in_quasi_newton)) {
    until = std::min(until, causal_options_.every - iteration % causal_options_.every);
  }
  return until;
}

double LossWeighting::factor(size_t index) const {
  return balance_.balances_terms() ? factors_.at(index) : 1.0;
}

at::Tensor LossWeighting::term_loss(size_t index, const TermBatch& batch,
                                    const at::Tensor& residual) {
  const bool causal = causal_ && index == causal_term_;
  if (!attention_ && !causal) return {};
  auto squared = residual.pow(2).sum(1);
  if (attention_) {
    squared = attention_->weigh(index, batch, residual, squared, attention_armed_[index]);
    attention_armed_[index] = false;
  }
  if (causal) {
    const bool recompute = causal_armed_;
    causal_armed_ = false;
    return causal_->loss(batch.points, squared, recompute);
  }
  const int64_t count = batch.total_points > 0 ? batch.total_points : batch.points.size(0);
  return squared.sum() / static_cast<double>(count);
}

std::vector<double> LossWeighting::recorded_weights() {
  if (balance_.balances_terms()) return factors_;
  if (attention_) return attention_->means(loss_.batches());
  return {};
}

double LossWeighting::causal_min_weight() const { return causal_ ? causal_->min_weight() : kNaN; }

double LossWeighting::causal_epsilon() const { return causal_ ? causal_->epsilon() : kNaN; }

WeightingState LossWeighting::state() {
  WeightingState state;
  if (balance_.balances_terms()) state.terms = factors_;
  if (causal_) {
    state.causal = causal_->weights();
    state.causal_stage = causal_->stage();
  }
  if (attention_) {
    const auto& batches = loss_.batches();
    for (size_t i = 0; i < batches.size(); ++i) {
      state.points.push_back({batches[i].term.name, attention_->gather(i, batches[i])});
    }
  }
  return state;
}

void LossWeighting::restore(const WeightingState& state) {
  if (balance_.balances_terms() && state.terms.size() == factors_.size()) factors_ = state.terms;
  if (causal_) causal_->restore(state.causal, state.causal_stage);
  if (attention_) {
    const auto& batches = loss_.batches();
    for (size_t i = 0; i < batches.size(); ++i) {
      std::vector<double> whole;
      for (const auto& set : state.points) {
        if (set.term == batches[i].term.name) whole = set.values;
      }
      attention_->restore(i, batches[i], whole);
    }
  }
}

}  // namespace pinn
