#include "solver/run/run.h"

#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <limits>

#include "solver/common/library_versions.h"
#include "solver/io/xdmf.h"
#include "solver/run/evaluation_grid.h"
#include "solver/run/resume.h"
#include "solver/sampling/region_sampler.h"
#include "solver/training/history.h"
#include "solver/training/progress.h"
#include "solver/training/trainer.h"

namespace pinn {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A tensor in `options` holding row-major `values` with `cols` columns.
at::Tensor to_tensor(std::vector<double> values, int64_t cols, const at::TensorOptions& options) {
  const auto rows = static_cast<int64_t>(values.size()) / cols;
  // A copy: from_blob borrows `values`, which dies on return.
  return torch::from_blob(values.data(), {rows, cols}, torch::kFloat64)
      .to(options, /*non_blocking=*/false, /*copy=*/true);
}

}  // namespace

std::vector<TermBatch> sample_terms(const RunConfig& config, const at::TensorOptions& options) {
  const auto domain = config.problem->domain();
  std::vector<TermBatch> batches;
  uint64_t stream = 0;
  for (const auto& term : config.problem->loss_terms()) {
    const auto& spec = config.sampling.at(term.name);
    // Each term draws from its own stream of the run's seed.
    const uint64_t seed = static_cast<uint64_t>(config.seed) * 1000003u + ++stream;
    auto points = term.fixed_points.empty()
                      ? sample_region(domain, term.region, spec.method, spec.points, seed)
                      : term.fixed_points;
    TermBatch batch{term, {}, config.loss_weights.at(term.name)};
    if (term.data) batch.data = to_tensor(term.data(points), 1, options);
    batch.points = to_tensor(std::move(points), domain.dim(), options);
    batches.push_back(std::move(batch));
  }
  return batches;
}

TrainingSetup prepare_training(const RunConfig& config) {
  torch::manual_seed(static_cast<uint64_t>(config.seed));
  at::set_num_threads(static_cast<int>(config.threads));
  const auto options = torch::TensorOptions()
                           .dtype(config.dtype == "float32" ? torch::kFloat32 : torch::kFloat64)
                           .device(config.device == "cuda" ? torch::kCUDA : torch::kCPU);
  Mlp net(config.network);
  net->to(options.device(), options.dtype().toScalarType());
  Loss loss(net, sample_terms(config, options), config.problem->domain().names,
            config.slope_recovery, config.derivatives);
  return {options, net, std::move(loss)};
}

ResultData run_training(const RunConfig& config, const RunSettings& settings) {
  auto setup = prepare_training(config);
  const auto& options = setup.options;
  auto& net = setup.net;
  const auto& loss = setup.loss;
  const auto domain = config.problem->domain();

  const EvaluationGrid grid(domain, config.grid, options);
  const auto reference = config.problem->reference(grid.axes());
  auto error = [&]() { return reference ? relative_l2(grid.evaluate(net), *reference) : kNaN; };
  HistoryRecorder recorder(net, loss.term_names(), error);
  const auto* resume = settings.resume_from;
  if (resume) {
    load_network_bytes(net, resume->network);
    recorder.restore(resume->history);
  }
  ProgressPrinter progress(settings.log, settings.live_progress, loss.term_names(),
                           [&]() { return recorder.last_error(); });
  std::vector<TrainingObserver*> observers = {&recorder, &progress};
  observers.insert(observers.end(), settings.observers.begin(), settings.observers.end());
  Trainer trainer(config.trainer, observers);
  const CheckpointSink write = [&](const TrainerState& state) {
    write_checkpoint(config.checkpoint_file, {PINN_VERSION, config.resolved_yaml,
                                              network_bytes(net), state, recorder.history()});
  };
  const auto outcome =
      trainer.run(loss, settings.stop_requested, resume ? &resume->trainer : nullptr, write);
  progress.finish();

  ResultData result;
  result.problem = config.problem_name;
  result.config = config.resolved_yaml;
  result.seed = config.seed;
  result.dtype = config.dtype;
  result.device = config.device;
  result.derivatives = to_string(config.derivatives);
  result.version = PINN_VERSION;
  result.threads = config.threads;
  result.wall_time_s = outcome.wall_time_s;
  result.status = to_string(outcome.status);
  result.message = outcome.message;
  result.libraries = library_versions();
  result.rollbacks = outcome.rollbacks;
  result.history = recorder.history();

  auto& solution = result.solution;
  solution.inputs = domain.names;
  solution.axes = grid.axes();
  solution.u = grid.evaluate(net);
  result.metrics.rel_l2 = kNaN;
  result.metrics.max_abs_error = kNaN;
  if (reference) {
    solution.u_exact = *reference;
    for (size_t i = 0; i < solution.u.size(); ++i) {
      solution.abs_error.push_back(std::abs(solution.u[i] - (*reference)[i]));
    }
    result.metrics.rel_l2 = relative_l2(solution.u, *reference);
    result.metrics.max_abs_error = max_abs_error(solution.u, *reference);
  }
  result.metrics.final_loss = outcome.final_loss;
  result.metrics.iterations = outcome.iterations;
  write_result(config.output_file, result);
  write_xdmf(config.output_file, result.solution);
  // A finished run needs no checkpoint; an interrupted or diverged one keeps it.
  if (outcome.status == TrainingStatus::Completed) std::remove(config.checkpoint_file.c_str());
  return result;
}

}  // namespace pinn
