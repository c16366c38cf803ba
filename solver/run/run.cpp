#include "solver/run/run.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "solver/common/library_versions.h"
#include "solver/common/text.h"
#include "solver/io/xdmf.h"
#include "solver/io/xdmf_test_points.h"
#include "solver/run/evaluation_grid.h"
#include "solver/run/geometry_sample.h"
#include "solver/run/point_sets.h"
#include "solver/run/resampler.h"
#include "solver/run/resume.h"
#include "solver/run/run_parts.h"
#include "solver/run/solution_fields.h"
#include "solver/run/test_point_errors.h"
#include "solver/run/trained_network.h"
#include "solver/run/windowed_run.h"
#include "solver/sampling/region_sampler.h"
#include "solver/training/history.h"
#include "solver/training/progress.h"
#include "solver/training/trainer.h"

namespace pinn {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

// Some references are a long solve (poisson_3d's finite differences): say what
// the wait is for while it lasts, and how long it took.
std::optional<OutputGrids> computed_reference(const Problem& problem, const EvaluationGrid& grid,
                                              std::FILE* log) {
  std::string size;
  for (const auto& axis : grid.axes()) {
    size += (size.empty() ? "" : " x ") + std::to_string(axis.size());
  }
  std::fprintf(log, "reference solution on the %s output grid... ", size.c_str());
  std::fflush(log);
  const auto start = std::chrono::steady_clock::now();
  auto reference = problem.reference(grid.axes());
  std::fprintf(log, "%s\n",
               reference ? ("computed in " + format_duration(seconds_since(start))).c_str()
                         : ("none: " + problem.no_reference_reason()).c_str());
  return reference;
}

std::vector<TermBatch> sample_terms(const RunConfig& config, const at::TensorOptions& options,
                                    const Shard& shard) {
  const auto domain = config.problem->domain();
  std::vector<TermBatch> batches;
  const auto terms = config.problem->loss_terms();
  for (size_t i = 0; i < terms.size(); ++i) {
    const auto& term = terms[i];
    auto points = draw_term_points(config, term, i);
    const auto total = static_cast<int64_t>(points.size()) / domain.dim();
    if (total < shard.count) {
      throw std::invalid_argument("loss term '" + term.name + "' has " + std::to_string(total) +
                                  " points, fewer than the " + std::to_string(shard.count) +
                                  " processes sharing them; give sampling." + term.name +
                                  ".points at least " + std::to_string(shard.count));
    }
    // Data from the whole set, then each process's share of both, so that a term
    // whose data are given per point (a file's samples, observations) stays aligned.
    // A term may give several values per point (observations of several outputs).
    std::vector<double> data;
    if (term.data) data = term.data(points);
    const auto data_columns = static_cast<int64_t>(data.size()) / std::max<int64_t>(total, 1);
    if (shard.count > 1) {
      points = share_of(points, domain.dim(), shard);
      if (term.data) data = share_of(data, static_cast<size_t>(data_columns), shard);
    }
    TermBatch batch{term, {}, config.loss_weights.at(term.name)};
    batch.total_points = total;
    batch.first_point = total * shard.rank / shard.count;  // share_of's first row
    if (term.data) batch.data = to_tensor(std::move(data), data_columns, options);
    batch.points = to_tensor(std::move(points), domain.dim(), options);
    batches.push_back(std::move(batch));
  }
  return batches;
}

TrainingSetup prepare_training(const RunConfig& config, const Shard& shard) {
  torch::manual_seed(static_cast<uint64_t>(config.seed));
  at::set_num_threads(static_cast<int>(config.threads));
  const auto options = torch::TensorOptions()
                           .dtype(config.dtype == "float32" ? torch::kFloat32 : torch::kFloat64)
                           .device(config.device == "cuda" ? torch::kCUDA : torch::kCPU);
  Mlp net(config.network);
  net->to(options.device(), options.dtype().toScalarType());
  Loss loss(net, sample_terms(config, options, shard), config.problem->domain().names,
            config.problem->outputs(), config.slope_recovery, config.derivatives,
            shard.writes_output());
  return {options, net, std::move(loss)};
}

// The result's description of the run and how training ended (no solution yet).
ResultData describe_run(const RunConfig& config, const RunSettings& settings,
                        const TrainingOutcome& outcome) {
  ResultData result;
  result.problem = config.problem_name;
  result.config = config.resolved_yaml;
  result.seed = config.seed;
  result.dtype = config.dtype;
  result.device = config.device;
  result.derivatives = to_string(config.derivatives);
  result.version = PINN_VERSION;
  result.threads = config.threads;
  result.processes = settings.shard.count;
  result.wall_time_s = outcome.wall_time_s;
  result.status = to_string(outcome.status);
  result.message = outcome.message;
  result.libraries = library_versions();
  result.rollbacks = outcome.rollbacks;
  result.metrics.final_loss = outcome.final_loss;
  result.metrics.iterations = outcome.iterations;
  const auto& phases = config.trainer.phases;
  for (size_t i = 0; i < phases.size(); ++i) {
    result.training.phase_optimizer.push_back(to_string(phases[i].optimizer));
    result.training.phase_settings.push_back(describe(phases[i]));
    result.training.phase_start.push_back(i < outcome.phase_starts.size() ? outcome.phase_starts[i]
                                                                          : -1);
  }
  result.training.resampled_at = outcome.resampled_at;
  result.training.term_weights = outcome.term_weights;
  result.training.causal_weights = outcome.causal_weights;
  return result;
}

std::vector<NamedArray> parameter_arrays(const Mlp& net) {
  std::vector<NamedArray> arrays;
  const auto add = [&](const std::string& name, const torch::Tensor& tensor) {
    const auto values = tensor.detach().to(torch::kCPU, torch::kFloat64).contiguous();
    NamedArray a;
    a.name = name;
    for (const auto size : values.sizes()) a.shape.push_back(static_cast<uint64_t>(size));
    a.values.assign(values.data_ptr<double>(), values.data_ptr<double>() + values.numel());
    arrays.push_back(std::move(a));
  };
  for (const auto& p : net->named_parameters()) add(p.key(), p.value());
  // Fourier features' B: fixed, but the network needs it to be rebuilt (pinn eval).
  if (net->fourier_frequencies().defined()) {
    add("fourier_frequencies", net->fourier_frequencies());
  }
  return arrays;
}

std::vector<IdentifiedCoefficient> identified_unknowns(const RunConfig& config, const Mlp& net) {
  std::vector<IdentifiedCoefficient> values;
  const auto identified = net->unknown_values();
  // The truth is known only where the observations were made from the problem's own values.
  const bool known = config.observations && config.observations->synthetic;
  for (const auto& u : config.network.unknowns) {
    values.push_back({u.name, identified.at(u.name).to(torch::kCPU, torch::kFloat64).item<double>(),
                      known ? config.problem_parameters.number(u.name) : kNaN});
  }
  return values;
}

void write_run_files(const RunConfig& config, const ResultData& result, TrainingStatus status) {
  write_result(config.output_file, result);
  write_xdmf(config.output_file, result.solution);
  write_test_points_xdmf(config.output_file, result.test_points);
  // A finished run needs no checkpoint; an interrupted or diverged one keeps it.
  if (status == TrainingStatus::Completed) std::remove(config.checkpoint_file.c_str());
}

ResultData run_training(const RunConfig& config, const RunSettings& settings) {
  if (!config.window_edges.empty()) return run_windowed_training(config, settings);
  const auto start = std::chrono::steady_clock::now();
  auto setup = prepare_training(config, settings.shard);
  const auto& options = setup.options;
  auto& net = setup.net;
  const auto& loss = setup.loss;
  const auto resampler = TermResampler::create(config, setup.loss, settings.shard);
  const auto domain = config.problem->domain();
  const auto* resume = settings.resume_from;
  if (resume) load_network_bytes(net, resume->network);
  const auto* resume_state = resume ? &resume->trainer : nullptr;

  if (!settings.shard.writes_output()) {
    // It trains in step with the writing process; rollbacks return to the states
    // the trainer keeps in memory, so it needs no checkpoint files of its own.
    Trainer trainer(config.trainer, settings.observers, settings.reduction, resampler.get());
    return describe_run(config, settings,
                        trainer.run(loss, settings.stop_requested, resume_state, {}));
  }

  const EvaluationGrid grid(domain, config.grid, options);
  const auto reference = computed_reference(*config.problem, grid, settings.log);
  const auto& problem = *config.problem;
  // The history's error: at the test points where the problem has them, else on the grid.
  const auto test_points = TestPointSet::load(problem, options, settings.log);
  auto error = [&]() {
    if (test_points) return test_points->rel_l2(net);
    return reference ? compare_solution(problem, grid, grid.evaluate(net), reference).rel_l2 : kNaN;
  };
  HistoryRecorder recorder(net, loss.term_names(), error);
  if (resume) recorder.restore(resume->history);
  ProgressPrinter progress(settings.log, settings.live_progress, loss.term_names(),
                           [&]() { return recorder.last_error(); });
  std::vector<TrainingObserver*> observers = {&recorder, &progress};
  observers.insert(observers.end(), settings.observers.begin(), settings.observers.end());
  Trainer trainer(config.trainer, observers, settings.reduction, resampler.get());
  const CheckpointSink write = [&](const TrainerState& state) {
    write_checkpoint(config.checkpoint_file, {PINN_VERSION, config.resolved_yaml,
                                              network_bytes(net), state, recorder.history()});
  };
  const double setup_s = seconds_since(start);
  const auto outcome = trainer.run(loss, settings.stop_requested, resume_state, write);
  progress.finish();

  auto result = describe_run(config, settings, outcome);
  result.setup_s = setup_s;
  if (settings.reduction) result.communication_s = settings.reduction->seconds();
  result.history = recorder.history();
  result.parameters = parameter_arrays(net);
  result.network = describe_network(config);
  auto compared = compare_solution(problem, grid, grid.evaluate(net), reference);
  result.solution = std::move(compared.grid);
  result.metrics.rel_l2 = compared.rel_l2;
  result.metrics.max_abs_error = compared.max_abs_error;
  result.metrics.fields = std::move(compared.errors);
  result.profiles = compare_profiles(problem, net, options);
  result.metrics.profile_errors = profile_errors(result.profiles);
  if (test_points) test_points->record(net, result);
  result.geometry = sample_geometry(domain, static_cast<uint64_t>(config.seed));
  result.metrics.unknowns = identified_unknowns(config, net);
  if (config.observations) {
    result.observation_points = config.observations->points;
    result.observation_values = config.observations->values;
  }
  write_run_files(config, result, outcome.status);
  return result;
}

}  // namespace pinn
