#pragma once
// The mutable state of one attempt at training, shared by every phase: from the
// start (or a checkpoint) to the end, an interruption or a divergence. Phases
// (phase_runners.h) drive it; it evaluates the loss (summed over the processes
// of a data-parallel run), records, checkpoints, resamples and decides when to stop.

#include <atomic>
#include <chrono>
#include <limits>
#include <string>
#include <vector>

#include "solver/training/loss.h"
#include "solver/training/loss_weighting.h"
#include "solver/training/trainer.h"

namespace pinn {

class TrainingRun {
 public:
  using Clock = std::chrono::steady_clock;

  TrainingRun(const Loss& loss, const TrainerOptions& options,
              const std::vector<TrainingObserver*>& observers, StepReduction* reduction,
              PointResampler* resampler, const std::atomic<bool>* stop_requested,
              const TrainerState& from, Clock::time_point start, const CheckpointSink& sink,
              const std::vector<at::Tensor>& params, LossWeighting* weighting = nullptr);

  // Starts phase `index` here (or where the checkpoint being resumed had it begin).
  void begin_phase(size_t index);
  const PhaseOptions& phase() const { return options_.phases[phase_index_]; }
  std::string phase_name() const { return to_string(phase().optimizer); }
  int64_t phase_first_iteration() const { return phase_first_; }
  const std::vector<int64_t>& phase_starts() const { return phase_starts_; }
  int64_t phase_last_iteration() const { return phase_first_ + phase().iterations; }
  // The checkpoint state to continue the current phase from, else null.
  const TrainerState* resuming() const;

  // Every learning rate is the configured one times this.
  double lr_scale() const { return from_.lr_scale; }

  // Hands the state to the sink: at record boundaries every checkpoint_every
  // iterations (callers ask checkpoint_due() first, so that the optimizer's state
  // is serialized only then), or when training was interrupted. `optimizer` is the
  // phase's serialized state; `previous_loss` L-BFGS's.
  void checkpoint(bool interrupted, const std::string& optimizer,
                  double previous_loss = std::numeric_limits<double>::infinity());
  bool checkpoint_due() const;
  // After the current phase ended with a stop request: a checkpoint at the start of
  // the next phase.
  void checkpoint_before_phase(size_t next);
  bool interrupt_saved() const { return interrupt_saved_; }

  // Resamples when `iteration_` is a resampling boundary not yet served; returns
  // whether it did (the loss then changed).
  bool maybe_resample();
  // Iterations from `iteration_` to the next resampling boundary (a large number
  // without resampling).
  int64_t until_resample() const;

  // Updates the loss weights (training.balance, training.causal) where due at
  // `iteration_`; returns whether the loss changed.
  bool maybe_update_weights();
  // Iterations from `iteration_` to the next update of the loss weights in this phase.
  int64_t until_weight_update() const;

  // Loss and gradient at the parameters as they stand. Returns false, with the
  // outcome set to Diverged, when either is not finite.
  bool evaluate(LossValues& values);
  // Loss and gradient without the divergence check: for line searches, where a
  // trial step may leave the finite region. Returns whether both are finite.
  bool evaluate_trial(LossValues& values);
  // The loss without its gradient, summed over the processes.
  LossValues evaluate_only();

  void maybe_record(const LossValues& values);
  void record(const LossValues& values);
  void progress(int64_t iteration);
  // Tells observers (the log) what happened, and keeps it for the result's message
  // once per `kind` with a count ("H reset to the identity", say).
  void note(const std::string& kind, const std::string& detail);
  // The notes as one line: "kind at iteration K: detail (N times)"; ...
  std::string notes() const;

  bool interrupted() const { return outcome_.status == TrainingStatus::Interrupted; }
  bool stop_is_requested() const { return stop_requested_ && stop_requested_->load(); }
  // True once training must stop (divergence, interruption); an interruption is
  // noticed here.
  bool stopped();
  double elapsed() const;

  const TrainerOptions& options() const { return options_; }
  const std::vector<at::Tensor>& params() const { return params_; }
  const Loss& loss() const { return loss_; }
  TrainingOutcome& outcome() { return outcome_; }

  int64_t iteration_;

 private:
  void diverge(const LossValues& values);
  // The state at the current iteration, in phase `phase_index` begun at `phase_first`.
  TrainerState state_for(size_t phase_index, int64_t phase_first,
                         std::vector<int64_t> phase_starts) const;
  void hand_over(const TrainerState& state, bool interrupted);
  void zero_gradients();
  // Sums over the processes; returns whether the loss is finite.
  bool evaluate_summed(LossValues& values);

  const Loss& loss_;
  const TrainerOptions& options_;
  const std::vector<TrainingObserver*>& observers_;
  StepReduction* reduction_;
  PointResampler* resampler_;
  const std::atomic<bool>* stop_requested_;
  const std::vector<at::Tensor>& params_;
  LossWeighting* weighting_;
  const TrainerState& from_;
  const CheckpointSink& sink_;
  Clock::time_point start_;
  size_t phase_index_ = 0;
  int64_t phase_first_ = 0;
  std::vector<int64_t> phase_starts_;
  int64_t last_checkpoint_;
  int64_t last_resample_ = 0;
  double last_loss_ = 0;
  bool stop_agreed_ = false;
  bool interrupt_saved_ = false;
  struct Note {
    std::string kind, first_detail;
    int64_t first_iteration = 0, count = 0;
  };
  std::vector<Note> notes_;
  TrainingOutcome outcome_;
};

}  // namespace pinn
