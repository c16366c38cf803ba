#pragma once
// The PINN loss: sum_i w_i mean(|residual_i|^2) over every term's point set (a
// system's residual has one column per equation), plus
// W_a S(a), the slope-recovery term of Jagtap et al. (2020), when W_a > 0.
//
// In a data-parallel run each process holds a share of every point set. Its loss
// is then its part of the global one: each mean divides by the whole set's size,
// and only the process that owns the shared terms adds W_a S(a), so the sum over
// processes of values and gradients is exactly the single-process loss.

#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

#include "solver/autodiff/derivative_engine.h"
#include "solver/network/mlp.h"
#include "solver/problem/problem.h"

namespace pinn {

class LossWeighting;  // training/loss_weighting.h

struct TermBatch {
  LossTerm term;
  at::Tensor points;  // N x inputs, in the network's dtype and device
  double weight = 1.0;
  at::Tensor data = {};  // N x 1 values to match, for data terms
  // Size of the whole point set when `points` is one process's share of it; the
  // mean divides by it. 0: `points` is the whole set.
  int64_t total_points = 0;
  // The row of the whole set this process's share begins at.
  int64_t first_point = 0;
};

struct LossValues {
  at::Tensor total;               // differentiable
  at::Tensor problem;             // the weighted problem terms: total without W_a S(a)
  std::vector<at::Tensor> terms;  // unweighted, one per Loss::term_names() entry
};

class Loss {
 public:
  Loss(Mlp net, std::vector<TermBatch> batches, std::vector<std::string> inputs,
       std::vector<std::string> outputs, double slope_recovery_weight,
       DerivativeEngine engine = DerivativeEngine::Autograd, bool owns_shared_terms = true);

  // With `weighting` (training.balance, training.causal), each problem term's weight
  // is multiplied by its factor, and its value may be a weighted one (time bins, points).
  LossValues evaluate(LossWeighting* weighting = nullptr) const;
  // Term names in the order of LossValues::terms; "slope_recovery" last when on.
  std::vector<std::string> term_names() const;
  const Mlp& net() const { return net_; }

  const std::vector<TermBatch>& batches() const { return batches_; }
  // The residual of term `index` at `points` (N x inputs, this loss's dtype and
  // device; `data` the values to match for data terms), N x 1, without gradients;
  // for a system of equations its Euclidean norm over the equations.
  at::Tensor residual(size_t index, const at::Tensor& points, const at::Tensor& data = {}) const;
  // As residual(), N x equations, differentiable (the trace of a term's neural tangent kernel).
  at::Tensor differentiable_residual(size_t index, const at::Tensor& points,
                                     const at::Tensor& data = {}) const {
    return term_residual(batches_.at(index).term, points, data);
  }
  // New points (and data) for term `index`, of a whole set of `total_points`.
  void replace_points(size_t index, at::Tensor points, at::Tensor data, int64_t total_points);

 private:
  // The term's residual (N x equations), differentiable.
  at::Tensor term_residual(const LossTerm& term, const at::Tensor& points,
                           const at::Tensor& data) const;

  mutable Mlp net_;
  std::vector<TermBatch> batches_;
  std::vector<std::string> inputs_;
  std::vector<std::string> outputs_;
  double slope_recovery_weight_;
  DerivativeEngine engine_;
  bool owns_shared_terms_;
};

}  // namespace pinn
