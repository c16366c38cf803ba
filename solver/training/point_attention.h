#pragma once
// Residual-based attention (Anagnostopoulos, Toscano, Stergiopulos, Karniadakis, CMAME 421
// (2024) 116805): a weight lambda_p per point of every loss term, moved at each update by
// lambda <- gamma lambda + eta |r_p| / max_q |r_q| (without gradient), the term's loss the
// mean of (lambda_p r_p)^2. Weights start at 1, and start again at 1 for a term whose
// points are redrawn: the new points have no history.

#include <ATen/core/Tensor.h>

#include <vector>

#include "solver/training/loss.h"
#include "solver/training/step_reduction.h"

namespace pinn {

class PointAttention {
 public:
  // `reduction` (a data-parallel run) takes the largest residual over every process.
  PointAttention(double gamma, double eta, size_t terms, StepReduction* reduction);

  // The per-point squared residuals `squared` (N) of term `term` times lambda^2; with
  // `update`, lambda moves first, from the residual (N x equations) at these points.
  at::Tensor weigh(size_t term, const TermBatch& batch, const at::Tensor& residual,
                   const at::Tensor& squared, bool update);

  // Per term, the mean weight over its whole point set.
  std::vector<double> means(const std::vector<TermBatch>& batches);
  // The weights of term `term`'s whole point set, in row order.
  std::vector<double> gather(size_t term, const TermBatch& batch);
  // Puts back this process's share of `whole` (all 1 when its size is not the set's).
  void restore(size_t term, const TermBatch& batch, const std::vector<double>& whole);

 private:
  // This process's weights of the term, 1 for points the weights do not belong to.
  at::Tensor& weights(size_t term, const TermBatch& batch);

  struct Entry {
    at::Tensor points;  // the point set `lambda` belongs to
    at::Tensor lambda;
  };
  double gamma_, eta_;
  std::vector<Entry> entries_;
  StepReduction* reduction_;
};

}  // namespace pinn
