#pragma once
// Trains through a list of phases (Adam, L-BFGS, dense quasi-Newton), with
// checkpoints, interruption, rollback after divergence and resampling.

#include <atomic>
#include <chrono>
#include <functional>
#include <vector>

#include "solver/training/loss.h"
#include "solver/training/phase.h"
#include "solver/training/record.h"
#include "solver/training/resampling.h"
#include "solver/training/step_reduction.h"
#include "solver/training/trainer_state.h"
#include "solver/training/weighting_options.h"

namespace pinn {

struct TrainerOptions {
  // Run in order; each may be empty (0 iterations). L-BFGS and the dense methods
  // may end their phase early (gradient below tolerance_grad, or no progress).
  std::vector<PhaseOptions> phases = default_phases();
  int64_t log_every = 100;
  // Iterations between checkpoints, taken at record boundaries (where L-BFGS's
  // state is whole); 0: a checkpoint only when training is interrupted.
  int64_t checkpoint_every = 0;
  // A non-finite loss or gradient stops training (Stop), or (Rollback) returns to
  // the last checkpoint, or the start, with every learning rate halved, at most
  // max_rollbacks times.
  enum class OnDivergence { Stop, Rollback } on_divergence = OnDivergence::Stop;
  int64_t max_rollbacks = 3;
  // Threads for the dense quasi-Newton products and updates.
  int threads = 1;
  // Loss balancing and causal training (weighting_options.h); off by default.
  BalanceOptions balance;
  CausalOptions causal;

  int64_t total_iterations() const;
  // Throws std::invalid_argument naming the field, its value and the rule broken.
  void validate() const;
};

// Receives the trainer's state at checkpoints (with the network as it stands).
using CheckpointSink = std::function<void(const TrainerState&)>;

class Trainer {
 public:
  // With `reduction` (data-parallel runs), every evaluation is summed over the
  // processes, which then also agree on when to stop.
  // With `resampler`, point sets are redrawn every resampler->every() iterations.
  Trainer(TrainerOptions options, std::vector<TrainingObserver*> observers,
          StepReduction* reduction = nullptr, PointResampler* resampler = nullptr);

  // Trains the network's parameters (slopes included). A stop request (set from
  // a signal handler, say) ends training after the current step as Interrupted,
  // and hands the state to `checkpoint`. With `resume`, training continues from
  // that state (the network must hold the parameters saved with it) and ends
  // exactly as the uninterrupted run would have. Checkpoints are also kept in
  // memory, as the states a rollback returns to.
  TrainingOutcome run(const Loss& loss, const std::atomic<bool>* stop_requested = nullptr,
                      const TrainerState* resume = nullptr, const CheckpointSink& checkpoint = {});

 private:
  // From `from` until the end, an interruption or a divergence.
  TrainingOutcome attempt(const Loss& loss, const std::atomic<bool>* stop_requested,
                          const TrainerState& from, std::chrono::steady_clock::time_point start,
                          const CheckpointSink& checkpoint);

  TrainerOptions options_;
  std::vector<TrainingObserver*> observers_;
  StepReduction* reduction_;
  PointResampler* resampler_;
};

}  // namespace pinn
