#pragma once
// Everything needed to continue a training run exactly where it stopped: the
// network's parameters and buffers, the optimizer's state, where the trainer
// stood, and the history so far. The point sets are not stored: they are drawn
// again from the run's seed, which the config holds. Layout:
//
//   /                attributes kind ("pinn checkpoint"), version, config, phase_index,
//                    phase (its optimizer), iteration, phase_first_iteration,
//                    previous_loss, elapsed_s, rollbacks, lr_scale
//   /network         uint8: the network's parameters and buffers (LibTorch archive)
//   /optimizer       uint8: the current phase's optimizer state (LibTorch archive for
//                    adam and lbfgs; for the dense methods x, g, H g and H in float64)
//   /phase_starts    int64: the iteration each phase begun so far began at
//   /resampling/     iterations (int64), and <term>: the term's current point set
//                    (points x inputs) where it was redrawn
//   /history/, /activations/   as in a result file
//   /weighting/      the loss weights of training.balance and training.causal (weighting_file.h)
//   /windows/        a time-marching run's progress (windows_file.h): the window in
//                    training, and each finished window's network and training

#include <string>

#include "solver/training/history.h"
#include "solver/training/trainer_state.h"
#include "solver/training/window_progress.h"

namespace pinn {

struct Checkpoint {
  std::string version;
  std::string config;    // the resolved YAML the run was started with
  std::string network;   // LibTorch archive of the network
  TrainerState trainer;  // within the window in training, for a time-marching run
  History history;
  WindowProgress windows;
};

bool is_checkpoint_file(const std::string& path);

// Written atomically (a temporary file renamed over `path`).
void write_checkpoint(const std::string& path, const Checkpoint& checkpoint);

// Throws std::runtime_error "cannot read checkpoint '<path>': <reason>" for a
// missing, truncated or foreign file.
Checkpoint read_checkpoint(const std::string& path);

}  // namespace pinn
