// pinn-bench: times pinn's training steps for tools/benchmark.py, which runs it
// side by side with the plain-PyTorch peer (tools/bench_pytorch.py) and prints
// both. Each invocation prints one JSON line.
//
//   pinn-bench step --problem burgers|poisson2d|navier_stokes --dtype float32 --points 10000
//                   --threads 2 --engine taylor|autograd --adam-steps 20 --lbfgs-iterations 10
//   pinn-bench twins --threads 2 --adam-steps 200 --quasi-newton-iterations 100
//   pinn-bench converge --config configs/burgers.yaml --target 1e-3 --threads 2
//                   --engine taylor --check-every 50 --max-seconds 3600
//   pinn-bench geometry --small 100000 --large 1000000 --boundary 100000 --normals 100000
//                   --grid 1000000 --method uniform --repeats 3
//       ms to draw interior and boundary points, compute normals and test a grid with
//       contains() on Poisson2d-C, Poisson2d-CG and a cube less two balls, next to the
//       same on their bounding boxes (a markdown table; tools/bench_geometry.h)
//   pinn-bench transform --threads 2 --points 8000 --hidden "[40, 40, 40, 40]" --dtype float64
//                   --steps 30 --repeats 3
//       ms per step of Wave1d-C's equation with and without an output transform, Taylor
//       engine (tools/bench_transform.h)
//   pinn-bench balance --config configs/pinnacle/wave1d.yaml --threads 2 --iterations 100
//       ms of one grad_norm and ntk update against one Adam step, and Adam trainings with
//       each loss weighting against none (tools/bench_balance.h)
//   pinn-bench embeddings --threads 2 --points 8000 --features 40 64 --steps 40
//       ms per step of Burgers with Fourier features and weight factorisation against the
//       plain network, both engines (tools/bench_embeddings.h)

#include <sys/resource.h>
#include <torch/torch.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "problems/register_builtin.h"
#include "solver/common/process_tuning.h"
#include "solver/config/source.h"
#include "solver/optim/quasi_newton_update.h"
#include "solver/run/evaluation_grid.h"
#include "solver/run/resampler.h"
#include "solver/run/run.h"
#include "solver/run/solution_fields.h"
#include "solver/training/history.h"
#include "solver/training/trainer.h"
#include "tools/bench_balance.h"
#include "tools/bench_embeddings.h"
#include "tools/bench_geometry.h"
#include "tools/bench_transform.h"
#include "tools/bench_twins.h"

namespace pinn {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double peak_rss_mb() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

RunConfig load(const std::string& path, const std::vector<std::string>& overrides) {
  ProblemRegistry registry;
  problems::register_builtin(registry);
  auto source = config::load_config_file(path);
  for (const auto& o : overrides) config::apply_override(source, o);
  return parse_run_config(source, registry);
}

struct StepOptions {
  std::string problem = "burgers";
  std::string dtype = "float32";
  std::string engine = "taylor";
  std::string configs = "configs";
  int64_t points = 10000;
  int64_t threads = 1;
  int64_t adam_steps = 20;
  int64_t lbfgs_iterations = 10;
  int64_t seed = 1234;
};

// The shipped config each step problem starts from.
std::string step_config_file(const std::string& problem) {
  if (problem == "burgers") return "burgers.yaml";
  if (problem == "poisson2d") return "poisson_2d.yaml";
  if (problem == "navier_stokes") return "kovasznay.yaml";  // Kovasznay flow: outputs u, v, p
  throw std::invalid_argument("unknown step problem '" + problem + "'");
}

void step(const StepOptions& o) {
  const std::string file = step_config_file(o.problem);
  std::vector<std::string> overrides = {
      "sampling.residual.points=" + std::to_string(o.points), "training.dtype=" + o.dtype,
      "training.threads=" + std::to_string(o.threads), "training.derivatives=" + o.engine,
      "training.seed=" + std::to_string(o.seed)};
  if (o.problem == "burgers") {
    // The step the plain-PyTorch peer takes (tools/bench_pytorch.py), whatever the
    // shipped config trains.
    for (const char* o : {"network.hidden=[20,20,20,20,20,20,20,20]", "sampling.initial.points=50",
                          "sampling.boundary.points=50"}) {
      overrides.push_back(o);
    }
  } else if (o.problem == "navier_stokes") {
    // As the peer: terms "residual" (N x 3) and "boundary" (u and v, N x 2).
    for (const char* setting : {"network.hidden=[50,50,50,50]", "sampling.boundary.points=400"}) {
      overrides.push_back(setting);
    }
  }
  const auto config = load(o.configs + "/" + file, overrides);
  auto setup = prepare_training(config);
  auto& net = setup.net;
  const auto& loss = setup.loss;

  torch::optim::Adam adam(net->parameters(), torch::optim::AdamOptions(1e-3));
  auto adam_step = [&]() {
    adam.zero_grad();
    loss.evaluate().total.backward();
    adam.step();
  };
  for (int i = 0; i < 3; ++i) adam_step();  // warm-up: allocator and thread pool
  std::vector<double> ms;
  for (int64_t i = 0; i < o.adam_steps; ++i) {
    const auto start = Clock::now();
    adam_step();
    ms.push_back(1e3 * seconds_since(start));
  }
  std::sort(ms.begin(), ms.end());

  torch::optim::LBFGS lbfgs(net->parameters(), torch::optim::LBFGSOptions(1.0)
                                                   .history_size(50)
                                                   .max_iter(o.lbfgs_iterations)
                                                   .max_eval(o.lbfgs_iterations * 25)
                                                   .tolerance_grad(0)
                                                   .tolerance_change(0)
                                                   .line_search_fn("strong_wolfe"));
  int64_t evaluations = 0;
  const auto start = Clock::now();
  lbfgs.step([&]() {
    ++evaluations;
    lbfgs.zero_grad();
    auto total = loss.evaluate().total;
    total.backward();
    return total;
  });
  const double lbfgs_s = seconds_since(start);
  const auto& state =
      static_cast<const torch::optim::LBFGSParamState&>(*lbfgs.state().begin()->second);
  const auto iterations = std::max<int64_t>(1, state.n_iter());

  std::printf(
      "{\"impl\": \"pinn-%s\", \"problem\": \"%s\", \"dtype\": \"%s\", \"points\": %lld, "
      "\"threads\": %lld, \"adam_ms\": %.4f, \"adam_ms_min\": %.4f, \"lbfgs_ms\": %.4f, "
      "\"lbfgs_evals_per_iter\": %.3f, \"peak_rss_mb\": %.1f, \"torch\": \"%s\"}\n",
      o.engine.c_str(), o.problem.c_str(), o.dtype.c_str(), static_cast<long long>(o.points),
      static_cast<long long>(o.threads), ms[ms.size() / 2], ms.front(),
      1e3 * lbfgs_s / static_cast<double>(iterations),
      static_cast<double>(evaluations) / static_cast<double>(iterations), peak_rss_mb(),
      TORCH_VERSION);
}

// Stops training once the error against the reference reaches the target, and
// keeps the training clock free of the error evaluations.
class TargetWatch : public TrainingObserver {
 public:
  TargetWatch(const HistoryRecorder& recorder, double target, double max_seconds,
              std::atomic<bool>& stop)
      : recorder_(recorder), target_(target), max_seconds_(max_seconds), stop_(stop) {}

  void on_record(const TrainingRecord& record) override {
    iterations_ = record.iteration;
    seconds_ = record.time_s;
    if (recorder_.last_error() <= target_) reached_ = true;
    if (reached_ || record.time_s > max_seconds_) stop_ = true;
  }

  bool reached() const { return reached_; }
  int64_t iterations() const { return iterations_; }
  double seconds() const { return seconds_; }

 private:
  const HistoryRecorder& recorder_;
  double target_, max_seconds_;
  std::atomic<bool>& stop_;
  bool reached_ = false;
  int64_t iterations_ = 0;
  double seconds_ = 0;
};

struct ConvergeOptions {
  std::string config = "configs/burgers.yaml";
  std::string engine = "taylor";
  double target = 1e-3;
  int64_t threads = 1;
  int64_t check_every = 50;
  double max_seconds = 3600;
};

void converge(const ConvergeOptions& o) {
  const auto config = load(o.config, {"training.threads=" + std::to_string(o.threads),
                                      "training.derivatives=" + o.engine,
                                      "training.log_every=" + std::to_string(o.check_every)});
  auto setup = prepare_training(config);
  auto& net = setup.net;
  const auto& loss = setup.loss;
  const EvaluationGrid grid(config.problem->domain(), config.grid, setup.options);
  const auto reference = config.problem->reference(grid.axes());
  if (!reference) {
    throw std::invalid_argument(o.config + ": the problem has no reference (" +
                                config.problem->no_reference_reason() + ")");
  }
  // The recorder's error evaluation runs inside the training clock; it is cheap
  // (one forward pass on the grid) next to the check_every steps between records.
  HistoryRecorder recorder(net, loss.term_names(), [&]() {
    return compare_solution(*config.problem, grid, grid.evaluate(net), reference).rel_l2;
  });
  std::atomic<bool> stop{false};
  TargetWatch watch(recorder, o.target, o.max_seconds, stop);
  const auto resampler = TermResampler::create(config, setup.loss, {});
  Trainer trainer(config.trainer, {&recorder, &watch}, nullptr, resampler.get());
  trainer.run(loss, &stop);
  std::printf(
      "{\"impl\": \"pinn-%s\", \"reached\": %s, \"seconds\": %.3f, \"iterations\": %lld, "
      "\"final_l2\": %.6g, \"threads\": %lld}\n",
      o.engine.c_str(), watch.reached() ? "true" : "false", watch.seconds(),
      static_cast<long long>(watch.iterations()), recorder.last_error(),
      static_cast<long long>(o.threads));
}

// Times the phases of one optimizer: the clock at the last step before it and at
// its last step.
class PhaseClock : public TrainingObserver {
 public:
  explicit PhaseClock(std::string phase) : phase_(std::move(phase)) {}
  void on_record(const TrainingRecord&) override {}
  void on_step(const TrainingRecord& r) override {
    if (r.phase == phase_) {
      last_s_ = r.time_s;
      last_iteration_ = r.iteration;
    } else {
      start_s_ = r.time_s;
      start_iteration_ = r.iteration;
    }
  }
  double ms_per_iteration() const {
    return 1e3 * (last_s_ - start_s_) / double(std::max<int64_t>(1, iterations()));
  }
  int64_t iterations() const { return last_iteration_ - start_iteration_; }

 private:
  std::string phase_;
  double start_s_ = 0, last_s_ = 0;
  int64_t start_iteration_ = 0, last_iteration_ = 0;
};

struct OptimizerOptions {
  std::string config = "configs/burgers.yaml";
  int64_t threads = 2;
  int64_t iterations = 200;
  std::vector<std::string> hidden = {"[20,20,20,20]", "[20,20,20,20,20,20,20,20]"};
};

// ms per iteration of every optimizer after 100 Adam steps, per network size,
// with what one loss-and-gradient evaluation and one O(P^2) update of H cost.
void optimizers(const OptimizerOptions& o) {
  std::printf(
      "| P | network | loss + gradient ms | H update ms | adam | lbfgs | bfgs | ssbfgs | "
      "ssbroyden |\n|---|---|---|---|---|---|---|---|---|\n");
  for (const auto& hidden : o.hidden) {
    std::vector<double> ms;
    int64_t parameters = 0;
    double evaluation_ms = 0;
    for (const std::string optimizer : {"adam", "lbfgs", "bfgs", "ssbfgs", "ssbroyden"}) {
      const auto config = load(
          o.config, {"network.hidden=" + hidden, "training.threads=" + std::to_string(o.threads),
                     "training.log_every=100000",
                     "training.phases=[{optimizer: adam, iterations: 100, lr: 5.0e-3}, "
                     "{optimizer: " +
                         optimizer + ", iterations: " + std::to_string(o.iterations) + "}]"});
      auto setup = prepare_training(config);
      parameters = 0;
      for (const auto& p : setup.net->parameters()) parameters += p.numel();
      if (optimizer == "adam") {
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < 20; ++i) setup.loss.evaluate().total.backward();
        evaluation_ms = 1e3 * seconds_since(start) / 20;
      }
      // Both phases are adam for "adam": time the second one's steps.
      PhaseClock clock(optimizer == "adam" ? "none" : optimizer);
      auto trainer_options = config.trainer;
      if (optimizer == "adam") trainer_options.phases.resize(1);
      trainer_options.phases[0].iterations = optimizer == "adam" ? o.iterations : 100;
      Trainer trainer(trainer_options, {&clock});
      const auto outcome = trainer.run(setup.loss);
      ms.push_back(optimizer == "adam" ? 1e3 * outcome.wall_time_s / double(o.iterations)
                                       : clock.ms_per_iteration());
    }
    optim::InverseHessian h(parameters, static_cast<int>(o.threads));
    const Eigen::VectorXd u = Eigen::VectorXd::Random(parameters);
    Eigen::VectorXd out;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 20; ++i) {
      h.multiply(u, out);
      h.scale_and_add(1.0, 1e-9, u, 1e-9, out, 1e-9, u);
    }
    const double update_ms = 1e3 * seconds_since(start) / 20;
    std::printf("| %lld | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n",
                static_cast<long long>(parameters), hidden.c_str(), evaluation_ms, update_ms, ms[0],
                ms[1], ms[2], ms[3], ms[4]);
    std::fflush(stdout);
  }
}

}  // namespace
}  // namespace pinn

int main(int argc, char** argv) {
  pinn::tune_process();
  CLI::App app{"pinn-bench: times pinn's training steps (see tools/benchmark.py)"};
  app.require_subcommand(1);
  pinn::StepOptions s;
  auto* step = app.add_subcommand("step", "ms per Adam step and per L-BFGS iteration");
  step->add_option("--problem", s.problem)
      ->check(CLI::IsMember({"burgers", "poisson2d", "navier_stokes"}));
  step->add_option("--dtype", s.dtype)->check(CLI::IsMember({"float32", "float64"}));
  step->add_option("--engine", s.engine)->check(CLI::IsMember({"taylor", "autograd"}));
  step->add_option("--configs", s.configs,
                   "folder holding burgers.yaml, poisson_2d.yaml and kovasznay.yaml");
  step->add_option("--points", s.points)->check(CLI::PositiveNumber);
  step->add_option("--threads", s.threads)->check(CLI::PositiveNumber);
  step->add_option("--adam-steps", s.adam_steps)->check(CLI::PositiveNumber);
  step->add_option("--lbfgs-iterations", s.lbfgs_iterations)->check(CLI::PositiveNumber);
  step->add_option("--seed", s.seed)->check(CLI::NonNegativeNumber);
  pinn::ConvergeOptions c;
  pinn::TwinsOptions w;
  auto* twins = app.add_subcommand(
      "twins", "formula problems against the compiled modules: step times, loss histories");
  twins->add_option("--configs", w.configs);
  twins->add_option("--threads", w.threads)->check(CLI::PositiveNumber);
  twins->add_option("--adam-steps", w.adam_steps)->check(CLI::PositiveNumber);
  twins->add_option("--quasi-newton-iterations", w.quasi_newton_iterations)
      ->check(CLI::PositiveNumber);
  twins->add_option("--repeats", w.repeats)->check(CLI::PositiveNumber);

  auto* converge = app.add_subcommand("converge", "seconds of training to a relative L2 error");
  converge->add_option("--config", c.config);
  converge->add_option("--engine", c.engine)->check(CLI::IsMember({"taylor", "autograd"}));
  converge->add_option("--target", c.target)->check(CLI::PositiveNumber);
  converge->add_option("--threads", c.threads)->check(CLI::PositiveNumber);
  converge->add_option("--check-every", c.check_every)->check(CLI::PositiveNumber);
  converge->add_option("--max-seconds", c.max_seconds)->check(CLI::PositiveNumber);
  pinn::OptimizerOptions q;
  auto* optimizers =
      app.add_subcommand("optimizers", "ms per iteration of every optimizer, per network size");
  optimizers->add_option("--config", q.config);
  optimizers->add_option("--threads", q.threads)->check(CLI::PositiveNumber);
  optimizers->add_option("--iterations", q.iterations)->check(CLI::PositiveNumber);
  optimizers->add_option("--hidden", q.hidden, "hidden layer lists, e.g. [20,20,20,20]");
  pinn::GeometryBenchOptions g;
  auto* geometry = app.add_subcommand(
      "geometry", "ms to sample shaped domains next to their boxes: draws, normals, contains");
  geometry->add_option("--small", g.interior_small, "interior points, first count")
      ->check(CLI::PositiveNumber);
  geometry->add_option("--large", g.interior_large, "interior points, second count")
      ->check(CLI::PositiveNumber);
  geometry->add_option("--boundary", g.boundary)->check(CLI::PositiveNumber);
  geometry->add_option("--normals", g.normals)->check(CLI::PositiveNumber);
  geometry->add_option("--grid", g.grid, "nodes of the grid contains() tests")
      ->check(CLI::PositiveNumber);
  geometry->add_option("--method", g.method)->check(CLI::IsMember({"uniform", "lhs", "sobol"}));
  geometry->add_option("--repeats", g.repeats)->check(CLI::PositiveNumber);
  geometry->add_option("--seed", g.seed)->check(CLI::NonNegativeNumber);
  pinn::TransformBenchOptions t;
  auto* transform = app.add_subcommand(
      "transform", "ms per step with and without an output transform (Taylor engine)");
  transform->add_option("--threads", t.threads)->check(CLI::PositiveNumber);
  transform->add_option("--points", t.points)->check(CLI::PositiveNumber);
  transform->add_option("--hidden", t.hidden, "hidden layer list, e.g. [40, 40, 40, 40]");
  transform->add_option("--dtype", t.dtype)->check(CLI::IsMember({"float32", "float64"}));
  transform->add_option("--steps", t.steps)->check(CLI::PositiveNumber);
  transform->add_option("--repeats", t.repeats)->check(CLI::PositiveNumber);
  pinn::BalanceBenchOptions b;
  auto* balance = app.add_subcommand(
      "balance", "ms of a loss-balancing update against a step, and the overhead in training");
  balance->add_option("--config", b.config);
  balance->add_option("--threads", b.threads)->check(CLI::PositiveNumber);
  balance->add_option("--updates", b.updates)->check(CLI::PositiveNumber);
  balance->add_option("--iterations", b.iterations)->check(CLI::PositiveNumber);
  balance->add_option("--repeats", b.repeats)->check(CLI::PositiveNumber);
  pinn::EmbeddingBenchOptions m;
  auto* embeddings = app.add_subcommand(
      "embeddings", "ms per step with Fourier features and weight factorisation against without");
  embeddings->add_option("--threads", m.threads)->check(CLI::PositiveNumber);
  embeddings->add_option("--points", m.points)->check(CLI::PositiveNumber);
  embeddings->add_option("--hidden", m.hidden, "hidden layers, e.g. [40, 40, 40, 40]");
  embeddings->add_option("--dtype", m.dtype)->check(CLI::IsMember({"float32", "float64"}));
  embeddings->add_option("--features", m.features, "m of each Fourier variant");
  embeddings->add_option("--engines", m.engines)->check(CLI::IsMember({"taylor", "autograd"}));
  embeddings->add_option("--steps", m.steps)->check(CLI::PositiveNumber);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    if (*step) pinn::step(s);
    if (*twins) pinn::twins(w);
    if (*converge) pinn::converge(c);
    if (*optimizers) pinn::optimizers(q);
    if (*geometry) pinn::geometry_bench(g);
    if (*transform) pinn::transform_bench(t);
    if (*balance) pinn::balance_bench(b);
    if (*embeddings) pinn::embedding_bench(m);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
