#pragma once
// The point sets of a run's loss terms: drawn from the run's seed, shared out
// between the processes of a data-parallel run, and made into tensors.

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

#include "solver/run/run_config.h"

namespace pinn {

// This process's place in a data-parallel run: process `rank` of `count`.
struct Shard {
  int64_t rank = 0;
  int64_t count = 1;
  // The first process writes the result and the checkpoints.
  bool writes_output() const { return rank == 0; }
};

// The whole point set of term `index` of the problem (row-major), as configured:
// each term draws from its own stream of the run's seed.
std::vector<double> draw_term_points(const RunConfig& config, const LossTerm& term, size_t index);

// n points where `term` is sampled: its region, or a periodic term's face.
std::vector<double> sample_term(const Domain& domain, const LossTerm& term, SamplingMethod method,
                                int64_t n, uint64_t seed);

// Rows [N * rank / count, N * (rank + 1) / count) of row-major `points`.
std::vector<double> share_of(const std::vector<double>& points, size_t columns, const Shard& shard);

// A tensor in `options` holding row-major `values` with `cols` columns.
at::Tensor to_tensor(std::vector<double> values, int64_t cols, const at::TensorOptions& options);

}  // namespace pinn
