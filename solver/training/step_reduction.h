#pragma once
// How the processes of a data-parallel run combine every loss evaluation, so that
// each takes the identical step: after the reduction every process holds the sums
// over all processes of the loss values and of the parameters' gradients.

#include <ATen/core/Tensor.h>

#include <vector>

#include "solver/training/loss.h"

namespace pinn {

class StepReduction {
 public:
  virtual ~StepReduction() = default;

  // Replaces `values` (and, with `with_gradients`, the gradient of every parameter
  // in `params`) by its sum over all processes; returns whether any process asked
  // to stop. Every process calls it equally often, with the same `with_gradients`.
  virtual bool all_reduce(LossValues& values, const std::vector<at::Tensor>& params,
                          bool with_gradients, bool stop_requested) = 0;

  // Replace `values` (float64 on the CPU) by their sum, or largest value, over all
  // processes: the loss weights' measures (training.balance, training.causal). Every
  // process calls them equally often.
  virtual void sum(at::Tensor& values) = 0;
  virtual void max(at::Tensor& values) = 0;

  // Seconds spent in the reductions so far, waiting for the other processes included.
  virtual double seconds() const = 0;
};

}  // namespace pinn
