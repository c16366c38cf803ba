#include "solver/training/trainer.h"

#include <torch/autograd.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "solver/common/require.h"
#include "solver/common/text.h"
#include "solver/training/phase_runners.h"
#include "solver/training/training_run.h"

namespace pinn {
namespace {

using Clock = std::chrono::steady_clock;

// The parameters' values, detached copies: what a rollback restores.
std::vector<at::Tensor> copy_values(const std::vector<at::Tensor>& params) {
  std::vector<at::Tensor> copies;
  for (const auto& p : params) copies.push_back(p.detach().clone());
  return copies;
}

void restore_values(const std::vector<at::Tensor>& params, const std::vector<at::Tensor>& values) {
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < params.size(); ++i) params[i].copy_(values[i]);
}

void run_phase(TrainingRun& run) {
  switch (run.phase().optimizer) {
    case PhaseOptimizer::Adam:
      return run_adam_phase(run);
    case PhaseOptimizer::Lbfgs:
      return run_lbfgs_phase(run);
    case PhaseOptimizer::Bfgs:
    case PhaseOptimizer::SsBfgs:
    case PhaseOptimizer::SsBroyden:
      return run_quasi_newton_phase(run);
  }
}

}  // namespace

std::string to_string(TrainingStatus status) {
  switch (status) {
    case TrainingStatus::Completed:
      return "completed";
    case TrainingStatus::Interrupted:
      return "interrupted";
    case TrainingStatus::Diverged:
      return "diverged";
  }
  return "unknown";
}

int64_t TrainerOptions::total_iterations() const {
  int64_t total = 0;
  for (const auto& p : phases) total += p.iterations;
  return total;
}

void TrainerOptions::validate() const {
  for (size_t i = 0; i < phases.size(); ++i)
    phases[i].validate("phases[" + std::to_string(i) + "]");
  require(log_every >= 1, "log_every", std::to_string(log_every), "must be >= 1");
  require(checkpoint_every >= 0, "checkpoint_every", std::to_string(checkpoint_every),
          "must be >= 0");
  require(max_rollbacks >= 0, "max_rollbacks", std::to_string(max_rollbacks), "must be >= 0");
  require(threads >= 1, "threads", std::to_string(threads), "must be >= 1");
  balance.validate();
  causal.validate();
}

Trainer::Trainer(TrainerOptions options, std::vector<TrainingObserver*> observers,
                 StepReduction* reduction, PointResampler* resampler)
    : options_(std::move(options)),
      observers_(std::move(observers)),
      reduction_(reduction),
      resampler_(resampler) {
  options_.validate();
}

TrainingOutcome Trainer::attempt(const Loss& loss, const std::atomic<bool>* stop_requested,
                                 const TrainerState& from, Clock::time_point start,
                                 const CheckpointSink& checkpoint) {
  const auto params = loss.net()->parameters();
  if (resampler_) resampler_->restore(from.resampling);
  // After the point sets: the point weights belong to the restored ones.
  const auto weighting =
      LossWeighting::create(options_.balance, options_.causal, loss, params, reduction_);
  if (weighting) weighting->restore(from.weighting);
  TrainingRun run(loss, options_, observers_, reduction_, resampler_, stop_requested, from, start,
                  checkpoint, params, weighting.get());
  const size_t count = options_.phases.size();
  size_t index = static_cast<size_t>(from.phase_index);
  for (; index < count; ++index) {
    run.begin_phase(index);
    run_phase(run);
    if (run.outcome().status != TrainingStatus::Completed) break;
    // Between two phases: a stop request that the phase did not see yet.
    bool more = false;
    for (size_t next = index + 1; next < count; ++next)
      more = more || options_.phases[next].iterations > 0;
    if (more && run.stopped()) {
      run.checkpoint_before_phase(index + 1);
      break;
    }
  }
  auto& outcome = run.outcome();
  if (const auto notes = run.notes(); !notes.empty()) {
    outcome.message = outcome.message.empty() ? notes : outcome.message + "; " + notes;
  }
  outcome.iterations = run.iteration_;
  outcome.phase_starts = run.phase_starts();
  if (resampler_) outcome.resampled_at = resampler_->state().iterations;
  if (outcome.status != TrainingStatus::Diverged) {
    const auto values = run.evaluate_only();
    outcome.final_loss = values.total.item<double>();
    run.record(values);
    if (weighting) {
      const auto state = weighting->state();
      outcome.term_weights = state.terms;
      outcome.causal_weights = state.causal;
    }
  } else {
    outcome.final_loss = std::numeric_limits<double>::quiet_NaN();
  }
  outcome.wall_time_s = run.elapsed();
  return outcome;
}

TrainingOutcome Trainer::run(const Loss& loss, const std::atomic<bool>* stop_requested,
                             const TrainerState* resume, const CheckpointSink& checkpoint) {
  if (resume && (resume->phase_index < 0 ||
                 resume->phase_index >= static_cast<int64_t>(options_.phases.size()) ||
                 resume->phase != to_string(options_.phases[resume->phase_index].optimizer))) {
    throw std::invalid_argument("the checkpoint is in phase " +
                                std::to_string(resume->phase_index) + " (" + resume->phase +
                                "), which this config does not have");
  }
  const auto params = loss.net()->parameters();
  TrainerState from = resume ? *resume : TrainerState{};
  const auto start = Clock::now() - std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(from.elapsed_s));
  // What a rollback returns to: the last checkpoint, else where training began.
  TrainerState last = from;
  auto last_values = copy_values(params);
  const CheckpointSink keep = [&](const TrainerState& state) {
    last = state;
    last_values = copy_values(params);
    if (checkpoint) checkpoint(state);
  };
  std::string rollbacks;
  for (;;) {
    auto outcome = attempt(loss, stop_requested, from, start, keep);
    const bool roll_back = outcome.status == TrainingStatus::Diverged &&
                           options_.on_divergence == TrainerOptions::OnDivergence::Rollback &&
                           from.rollbacks < options_.max_rollbacks;
    if (!roll_back) {
      outcome.rollbacks = from.rollbacks;
      if (!rollbacks.empty()) {
        outcome.message = rollbacks + (outcome.message.empty() ? "" : "; " + outcome.message);
      }
      return outcome;
    }
    restore_values(params, last_values);
    for (auto* o : observers_) o->on_rollback(last.iteration);
    const int64_t count = from.rollbacks + 1;
    const double scale = from.lr_scale * 0.5;
    from = last;
    from.rollbacks = count;
    from.lr_scale = scale;
    rollbacks += (rollbacks.empty() ? "" : "; ") + outcome.message + ": rolled back to iteration " +
                 std::to_string(last.iteration) + ", learning rates x" + format_g(scale);
  }
}

}  // namespace pinn
