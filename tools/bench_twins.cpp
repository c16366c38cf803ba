#include "tools/bench_twins.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "problems/register_builtin.h"
#include "solver/config/source.h"
#include "solver/run/run.h"
#include "solver/training/trainer.h"

namespace pinn {
namespace {

RunConfig load_twin(const std::string& path, std::vector<std::string> overrides) {
  ProblemRegistry registry;
  problems::register_builtin(registry);
  auto source = config::load_config_file(path);
  for (const auto& o : overrides) config::apply_override(source, o);
  return parse_run_config(source, registry);
}

// The loss after every step, and the wall time of the steps of `phase`.
class StepLog : public TrainingObserver {
 public:
  explicit StepLog(std::string phase) : phase_(std::move(phase)) {}
  void on_record(const TrainingRecord&) override {}
  void on_step(const TrainingRecord& r) override {
    losses.push_back(r.loss);
    if (r.phase == phase_) {
      end_s_ = r.time_s;
      ++steps_;
    } else {
      start_s_ = r.time_s;
    }
  }
  double ms_per_step() const {
    return 1e3 * (end_s_ - start_s_) / double(std::max<int64_t>(1, steps_));
  }
  std::vector<double> losses;

 private:
  std::string phase_;
  double start_s_ = 0, end_s_ = 0;
  int64_t steps_ = 0;
};

struct Timing {
  double adam_ms = INFINITY, quasi_newton_ms = INFINITY;
  std::vector<double> adam_losses;
};

// One training of `phases` from the config's seeded start; returns the log.
StepLog train(const std::string& path, const TwinsOptions& o, const std::string& phases,
              const std::string& timed_phase, const std::vector<std::string>& overrides = {}) {
  std::vector<std::string> settings = {"training.threads=" + std::to_string(o.threads),
                                       "training.log_every=1000000", "training.phases=" + phases};
  settings.insert(settings.end(), overrides.begin(), overrides.end());
  const auto config = load_twin(path, settings);
  auto setup = prepare_training(config);
  StepLog log(timed_phase);
  Trainer trainer(config.trainer, {&log});
  trainer.run(setup.loss);
  return log;
}

// The manufactured 2-D problem on its shape (a pentagon with an elliptic hole; normals
// from the shape, carried with the points) and on the shape's bounding box (box normals),
// with the same network, terms, formulas and point counts.
const std::vector<std::string> kOnTheBox = {
    "problem.domain=~", "problem.inputs={x: [-1, 1.2], y: [-1, 1]}",
    "problem.conditions.dirichlet.on=[x_min, y_min]",
    "problem.conditions.neumann.on=[x_max, y_max]", "problem.conditions.robin.on=[y_max]"};

void shape_against_box(const TwinsOptions& o, const std::string& adam,
                       const std::string& quasi_newton) {
  std::printf(
      "\n| problem | adam ms box | adam ms shape | ratio | ssbroyden ms box | ssbroyden ms shape "
      "| ratio |\n|---|---|---|---|---|---|---|\n");
  const auto file = o.configs + "/manufactured_2d.yaml";
  Timing t[2];
  for (int64_t r = 0; r < o.repeats; ++r) {
    for (int k = 0; k < 2; ++k) {
      const auto& overrides = k == 0 ? kOnTheBox : std::vector<std::string>{};
      t[k].adam_ms = std::min(t[k].adam_ms, train(file, o, adam, "adam", overrides).ms_per_step());
      t[k].quasi_newton_ms = std::min(
          t[k].quasi_newton_ms, train(file, o, quasi_newton, "ssbroyden", overrides).ms_per_step());
    }
  }
  std::printf("| manufactured_2d.yaml | %.2f | %.2f | %.3f | %.2f | %.2f | %.3f |\n", t[0].adam_ms,
              t[1].adam_ms, t[1].adam_ms / t[0].adam_ms, t[0].quasi_newton_ms, t[1].quasi_newton_ms,
              t[1].quasi_newton_ms / t[0].quasi_newton_ms);
  std::fflush(stdout);
}

}  // namespace

void twins(const TwinsOptions& o) {
  std::printf(
      "| problem | adam ms compiled | adam ms formula | ratio | ssbroyden ms compiled | "
      "ssbroyden ms formula | ratio | max relative loss difference, %lld Adam steps |\n"
      "|---|---|---|---|---|---|---|---|\n",
      static_cast<long long>(o.adam_steps));
  const std::pair<const char*, const char*> pairs[] = {
      {"burgers.yaml", "burgers_formula.yaml"}, {"kovasznay.yaml", "kovasznay_formula.yaml"}};
  const std::string adam =
      "[{optimizer: adam, iterations: " + std::to_string(o.adam_steps) + ", lr: 5.0e-3}]";
  // The quasi-Newton phase starts after a few Adam steps, as in the configs.
  const std::string quasi_newton =
      "[{optimizer: adam, iterations: 20, lr: 5.0e-3}, "
      "{optimizer: ssbroyden, iterations: " +
      std::to_string(o.quasi_newton_iterations) + "}]";
  for (const auto& [compiled, formula] : pairs) {
    Timing t[2];
    const std::string files[2] = {o.configs + "/" + compiled, o.configs + "/" + formula};
    for (int64_t r = 0; r < o.repeats; ++r) {
      for (int k = 0; k < 2; ++k) {
        auto log = train(files[k], o, adam, "adam");
        t[k].adam_ms = std::min(t[k].adam_ms, log.ms_per_step());
        t[k].adam_losses = std::move(log.losses);
        t[k].quasi_newton_ms = std::min(
            t[k].quasi_newton_ms, train(files[k], o, quasi_newton, "ssbroyden").ms_per_step());
      }
    }
    double worst = 0;
    const auto& a = t[0].adam_losses;
    const auto& b = t[1].adam_losses;
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
      worst = std::max(worst, std::abs(b[i] - a[i]) / std::abs(a[i]));
    }
    if (a.size() != b.size()) worst = INFINITY;
    std::printf("| %s | %.2f | %.2f | %.3f | %.2f | %.2f | %.3f | %.2e |\n", formula, t[0].adam_ms,
                t[1].adam_ms, t[1].adam_ms / t[0].adam_ms, t[0].quasi_newton_ms,
                t[1].quasi_newton_ms, t[1].quasi_newton_ms / t[0].quasi_newton_ms, worst);
    std::fflush(stdout);
  }
  shape_against_box(o, adam, quasi_newton);
}

}  // namespace pinn
