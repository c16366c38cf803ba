#include "solver/training/trainer.h"

#include <torch/optim/adam.h>
#include <torch/optim/lbfgs.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "solver/common/require.h"

namespace pinn {
namespace {

using Clock = std::chrono::steady_clock;

// L-BFGS ends when the loss has not changed by more than this relative amount
// over a whole chunk of iterations: the line search is stuck.
constexpr double kStallTolerance = 1e-15;
// Function evaluations one L-BFGS iteration may spend in its line search.
constexpr int kLineSearchEvaluations = 25;

std::vector<double> to_doubles(const std::vector<at::Tensor>& terms) {
  std::vector<double> out;
  out.reserve(terms.size());
  for (const auto& t : terms) out.push_back(t.item<double>());
  return out;
}

std::string serialize(torch::optim::Optimizer& optimizer) {
  // L-BFGS keeps scratch space (`al`) holding undefined tensors, which LibTorch's
  // archive cannot write; every iteration fills it before reading it.
  for (auto& entry : optimizer.state()) {
    if (auto* lbfgs = dynamic_cast<torch::optim::LBFGSParamState*>(entry.second.get())) {
      lbfgs->al(c10::nullopt);
    }
  }
  torch::serialize::OutputArchive archive;
  optimizer.save(archive);
  std::ostringstream bytes;
  archive.save_to(bytes);
  return bytes.str();
}

void deserialize(torch::optim::Optimizer& optimizer, const std::string& bytes) {
  if (bytes.empty()) return;  // the phase had not started
  torch::serialize::InputArchive archive;
  std::istringstream stream(bytes);
  archive.load_from(stream);
  optimizer.load(archive);
}

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

// All gradients in one check (a few operations per step, and one read, which on a
// GPU is one synchronisation).
bool finite_gradients(const std::vector<at::Tensor>& params) {
  std::vector<at::Tensor> flat;
  for (const auto& p : params) {
    if (p.grad().defined()) flat.push_back(p.grad().reshape(-1));
  }
  return flat.empty() || at::cat(flat).isfinite().all().item<bool>();
}

// The mutable state of one attempt at training, shared by both phases: from the
// start (or a checkpoint) to the end, an interruption or a divergence.
class Run {
 public:
  Run(const Loss& loss, const TrainerOptions& options,
      const std::vector<TrainingObserver*>& observers, StepReduction* reduction,
      const std::atomic<bool>* stop_requested, const TrainerState& from, Clock::time_point start,
      const CheckpointSink& sink)
      : loss_(loss),
        options_(options),
        observers_(observers),
        reduction_(reduction),
        stop_requested_(stop_requested),
        params_(loss.net()->parameters()),
        from_(from),
        sink_(sink),
        total_(options.adam_iterations + options.lbfgs_iterations),
        start_(start),
        iteration_(from.iteration),
        last_checkpoint_(from.iteration) {}

  // The state training starts from when it starts in `phase`, else null.
  const TrainerState* resuming(const std::string& phase) const {
    return from_.phase == phase ? &from_ : nullptr;
  }

  // Every learning rate is the configured one times this.
  double lr_scale() const { return from_.lr_scale; }

  // Hands the state to the sink: at record boundaries every checkpoint_every
  // iterations, or (`now`) when training was interrupted.
  void checkpoint(const std::string& phase, torch::optim::Optimizer* optimizer, bool now,
                  int64_t lbfgs_first = 0,
                  double lbfgs_previous = std::numeric_limits<double>::infinity()) {
    const int64_t every = options_.checkpoint_every;
    const bool due =
        every > 0 && iteration_ % options_.log_every == 0 && iteration_ - last_checkpoint_ >= every;
    if (!now && !due) return;
    TrainerState state;
    state.phase = phase;
    state.iteration = iteration_;
    state.lbfgs_first_iteration = lbfgs_first;
    state.lbfgs_previous_loss = lbfgs_previous;
    state.elapsed_s = elapsed();
    state.rollbacks = from_.rollbacks;
    state.lr_scale = from_.lr_scale;
    if (optimizer) state.optimizer = serialize(*optimizer);
    sink_(state);
    last_checkpoint_ = iteration_;
  }

  bool interrupted() const { return outcome_.status == TrainingStatus::Interrupted; }

  // Evaluates the loss and its gradient. Returns false, with the outcome set to
  // Diverged, when the loss is not finite.
  bool evaluate(torch::optim::Optimizer& optimizer, LossValues& values) {
    optimizer.zero_grad();
    values = loss_.evaluate();
    if (reduction_) {
      // Every process takes part in every reduction, finite or not, so that all
      // see the same sums and decide alike.
      values.total.backward();
      stop_agreed_ = reduction_->all_reduce(values, params_, true, stop_is_requested());
    }
    const double total = values.total.item<double>();
    last_loss_ = total;
    if (!std::isfinite(total)) {
      diverge(values);
      return false;
    }
    if (!reduction_) values.total.backward();
    if (!finite_gradients(params_)) {
      outcome_.status = TrainingStatus::Diverged;
      outcome_.message = "non-finite gradient at iteration " + std::to_string(iteration_);
      return false;
    }
    return true;
  }

  void maybe_record(const std::string& phase, const LossValues& values) {
    if (iteration_ % options_.log_every == 0) record(phase, values);
  }

  void record(const std::string& phase, const LossValues& values) {
    TrainingRecord r;
    r.phase = phase;
    r.iteration = iteration_;
    r.total_iterations = total_;
    r.time_s = elapsed();
    r.loss = values.total.item<double>();
    r.problem_loss = values.problem.item<double>();
    r.terms = to_doubles(values.terms);
    for (auto* o : observers_) o->on_record(r);
  }

  // Tells observers how far training has come (cheap; for live displays).
  void progress(const std::string& phase, int64_t iteration) {
    TrainingRecord r;
    r.phase = phase;
    r.iteration = iteration;
    r.total_iterations = total_;
    r.time_s = elapsed();
    r.loss = last_loss_;
    for (auto* o : observers_) o->on_step(r);
  }

  void diverge(const LossValues& values) {
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

  // The loss without its gradient, summed over the processes.
  LossValues evaluate_only() {
    auto values = loss_.evaluate();
    if (reduction_) reduction_->all_reduce(values, params_, false, false);
    return values;
  }

  bool stop_is_requested() const { return stop_requested_ && stop_requested_->load(); }

  bool stopped() {
    if (outcome_.status != TrainingStatus::Completed) return true;
    // Processes of a data-parallel run stop where they all learnt of the request.
    if (reduction_ ? stop_agreed_ : stop_is_requested()) {
      outcome_.status = TrainingStatus::Interrupted;
      outcome_.message = "interrupted at iteration " + std::to_string(iteration_);
      return true;
    }
    return false;
  }

  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  const Loss& loss_;
  const TrainerOptions& options_;
  const std::vector<TrainingObserver*>& observers_;
  StepReduction* reduction_;
  const std::atomic<bool>* stop_requested_;
  std::vector<at::Tensor> params_;
  bool stop_agreed_ = false;
  const TrainerState& from_;
  const CheckpointSink& sink_;
  int64_t total_;
  Clock::time_point start_;
  int64_t iteration_ = 0;
  int64_t last_checkpoint_ = 0;
  double last_loss_ = 0;
  TrainingOutcome outcome_;
};

// Thrown from inside an L-BFGS step to abandon it when the loss is not finite.
struct NonFiniteLoss {};

// L-BFGS in chunks that end on record boundaries. Within a chunk LibTorch's
// loop reuses the loss and gradient of each accepted line-search point; one
// step() call per iteration would evaluate every point twice.
void run_lbfgs(Run& run) {
  const auto& options = run.options_;
  torch::optim::LBFGS lbfgs(run.params_, torch::optim::LBFGSOptions(1.0)
                                             .history_size(options.lbfgs_history)
                                             .tolerance_grad(options.lbfgs_tolerance_grad)
                                             .tolerance_change(0.0)
                                             .line_search_fn("strong_wolfe"));
  const auto* resumed = run.resuming("lbfgs");
  if (resumed) deserialize(lbfgs, resumed->optimizer);
  auto& settings = static_cast<torch::optim::LBFGSOptions&>(lbfgs.param_groups()[0].options());
  settings.lr(run.lr_scale());  // after loading: a loaded state carries its own
  const int64_t first_iteration = resumed ? resumed->lbfgs_first_iteration : run.iteration_;
  const int64_t last_iteration = first_iteration + options.lbfgs_iterations;
  double previous =
      resumed ? resumed->lbfgs_previous_loss : std::numeric_limits<double>::infinity();
  while (run.iteration_ < last_iteration && !run.stopped()) {
    const int64_t chunk = std::min(options.log_every - run.iteration_ % options.log_every,
                                   last_iteration - run.iteration_);
    settings.max_iter(chunk).max_eval(chunk * kLineSearchEvaluations);
    const int64_t chunk_start = run.iteration_;
    auto iterations_done = [&]() -> int64_t {
      if (lbfgs.state().empty()) return 0;
      const auto& state =
          static_cast<const torch::optim::LBFGSParamState&>(*lbfgs.state().begin()->second);
      return state.n_iter() - (chunk_start - first_iteration);
    };
    bool first_call = true;
    LossValues first;  // at the parameters the chunk starts from
    try {
      lbfgs.step([&]() -> at::Tensor {
        // The line search of iteration i evaluates on the way from i to i + 1.
        run.iteration_ = chunk_start + std::max<int64_t>(iterations_done() - 1, 0);
        LossValues v;
        if (!run.evaluate(lbfgs, v)) throw NonFiniteLoss{};
        if (first_call) {
          // Recorded here, before the step moves the parameters, so the error
          // and slopes belong to the same point as the loss.
          run.maybe_record("lbfgs", v);
          first = v;
          first_call = false;
        } else {
          run.progress("lbfgs", run.iteration_);
        }
        return v.total;
      });
    } catch (const NonFiniteLoss&) {
      break;
    }
    const int64_t done = iterations_done();
    run.iteration_ = chunk_start + done;
    run.progress("lbfgs", run.iteration_);
    const double current = first.total.item<double>();
    // Fewer iterations than asked: the gradient met tolerance_grad. An unchanged
    // loss over a whole chunk: the line search is stuck. Either way, done.
    if (done < chunk || std::abs(previous - current) <= kStallTolerance * std::abs(current)) break;
    previous = current;
    run.checkpoint("lbfgs", &lbfgs, false, first_iteration, previous);
  }
  if (run.interrupted()) {
    run.checkpoint("lbfgs", &lbfgs, true, first_iteration, previous);
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

void TrainerOptions::validate() const {
  require(adam_iterations >= 0, "adam.iterations", std::to_string(adam_iterations), "must be >= 0");
  require(std::isfinite(adam_lr) && adam_lr > 0, "adam.lr", std::to_string(adam_lr), "must be > 0");
  require(lbfgs_iterations >= 0, "lbfgs.iterations", std::to_string(lbfgs_iterations),
          "must be >= 0");
  require(lbfgs_history >= 1, "lbfgs.history", std::to_string(lbfgs_history), "must be >= 1");
  require(lbfgs_tolerance_grad >= 0, "lbfgs.tolerance_grad", std::to_string(lbfgs_tolerance_grad),
          "must be >= 0");
  require(log_every >= 1, "log_every", std::to_string(log_every), "must be >= 1");
  require(checkpoint_every >= 0, "checkpoint_every", std::to_string(checkpoint_every),
          "must be >= 0");
  require(max_rollbacks >= 0, "max_rollbacks", std::to_string(max_rollbacks), "must be >= 0");
}

Trainer::Trainer(TrainerOptions options, std::vector<TrainingObserver*> observers,
                 StepReduction* reduction)
    : options_(std::move(options)), observers_(std::move(observers)), reduction_(reduction) {
  options_.validate();
}

TrainingOutcome Trainer::attempt(const Loss& loss, const std::atomic<bool>* stop_requested,
                                 const TrainerState& from, Clock::time_point start,
                                 const CheckpointSink& checkpoint) {
  Run run(loss, options_, observers_, reduction_, stop_requested, from, start, checkpoint);
  const bool in_lbfgs = from.phase == "lbfgs";
  std::string phase = options_.adam_iterations > 0 && !in_lbfgs ? "adam" : "lbfgs";
  LossValues values;

  if (!in_lbfgs) {
    torch::optim::Adam adam(run.params_, torch::optim::AdamOptions(options_.adam_lr));
    if (const auto* resumed = run.resuming("adam")) deserialize(adam, resumed->optimizer);
    static_cast<torch::optim::AdamOptions&>(adam.param_groups()[0].options())
        .lr(options_.adam_lr * run.lr_scale());
    while (run.iteration_ < options_.adam_iterations && !run.stopped()) {
      if (!run.evaluate(adam, values)) break;
      run.maybe_record("adam", values);
      adam.step();
      run.progress("adam", ++run.iteration_);
      run.checkpoint("adam", &adam, false);
    }
    // Stopped inside Adam, or between the phases (L-BFGS not yet begun).
    const bool adam_done = run.iteration_ >= options_.adam_iterations;
    if (run.interrupted() || (adam_done && options_.lbfgs_iterations > 0 && run.stopped())) {
      run.checkpoint(adam_done ? "lbfgs" : "adam", adam_done ? nullptr : &adam, true,
                     run.iteration_);
    }
  }

  if (options_.lbfgs_iterations > 0 && !run.stopped()) {
    phase = "lbfgs";
    run_lbfgs(run);
  }

  run.outcome_.iterations = run.iteration_;
  if (run.outcome_.status != TrainingStatus::Diverged) {
    values = run.evaluate_only();
    run.outcome_.final_loss = values.total.item<double>();
    run.record(phase, values);
  } else {
    run.outcome_.final_loss = std::numeric_limits<double>::quiet_NaN();
  }
  run.outcome_.wall_time_s = run.elapsed();
  return run.outcome_;
}

TrainingOutcome Trainer::run(const Loss& loss, const std::atomic<bool>* stop_requested,
                             const TrainerState* resume, const CheckpointSink& checkpoint) {
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
    char factor[32];
    std::snprintf(factor, sizeof factor, "%g", scale);
    rollbacks += (rollbacks.empty() ? "" : "; ") + outcome.message + ": rolled back to iteration " +
                 std::to_string(last.iteration) + ", learning rates x" + factor;
  }
}

}  // namespace pinn
