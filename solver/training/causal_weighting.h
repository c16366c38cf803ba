#pragma once
// Causal training (Wang, Sankaran, Perdikaris, CMAME 421 (2024) 116813): the residual's
// points are put in `bins` equal time bins, and the residual loss is the mean over the
// bins that hold points of w_i L_i, L_i the mean squared residual of bin i and
// w_i = exp(-epsilon sum_{k<i} L_k), computed without gradient. A bin's weight thus
// rises only once the earlier bins are fitted. Epsilon steps through its list: to the
// next value once every bin weighs more than the threshold.

#include <ATen/core/Tensor.h>

#include <vector>

#include "solver/training/step_reduction.h"
#include "solver/training/weighting_options.h"

namespace pinn {

// The time bin (0 to bins - 1) of each row of `points` (int64, N).
at::Tensor time_bins(const at::Tensor& points, const CausalOptions& options);

// exp(-epsilon sum_{k<i} L_k) for every bin i.
std::vector<double> causal_weights(const std::vector<double>& bin_losses, double epsilon);

class CausalWeighting {
 public:
  // `reduction` (a data-parallel run) sums the bins' losses and counts over the processes.
  CausalWeighting(CausalOptions options, StepReduction* reduction);

  // The residual loss from its per-point squared residuals `squared` (N, differentiable)
  // at `points`; with `recompute` (or no weights yet) the weights are computed from
  // these residuals first, epsilon having moved on where the weights replaced allowed.
  at::Tensor loss(const at::Tensor& points, const at::Tensor& squared, bool recompute);

  const std::vector<double>& weights() const { return weights_; }
  int64_t stage() const { return stage_; }
  double epsilon() const;
  double min_weight() const;
  void restore(std::vector<double> weights, int64_t stage);

 private:
  // Bins and their counts over the whole set, for the points tensor now in the loss.
  void bin(const at::Tensor& points);

  CausalOptions options_;
  StepReduction* reduction_;
  std::vector<double> weights_;
  int64_t stage_ = 0;
  at::Tensor binned_points_;    // the tensor bins_ belong to
  at::Tensor bins_;             // int64, one per local point
  std::vector<double> counts_;  // points per bin, over every process
};

}  // namespace pinn
