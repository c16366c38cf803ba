#pragma once
// The loss weights of training.balance and training.causal during one attempt at
// training (weighting_options.h): when they are updated, how a term's value and weight
// come out of them, what is recorded, and their state for checkpoints.
//
// Updates happen at the top of an iteration whose number is a multiple of the
// method's `every` (and always at iteration 0), in quasi-Newton phases only with
// update_in_quasi_newton. Term factors (grad_norm, ntk) are computed there, from an
// evaluation of their own; time-bin and point weights are computed from the residuals
// of the next evaluation, the one the step is taken from, as the papers do.

#include <ATen/core/Tensor.h>

#include <memory>
#include <vector>

#include "solver/training/causal_weighting.h"
#include "solver/training/loss.h"
#include "solver/training/point_attention.h"
#include "solver/training/step_reduction.h"
#include "solver/training/weighting_options.h"
#include "solver/training/weighting_state.h"

namespace pinn {

class LossWeighting {
 public:
  // Null when neither balancing nor causal training is on. `params`: what the term
  // factors' gradients are taken with respect to; `reduction` (a data-parallel run) sums
  // the measures over the processes.
  static std::unique_ptr<LossWeighting> create(const BalanceOptions& balance,
                                               const CausalOptions& causal, const Loss& loss,
                                               const std::vector<at::Tensor>& params,
                                               StepReduction* reduction);

  // At the top of `iteration` in a phase (`quasi_newton`: lbfgs, bfgs, ssbfgs,
  // ssbroyden): updates what is due. Returns whether the loss changed.
  bool update(int64_t iteration, bool quasi_newton);
  // Iterations from `iteration` to the next update in such a phase (a large number
  // when there is none).
  int64_t until_update(int64_t iteration, bool quasi_newton) const;

  // For Loss::evaluate: the factor on term `index`'s configured weight, and the term's
  // value from its residual (N x equations) where it is weighted inside (undefined: the
  // plain mean).
  double factor(size_t index) const;
  at::Tensor term_loss(size_t index, const TermBatch& batch, const at::Tensor& residual);

  // For records: per problem term the factor (grad_norm, ntk) or the mean point weight
  // (rba), empty without balancing; the smallest time-bin weight and epsilon, NaN
  // without causal training. The rba means are summed over the processes.
  std::vector<double> recorded_weights();
  double causal_min_weight() const;
  double causal_epsilon() const;

  // The point weights are gathered over the processes: every one calls it.
  WeightingState state();
  void restore(const WeightingState& state);

 private:
  LossWeighting(const BalanceOptions& balance, const CausalOptions& causal, const Loss& loss,
                const std::vector<at::Tensor>& params, StepReduction* reduction);
  bool due(int64_t iteration, int64_t every, bool quasi_newton, bool in_quasi_newton) const;

  BalanceOptions balance_;
  CausalOptions causal_options_;
  const Loss& loss_;
  const std::vector<at::Tensor>& params_;
  StepReduction* reduction_;
  std::vector<double> factors_;  // one per problem term
  std::unique_ptr<CausalWeighting> causal_;
  size_t causal_term_ = 0;  // the residual's index
  std::unique_ptr<PointAttention> attention_;
  // Updates the next evaluation computes.
  bool causal_armed_ = false;
  std::vector<bool> attention_armed_;
};

}  // namespace pinn
