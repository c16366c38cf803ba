#pragma once
// pinn-bench balance: what loss balancing and causal training cost on a shipped config
// (configs/pinnacle/wave1d.yaml by default: 8000 residual points, three conditions of 800,
// 4 x 40 tanh). One grad_norm and one ntk update against one Adam step, and the ratio at
// the default period; then short Adam trainings with each weighting at its defaults
// against the same training without, ms per iteration and the overhead.

#include <cstdint>
#include <string>

namespace pinn {

struct BalanceBenchOptions {
  std::string config = "configs/pinnacle/wave1d.yaml";
  int64_t threads = 2;
  int64_t updates = 5;       // timed updates per method (the fastest is kept)
  int64_t iterations = 100;  // Adam iterations of each training (one update at the default period)
  int64_t repeats = 3;       // each training timing is the fastest of this many, taking turns
};

// Prints two markdown tables.
void balance_bench(const BalanceBenchOptions& options);

}  // namespace pinn
