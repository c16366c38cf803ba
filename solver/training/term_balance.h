#pragma once
// The measures loss balancing weighs the problem's terms by (training.balance):
//   grad_norm  |grad_theta L_i|, over every trainable parameter (Wang, Teng, Perdikaris,
//              SIAM J. Sci. Comput. 43 (2021) A3055; as in their 2023 "expert's guide");
//   ntk        the mean over the term's points of |d r(x_p) / d theta|^2: the trace of the
//              term's neural tangent kernel divided by its point count, which is the
//              kernel of the term's mean loss (Wang, Yu, Perdikaris, J. Comput. Phys. 449
//              (2022) 110768). It is estimated on `points` points evenly spaced through the
//              whole set (all of them where the set is no larger).
// and the factors they give, sum_j m_j / m_i.

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

#include "solver/training/loss.h"
#include "solver/training/step_reduction.h"

namespace pinn {

// |grad L_i| of each of the first `terms` entries of `values` (differentiable), the
// gradients summed over the processes before the norms are taken.
std::vector<double> gradient_norms(const LossValues& values, size_t terms,
                                   const std::vector<at::Tensor>& params, StepReduction* reduction);

// The mean squared parameter gradient of each problem term's residual over its estimate's
// points, summed over the processes (each holds the gradients of its own points).
std::vector<double> kernel_traces(const Loss& loss, const std::vector<at::Tensor>& params,
                                  int64_t points, StepReduction* reduction);

// The rows of a whole set of `total` rows the kernel trace is estimated on: min(points,
// total) rows, floor(k total / count) for k = 0, 1, ...
std::vector<int64_t> estimate_rows(int64_t total, int64_t points);

// sum_j m_j / m_i for each term; a term whose measure is not positive and finite keeps
// its entry of `current`.
std::vector<double> balanced_factors(const std::vector<double>& measures,
                                     const std::vector<double>& current);

// alpha current + (1 - alpha) fresh, entry by entry.
std::vector<double> moving_average(const std::vector<double>& current,
                                   const std::vector<double>& fresh, double alpha);

}  // namespace pinn
