#include "solver/training/training_run.h"

#include <ATen/ATen.h>
#include <torch/autograd.h>

#include <cmath>

namespace pinn {
namespace {

std::vector<double> to_doubles(const std::vector<at::Tensor>& terms) {
  std::vector<double> out;
  out.reserve(terms.size());
  for (const auto& t : terms) out.push_back(t.item<double>());
  return out;
}

// All gradients in one check (a few operations per step, and one read, which on a
// GPU is one synchronisation).
bool finite_gradients(const std::vector<at::Tensor>& params) {
  std::vector<at::Tensor> flat;
  for (const auto& p : params) {
    if (p.grad().defined()) flat.push_back(p.grad().reshape(-1));
  }
  return flat.empty() || at::cat(flat).isfinite().all().item<bool>();
}

constexpr int64_t kNotesLogged = 3;
constexpr int64_t kNever = std::numeric_limits<int64_t>::max() / 4;

}  // namespace

TrainingRun::TrainingRun(const Loss& loss, const TrainerOptions& options,
                         const std::vector<TrainingObserver*>& observers, StepReduction* reduction,
                         PointResampler* resampler, const std::atomic<bool>* stop_requested,
                         const TrainerState& from, Clock::time_point start,
                         const CheckpointSink& sink, const std::vector<at::Tensor>& params,
                         LossWeighting* weighting)
    : iteration_(from.iteration),
      loss_(loss),
      options_(options),
      observers_(observers),
      reduction_(reduction),
      resampler_(resampler),
      stop_requested_(stop_requested),
      params_(params),
      weighting_(weighting),
      from_(from),
      sink_(sink),
      start_(start),
      phase_index_(static_cast<size_t>(from.phase_index)),
      phase_first_(from.phase_first_iteration),
      phase_starts_(from.phase_starts),
      last_checkpoint_(from.iteration) {
  if (!from.resampling.iterations.empty()) last_resample_ = from.resampling.iterations.back();
}

void TrainingRun::begin_phase(size_t index) {
  const bool resumed =
      index == static_cast<size_t>(from_.phase_index) && phase_starts_.size() > index;
  phase_index_ = index;
  phase_first_ = resumed ? phase_starts_[index] : iteration_;
  phase_starts_.resize(index);
  phase_starts_.push_back(phase_first_);
}

const TrainerState* TrainingRun::resuming() const {
  return phase_index_ == static_cast<size_t>(from_.phase_index) && !from_.optimizer.empty()
             ? &from_
             : nullptr;
}

bool TrainingRun::checkpoint_due() const {
  const int64_t every = options_.checkpoint_every;
  return every > 0 && iteration_ % options_.log_every == 0 &&
         iteration_ - last_checkpoint_ >= every;
}

void TrainingRun::checkpoint(bool interrupted, const std::string& optimizer, double previous_loss) {
  TrainerState state = state_for(phase_index_, phase_first_, phase_starts_);
  state.previous_loss = previous_loss;
  state.optimizer = optimizer;
  hand_over(state, interrupted);
}

void TrainingRun::checkpoint_before_phase(size_t next) {
  auto starts = phase_starts_;
  starts.push_back(iteration_);
  hand_over(state_for(next, iteration_, std::move(starts)), true);
}

TrainerState TrainingRun::state_for(size_t phase_index, int64_t phase_first,
                                    std::vector<int64_t> phase_starts) const {
  TrainerState state;
  state.phase_index = static_cast<int64_t>(phase_index);
  state.phase = to_string(options_.phases[phase_index].optimizer);
  state.iteration = iteration_;
  state.phase_first_iteration = phase_first;
  state.elapsed_s = elapsed();
  state.rollbacks = from_.rollbacks;
  state.lr_scale = from_.lr_scale;
  state.phase_starts = std::move(phase_starts);
  if (resampler_) state.resampling = resampler_->state();
  if (weighting_) state.weighting = weighting_->state();
  return state;
}

void TrainingRun::hand_over(const TrainerState& state, bool interrupted) {
  sink_(state);
  last_checkpoint_ = iteration_;
  if (interrupted) interrupt_saved_ = true;
}

bool TrainingRun::maybe_resample() {
  if (!resampler_ || iteration_ == 0 || iteration_ % resampler_->every() != 0 ||
      iteration_ == last_resample_) {
    return false;
  }
  resampler_->resample(iteration_);
  last_resample_ = iteration_;
  return true;
}

int64_t TrainingRun::until_resample() const {
  if (!resampler_) return kNever;
  const int64_t every = resampler_->every();
  return every - iteration_ % every;
}

bool TrainingRun::maybe_update_weights() {
  return weighting_ && weighting_->update(iteration_, phase().optimizer != PhaseOptimizer::Adam);
}

int64_t TrainingRun::until_weight_update() const {
  return weighting_
             ? weighting_->until_update(iteration_, phase().optimizer != PhaseOptimizer::Adam)
             : kNever;
}

void TrainingRun::zero_gradients() {
  for (const auto& p : params_) {
    if (p.grad().defined()) p.mutable_grad().zero_();
  }
}

bool TrainingRun::evaluate_summed(LossValues& values) {
  zero_gradients();
  values = loss_.evaluate(weighting_);
  if (reduction_) {
    // Every process takes part in every reduction, finite or not, so that all
    // see the same sums and decide alike.
    values.total.backward();
    stop_agreed_ = reduction_->all_reduce(values, params_, true, stop_is_requested());
  }
  last_loss_ = values.total.item<double>();
  if (!std::isfinite(last_loss_)) return false;
  if (!reduction_) values.total.backward();
  return true;
}

bool TrainingRun::evaluate(LossValues& values) {
  if (!evaluate_summed(values)) {
    diverge(values);
    return false;
  }
  if (!finite_gradients(params_)) {
    outcome_.status = TrainingStatus::Diverged;
    outcome_.message = "non-finite gradient at iteration " + std::to_string(iteration_);
    return false;
  }
  return true;
}

bool TrainingRun::evaluate_trial(LossValues& values) {
  return evaluate_summed(values) && finite_gradients(params_);
}

LossValues TrainingRun::evaluate_only() {
  // Not under a NoGradGuard: the autograd engine needs grad mode for the input
  // derivatives themselves.
  auto values = loss_.evaluate(weighting_);
  if (reduction_) reduction_->all_reduce(values, params_, false, false);
  return values;
}

void TrainingRun::maybe_record(const LossValues& values) {
  if (iteration_ % options_.log_every == 0) record(values);
}

void TrainingRun::record(const LossValues& values) {
  TrainingRecord r;
  r.phase = phase_name();
  r.iteration = iteration_;
  r.total_iterations = options_.total_iterations();
  r.time_s = elapsed();
  r.loss = values.total.item<double>();
  r.problem_loss = values.problem.item<double>();
  r.terms = to_doubles(values.terms);
  if (weighting_) {
    r.weights = weighting_->recorded_weights();
    r.causal_min_weight = weighting_->causal_min_weight();
    r.causal_epsilon = weighting_->causal_epsilon();
  }
  for (auto* o : observers_) o->on_record(r);
}

void TrainingRun::progress(int64_t iteration) {
  TrainingRecord r;
  r.phase = phase_name();
  r.iteration = iteration;
  r.total_iterations = options_.total_iterations();
  r.time_s = elapsed();
  r.loss = last_loss_;
  for (auto* o : observers_) o->on_step(r);
}

void TrainingRun::note(const std::string& kind, const std::string& detail) {
  const std::string line = phase_name() + " at iteration " + std::to_string(iteration_) + ": " +
                           kind + (detail.empty() ? "" : " (" + detail + ")");
  Note* found = nullptr;
  for (auto& n : notes_) {
    if (n.kind == kind) found = &n;
  }
  if (!found) {
    notes_.push_back({kind, detail, iteration_, 0});
    found = &notes_.back();
  }
  // The log shows the first few of a kind; the result's message counts them all.
  if (++found->count <= kNotesLogged) {
    for (auto* o : observers_) {
      o->on_note(line +
                 (found->count == kNotesLogged ? " (further ones are counted in the result)" : ""));
    }
  }
}

std::string TrainingRun::notes() const {
  std::string out;
  for (const auto& n : notes_) {
    out += (out.empty() ? "" : "; ") + n.kind + " at iteration " +
           std::to_string(n.first_iteration) +
           (n.first_detail.empty() ? "" : " (" + n.first_detail + ")");
    if (n.count > 1) out += ", " + std::to_string(n.count) + " times in all";
  }
  return out;
}

bool TrainingRun::stopped() {
  if (outcome_.status != TrainingStatus::Completed) return true;
  // Processes of a data-parallel run stop where they all learnt of the request.
  if (reduction_ ? stop_agreed_ : stop_is_requested()) {
    outcome_.status = TrainingStatus::Interrupted;
    outcome_.message = "interrupted at iteration " + std::to_string(iteration_);
    return true;
  }
  return false;
}

double TrainingRun::elapsed() const {
  return std::chrono::duration<double>(Clock::now() - start_).count();
}

void TrainingRun::diverge(const LossValues& values) {
  const auto names = loss_.term_names();
  const auto terms = to_doubles(values.terms);
  std::string culprit = "total";
  for (size_t i = 0; i < terms.size(); ++i) {
    if (!std::isfinite(terms[i])) {
      culprit = names[i];
      break;
    }
  }
  outcome_.status = TrainingStatus::Diverged;
  outcome_.message =
      "non-finite loss at iteration " + std::to_string(iteration_) + " in term '" + culprit + "'";
}

}  // namespace pinn
