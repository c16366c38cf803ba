#pragma once
// The point sets of a run's loss terms: drawn from the run's seed, shared out
// between the processes of a data-parallel run, and made into tensors.

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <optional>
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

// The seed term `index` of a run seeded `run_seed` draws its points from.
uint64_t term_seed(int64_t run_seed, size_t index);

// n points where `term` is sampled: its region, or a periodic term's face. On a point set,
// n distinct stored points (with a predicate: among those it keeps); std::invalid_argument
// where there are fewer.
std::vector<double> sample_term(const Domain& domain, const LossTerm& term, SamplingMethod method,
                                int64_t n, uint64_t seed);

// The most distinct points `term` can draw, or nothing where any number can (a box, a
// shape): a point set's points on the term's region, and with a predicate those it keeps
// of them drawn from `method` and `seed` (it may read the time drawn with them).
std::optional<int64_t> drawable_points(const Domain& domain, const LossTerm& term,
                                       SamplingMethod method, uint64_t seed);

// What `term`'s predicate keeps of `trials` uniform points of its region (of all a point
// set stores there, where it stores fewer), drawn from seed 1: a check that it keeps any.
struct PredicateTrial {
  int64_t tried = 0;
  int64_t kept = 0;
};
PredicateTrial try_predicate(const Domain& domain, const LossTerm& term, int64_t trials);

// Rows [N * rank / count, N * (rank + 1) / count) of row-major `points`.
std::vector<double> share_of(const std::vector<double>& points, size_t columns, const Shard& shard);

// A tensor in `options` holding row-major `values` with `cols` columns.
at::Tensor to_tensor(std::vector<double> values, int64_t cols, const at::TensorOptions& options);

}  // namespace pinn
