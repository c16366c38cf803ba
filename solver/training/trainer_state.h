#pragma once
// Where a trainer stands between two iterations: enough, with the network's
// parameters, to continue bit for bit.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "solver/training/resampling.h"
#include "solver/training/weighting_state.h"

namespace pinn {

struct TrainerState {
  int64_t phase_index = 0;  // into TrainerOptions::phases
  std::string phase;        // its optimizer's name (for messages)
  int64_t iteration = 0;    // iterations done, counted across phases
  // The iteration the current phase began at; L-BFGS also stops when a whole record
  // interval leaves the loss unchanged, which needs the loss before it.
  int64_t phase_first_iteration = 0;
  double previous_loss = std::numeric_limits<double>::infinity();
  double elapsed_s = 0;   // training time before this point
  std::string optimizer;  // the phase's optimizer state; empty: the phase has not begun
  // Rollbacks after divergence so far, and the factor (1/2 per rollback) on every
  // learning rate that they left.
  int64_t rollbacks = 0;
  double lr_scale = 1.0;
  std::vector<int64_t> phase_starts;  // the iteration each phase begun so far began at
  ResamplingState resampling;
  WeightingState weighting;  // training.balance and training.causal
};

}  // namespace pinn
