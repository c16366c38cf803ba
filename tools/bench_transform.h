#pragma once
// pinn-bench transform: the cost of an output transform (problem.transform) in the
// Taylor engine. Wave1d-C's equation u_tt - 4 u_xx, ms per step (loss and backward) with
// the raw network and with u = sin(pi x) + 0.5 sin(4 pi x) + t^2 x (1 - x) N_u, on the
// same residual points and network; then the whole problem as trained: the raw network
// with its three conditions against the transform with the equation alone.

#include <cstdint>
#include <string>

namespace pinn {

struct TransformBenchOptions {
  int64_t threads = 2;
  int64_t points = 8000;  // residual points
  std::string hidden = "[40, 40, 40, 40]";
  std::string dtype = "float64";
  int64_t steps = 30;   // timed steps per run, after 3 untimed ones
  int64_t repeats = 3;  // each timing is the fastest of this many alternating runs
};

// Prints a markdown table: one row per comparison.
void transform_bench(const TransformBenchOptions& options);

}  // namespace pinn
