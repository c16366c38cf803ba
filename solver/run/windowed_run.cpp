#include "solver/run/windowed_run.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <stdexcept>

#include "solver/run/evaluation_grid.h"
#include "solver/run/geometry_sample.h"
#include "solver/run/point_sets.h"
#include "solver/run/resampler.h"
#include "solver/run/resume.h"
#include "solver/run/run_parts.h"
#include "solver/run/solution_fields.h"
#include "solver/run/stitched_solution.h"
#include "solver/run/test_point_errors.h"
#include "solver/run/trained_network.h"
#include "solver/run/window_problem.h"
#include "solver/training/history.h"
#include "solver/training/progress.h"
#include "solver/training/trainer.h"

namespace pinn {
namespace {

using Clock = std::chrono::steady_clock;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The records of the window in training as the history counts them: iterations and
// time from the start of the first window.
class WindowRecords : public TrainingObserver {
 public:
  WindowRecords(std::vector<TrainingObserver*> targets, int64_t iterations, double seconds)
      : targets_(std::move(targets)), iterations_(iterations), seconds_(seconds) {}

  void on_record(const TrainingRecord& record) override {
    const auto r = shifted(record);
    for (auto* t : targets_) t->on_record(r);
  }
  void on_step(const TrainingRecord& step) override {
    const auto r = shifted(step);
    for (auto* t : targets_) t->on_step(r);
  }
  void on_rollback(int64_t iteration) override {
    for (auto* t : targets_) t->on_rollback(iteration + iterations_);
  }
  void on_note(const std::string& text) override {
    for (auto* t : targets_) t->on_note(text);
  }

 private:
  TrainingRecord shifted(TrainingRecord r) const {
    r.iteration += iterations_;
    r.time_s += seconds_;
    return r;
  }
  std::vector<TrainingObserver*> targets_;
  int64_t iterations_;
  double seconds_;
};

at::TensorOptions tensor_options(const RunConfig& config) {
  return torch::TensorOptions()
      .dtype(config.dtype == "float32" ? torch::kFloat32 : torch::kFloat64)
      .device(config.device == "cuda" ? torch::kCUDA : torch::kCPU);
}

// Window k's network as a finished window left it (from a checkpoint's archive).
Mlp finished_network(const RunConfig& config, size_t k, const std::string& bytes,
                     const at::TensorOptions& options) {
  Mlp net(window_config(config, k, Mlp{nullptr}).network);
  net->to(options.device(), options.dtype().toScalarType());
  load_network_bytes(net, bytes);
  return net;
}

// `to` takes every parameter and buffer of `from` but the input box: the window starts
// from the network the previous one ended with, its time mapped onto its own interval.
void carry_network(const Mlp& from, Mlp& to) {
  torch::NoGradGuard no_grad;
  const auto parameters = from->named_parameters();
  for (auto& p : to->named_parameters()) p.value().copy_(parameters[p.key()]);
  const auto buffers = from->named_buffers();
  for (auto& b : to->named_buffers()) {
    if (b.key() != "input_shift" && b.key() != "input_scale") b.value().copy_(buffers[b.key()]);
  }
}

// What the windows' trainings add up to: the last window's status and final loss, every
// window's iterations, time and rollbacks, and their messages.
TrainingOutcome combined_outcome(const std::vector<FinishedWindow>& windows,
                                 const TrainingOutcome& last) {
  TrainingOutcome total = last;
  total.iterations = 0;
  total.wall_time_s = 0;
  total.rollbacks = 0;
  total.message.clear();
  for (size_t k = 0; k < windows.size(); ++k) {
    total.iterations += windows[k].iterations;
    total.wall_time_s += windows[k].wall_time_s;
    total.rollbacks += windows[k].rollbacks;
    if (!windows[k].message.empty()) {
      total.message += (total.message.empty() ? "" : "; ") + std::string("window ") +
                       std::to_string(k) + ": " + windows[k].message;
    }
  }
  return total;
}

FinishedWindow summary(const TrainingOutcome& outcome, std::string network) {
  return {std::move(network), outcome.iterations, outcome.final_loss,   outcome.wall_time_s,
          outcome.rollbacks,  outcome.message,    outcome.phase_starts, outcome.resampled_at};
}

// /training: the phases as they ran, window after window, in the history's count.
TrainingLog training_log(const RunConfig& config, const std::vector<FinishedWindow>& windows) {
  TrainingLog log;
  int64_t first = 0;
  const auto& phases = config.trainer.phases;
  for (const auto& w : windows) {
    for (size_t i = 0; i < phases.size(); ++i) {
      log.phase_optimizer.push_back(to_string(phases[i].optimizer));
      log.phase_settings.push_back(describe(phases[i]));
      log.phase_start.push_back(i < w.phase_starts.size() ? first + w.phase_starts[i] : -1);
    }
    for (const auto r : w.resampled_at) log.resampled_at.push_back(first + r);
    first += w.iterations;
  }
  return log;
}

// The evaluation side of the run (the process that writes output): the grid, the
// reference and test points, and the error of the stitched solution.
class Evaluation {
 public:
  Evaluation(const RunConfig& config, const at::TensorOptions& options, std::FILE* log)
      : problem_(*config.problem),
        edges_(config.window_edges),
        time_axis_(config.problem->domain().time_axis),
        grid_(config.problem->domain(), config.grid, options),
        reference_(computed_reference(problem_, grid_, log)),
        test_points_(TestPointSet::load(problem_, options, log)),
        grid_times_(row_times(grid_.points(), time_axis_)) {
    if (test_points_) {
      test_tensor_ =
          to_tensor(test_points_->points().points, config.problem->domain().dim(), options);
      test_times_ = row_times(test_tensor_, time_axis_);
    }
  }

  // The history's error while window k trains, `nets` the finished windows' and its own:
  // over the times marched so far, t <= the window's end (the whole interval in the last
  // window, compared as the result is); at the test points where the problem has them.
  double marched_error(const std::vector<Mlp>& nets, size_t k) const {
    const bool last = k + 2 == edges_.size();
    const double until = edges_[k + 1];
    const auto up_to_constant = problem_.up_to_constant();
    if (test_points_) {
      const auto& tp = test_points_->points();
      auto predicted = evaluate_stitched(nets, edges_, time_axis_, test_tensor_);
      if (last) return compare_test_points(problem_, tp, std::move(predicted)).rel_l2;
      std::vector<std::vector<double>> values;
      for (const auto& name : tp.outputs) {
        values.push_back(predicted[static_cast<size_t>(output_index(problem_, name).index)]);
      }
      return rel_l2_until(tp.outputs, values, tp.values, test_times_, until, {}, up_to_constant);
    }
    if (!reference_) return kNaN;
    auto predicted = evaluate_stitched(nets, edges_, time_axis_, grid_.points());
    if (last) return compare_solution(problem_, grid_, std::move(predicted), reference_).rel_l2;
    const auto outputs = problem_.outputs();
    const OutputGrids exact(reference_->begin(), reference_->begin() + outputs.size());
    return rel_l2_until(outputs, predicted, exact, grid_times_, until, grid_.inside(),
                        up_to_constant);
  }

  // The stitched solution, its errors and those at the test points, into `result`.
  void record(const std::vector<Mlp>& nets, ResultData& result) const {
    auto compared = compare_solution(
        problem_, grid_, evaluate_stitched(nets, edges_, time_axis_, grid_.points()), reference_);
    result.solution = std::move(compared.grid);
    result.metrics.rel_l2 = compared.rel_l2;
    result.metrics.max_abs_error = compared.max_abs_error;
    result.metrics.fields = std::move(compared.errors);
    if (!test_points_) return;
    auto at_points = compare_test_points(problem_, test_points_->points(),
                                         evaluate_stitched(nets, edges_, time_axis_, test_tensor_));
    result.test_points = std::move(at_points.fields);
    auto& m = result.metrics;
    m.test_point_count = test_points_->points().count();
    m.test_rel_l2 = at_points.rel_l2;
    m.test_max_abs_error = at_points.max_abs_error;
    m.test_fields = std::move(at_points.errors);
  }

 private:
  const Problem& problem_;
  const std::vector<double>& edges_;
  int time_axis_;
  EvaluationGrid grid_;
  std::optional<OutputGrids> reference_;
  std::unique_ptr<TestPointSet> test_points_;
  std::vector<double> grid_times_;
  at::Tensor test_tensor_;
  std::vector<double> test_times_;
};

}  // namespace

ResultData run_windowed_training(const RunConfig& config, const RunSettings& settings) {
  const auto start = Clock::now();
  const auto& edges = config.window_edges;
  const size_t windows = edges.size() - 1;
  const auto domain = config.problem->domain();
  const auto t = static_cast<size_t>(domain.time_axis);
  const bool writer = settings.shard.writes_output();
  const auto options = tensor_options(config);
  const auto* resume = settings.resume_from;

  WindowProgress progress;
  progress.window = 0;
  if (resume) {
    if (!resume->windows.used() || resume->windows.window >= static_cast<int64_t>(windows) ||
        resume->windows.finished.size() != static_cast<size_t>(resume->windows.window)) {
      throw std::invalid_argument(
          "the checkpoint holds no progress through this config's " + std::to_string(windows) +
          " time windows (written by a run without training.windows, or with other ones)");
    }
    progress = resume->windows;
  }
  std::vector<Mlp> finished;
  for (size_t k = 0; k < progress.finished.size(); ++k) {
    finished.push_back(finished_network(config, k, progress.finished[k].network, options));
  }

  std::unique_ptr<Evaluation> evaluation;
  if (writer) evaluation = std::make_unique<Evaluation>(config, options, settings.log);
  std::unique_ptr<HistoryRecorder> recorder;
  std::vector<std::string> term_names;
  std::unique_ptr<ProgressPrinter> printer;
  double setup_s = 0;
  bool first_window = true;
  TrainingOutcome outcome;
  Mlp net{nullptr};
  for (size_t k = static_cast<size_t>(progress.window); k < windows; ++k) {
    const bool resuming = resume && k == static_cast<size_t>(resume->windows.window);
    const auto window = window_config(config, k, k > 0 ? finished[k - 1] : Mlp{nullptr});
    auto setup = prepare_training(window, settings.shard);
    net = setup.net;
    if (resuming) {
      load_network_bytes(net, resume->network);
    } else if (k > 0) {
      carry_network(finished[k - 1], net);
    }
    const auto resampler = TermResampler::create(window, setup.loss, settings.shard);
    std::vector<TrainingObserver*> shifted = settings.observers;
    std::vector<TrainingObserver*> observers;
    CheckpointSink write;
    if (writer) {
      auto nets = finished;
      nets.push_back(net);
      auto next = std::make_unique<HistoryRecorder>(
          net, setup.loss.term_names(),
          [&evaluation, nets, k]() { return evaluation->marched_error(nets, k); });
      if (recorder) {
        next->restore(recorder->history());
      } else if (resume) {
        next->restore(resume->history);
      }
      next->begin_window(static_cast<int64_t>(k));
      recorder = std::move(next);
      if (!printer) {
        term_names = setup.loss.term_names();
        printer =
            std::make_unique<ProgressPrinter>(settings.log, settings.live_progress, term_names,
                                              [&recorder]() { return recorder->last_error(); });
      }
      printer->finish();
      std::fprintf(settings.log, "window %zu of %zu: %s in [%s, %s]\n", k + 1, windows,
                   domain.names[t].c_str(), config::format_number(edges[k]).c_str(),
                   config::format_number(edges[k + 1]).c_str());
      shifted.insert(shifted.begin(), recorder.get());
      write = [&](const TrainerState& state) {
        Checkpoint c{PINN_VERSION, config.resolved_yaml, network_bytes(net),
                     state,        recorder->history(),  progress};
        c.windows.window = static_cast<int64_t>(k);
        write_checkpoint(config.checkpoint_file, c);
      };
    }
    WindowRecords records(shifted, progress.iterations(), progress.wall_time_s());
    observers.push_back(&records);
    if (printer) observers.push_back(printer.get());
    Trainer trainer(window.trainer, observers, settings.reduction, resampler.get());
    if (first_window) setup_s = std::chrono::duration<double>(Clock::now() - start).count();
    first_window = false;
    outcome = trainer.run(setup.loss, settings.stop_requested,
                          resuming ? &resume->trainer : nullptr, write);
    if (outcome.status != TrainingStatus::Completed) break;
    progress.finished.push_back(summary(outcome, network_bytes(net)));
    finished.push_back(net);
    if (k + 1 < windows) progress.window = static_cast<int64_t>(k + 1);
  }
  if (printer) printer->finish();

  // The windows trained, the last one as far as it went.
  auto trained = progress.finished;
  auto nets = finished;
  if (outcome.status != TrainingStatus::Completed) {
    trained.push_back(summary(outcome, ""));
    nets.push_back(net);
  }
  auto result = describe_run(config, settings, combined_outcome(trained, outcome));
  result.training = training_log(config, trained);
  // The weights the last window ended with.
  result.training.term_weights = outcome.term_weights;
  result.training.causal_weights = outcome.causal_weights;
  if (!writer) return result;

  result.setup_s = setup_s;
  if (settings.reduction) result.communication_s = settings.reduction->seconds();
  result.history = recorder->history();
  result.window_edges = edges;
  result.window_time = domain.names[t];
  int64_t first = 0;
  for (size_t k = 0; k < nets.size(); ++k) {
    const auto box = window_config(config, k, Mlp{nullptr}).network;
    result.windows.push_back({box.input_lo, box.input_hi, parameter_arrays(nets[k]), first,
                              trained[k].iterations, trained[k].final_loss});
    first += trained[k].iterations;
  }
  // /network: the last window's network, described with its own input box.
  result.parameters = parameter_arrays(nets.back());
  result.network = describe_network(config);
  result.network.input_lo = result.windows.back().input_lo;
  result.network.input_hi = result.windows.back().input_hi;
  evaluation->record(nets, result);
  result.geometry = sample_geometry(domain, static_cast<uint64_t>(config.seed));
  result.metrics.unknowns = identified_unknowns(config, nets.back());
  write_run_files(config, result, outcome.status);
  return result;
}

}  // namespace pinn
