#pragma once
// Where a trainer stands between two iterations: enough, with the network's
// parameters, to continue bit for bit.

#include <cstdint>
#include <limits>
#include <string>

namespace pinn {

struct TrainerState {
  std::string phase = "adam";  // adam | lbfgs
  int64_t iteration = 0;       // iterations done, counted across phases
  // L-BFGS counts its iterations from where its phase began, and stops when a whole
  // record interval leaves the loss unchanged: both carry over.
  int64_t lbfgs_first_iteration = 0;
  double lbfgs_previous_loss = std::numeric_limits<double>::infinity();
  double elapsed_s = 0;   // training time before this point
  std::string optimizer;  // the phase's optimizer state, serialized by LibTorch
  // Rollbacks after divergence so far, and the factor (1/2 per rollback) on every
  // learning rate that they left.
  int64_t rollbacks = 0;
  double lr_scale = 1.0;
};

}  // namespace pinn
