#include "tools/bench_balance.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <vector>

#include "problems/register_builtin.h"
#include "solver/config/source.h"
#include "solver/run/run.h"
#include "solver/training/loss_weighting.h"
#include "solver/training/trainer.h"

namespace pinn {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return 1e3 * std::chrono::duration<double>(Clock::now() - start).count();
}

RunConfig load(const BalanceBenchOptions& o, const std::vector<std::string>& overrides) {
  ProblemRegistry registry;
  problems::register_builtin(registry);
  auto source = config::load_config_file(o.config);
  const std::vector<std::string> settings = {
      "training.threads=" + std::to_string(o.threads), "training.log_every=1000000",
      "training.phases=[{optimizer: adam, iterations: " + std::to_string(o.iterations) +
          ", lr: 1.0e-3}]"};
  for (const auto& s : settings) config::apply_override(source, s);
  for (const auto& s : overrides) config::apply_override(source, s);
  return parse_run_config(source, registry);
}

// ms of one Adam step (loss, backward, step), the fastest of `count` after one untimed.
double step_ms(const TrainingSetup& setup, int64_t count) {
  const auto params = setup.net->parameters();
  torch::optim::Adam adam(params, torch::optim::AdamOptions(1e-3));
  double best = INFINITY;
  for (int64_t i = 0; i <= count; ++i) {
    const auto start = Clock::now();
    adam.zero_grad();
    setup.loss.evaluate().total.backward();
    adam.step();
    if (i > 0) best = std::min(best, ms_since(start));
  }
  return best;
}

// ms of one update of the term factors by `method`.
double update_ms(const BalanceBenchOptions& o, const std::string& method) {
  const auto config = load(o, {"training.balance={method: " + method + "}"});
  const auto setup = prepare_training(config);
  const auto params = setup.net->parameters();
  auto weighting = LossWeighting::create(config.trainer.balance, config.trainer.causal, setup.loss,
                                         params, nullptr);
  double best = INFINITY;
  for (int64_t i = 0; i <= o.updates; ++i) {
    const auto start = Clock::now();
    weighting->update(0, false);
    if (i > 0) best = std::min(best, ms_since(start));
  }
  return best;
}

// ms per iteration of an Adam training with `weighting` (a flow YAML override, or none).
double training_ms(const BalanceBenchOptions& o, const std::string& weighting) {
  const auto config =
      load(o, weighting.empty() ? std::vector<std::string>{} : std::vector<std::string>{weighting});
  auto setup = prepare_training(config);
  Trainer trainer(config.trainer, {});
  const auto outcome = trainer.run(setup.loss);
  return 1e3 * outcome.wall_time_s / double(o.iterations);
}

}  // namespace

void balance_bench(const BalanceBenchOptions& o) {
  const auto config = load(o, {});
  int64_t points = 0;
  for (const auto& [name, spec] : config.sampling) points += spec.points;
  std::printf("%s: %lld points in %zu terms, %lld threads (one shared 2-core machine)\n\n",
              o.config.c_str(), static_cast<long long>(points), config.sampling.size(),
              static_cast<long long>(o.threads));
  const auto setup = prepare_training(config);
  const double step = step_ms(setup, o.updates);
  std::printf(
      "| update | ms per update | ms per Adam step | update / step | default every | "
      "update / (every x step) |\n|---|---|---|---|---|---|\n");
  for (const auto* method : {"grad_norm", "ntk"}) {
    const double update = update_ms(o, method);
    const BalanceOptions defaults;
    std::printf("| %s | %.1f | %.1f | %.2f | %lld | %.2f %% |\n", method, update, step,
                update / step, static_cast<long long>(defaults.every),
                100 * update / (double(defaults.every) * step));
    std::fflush(stdout);
  }
  std::printf("\n| %lld Adam iterations | ms per iteration | overhead |\n|---|---|---|\n",
              static_cast<long long>(o.iterations));
  const std::pair<const char*, const char*> runs[] = {
      {"no weighting", ""},
      {"balance grad_norm, every 100", "training.balance={method: grad_norm}"},
      {"balance ntk, every 100", "training.balance={method: ntk}"},
      {"balance rba, every 1", "training.balance={method: rba}"},
      {"causal, 32 bins, every 1", "training.causal={}"}};
  // The trainings take turns, and each keeps its fastest: the machine is shared, and its
  // load changes from one minute to the next.
  std::vector<double> best(std::size(runs), INFINITY);
  for (int64_t r = 0; r < o.repeats; ++r) {
    for (size_t k = 0; k < std::size(runs); ++k) {
      best[k] = std::min(best[k], training_ms(o, runs[k].second));
    }
  }
  for (size_t k = 0; k < std::size(runs); ++k) {
    if (k == 0) {
      std::printf("| %s | %.1f | |\n", runs[k].first, best[k]);
    } else {
      std::printf("| %s | %.1f | %+.1f %% |\n", runs[k].first, best[k],
                  100 * (best[k] / best[0] - 1));
    }
  }
}

}  // namespace pinn
