#include "tools/bench_transform.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <vector>

#include "problems/register_builtin.h"
#include "solver/config/source.h"
#include "solver/run/run.h"

namespace pinn {
namespace {

// PINNacle's Wave1d-C; CONDITIONS and TRANSFORM are filled in per variant.
const char* kWave = R"yaml(problem:
  name: wave1d
  inputs: {x: [0, 1], t: [0, 1]}
  time: t
  parameters: {c2: 4}
  functions:
    exact: sin(pi*x)*cos(2*pi*t) + 0.5*sin(4*pi*x)*cos(8*pi*t)
    u0: sin(pi*x) + 0.5*sin(4*pi*x)
  equations: [u_tt - c2*u_xx]
)yaml";

const char* kConditions = R"yaml(  conditions:
    initial: {on: initial, equation: u - exact}
    initial_speed: {on: initial, equation: u_t}
    ends: {on: boundary, equation: u}
)yaml";

// u(x, 0) = u0, u_t(x, 0) = 0 and u = 0 at x = 0 and 1 hold exactly.
const char* kTransform = "  transform: {u: \"u0 + t^2*x*(1-x)*N_u\"}\n";

RunConfig wave(const TransformBenchOptions& o, bool conditions, bool transform) {
  std::string yaml = std::string(kWave) + (conditions ? kConditions : "") +
                     (transform ? kTransform : "") + "network: {hidden: " + o.hidden + "}\n" +
                     "sampling: {residual: {points: " + std::to_string(o.points) + "}" +
                     (conditions ? ", initial: {points: 800}, initial_speed: {points: 800}, "
                                   "ends: {points: 800}"
                                 : "") +
                     "}\ntraining: {derivatives: taylor, threads: " + std::to_string(o.threads) +
                     ", dtype: " + o.dtype + ", phases: [{optimizer: adam, iterations: 1}]}\n";
  ProblemRegistry registry;
  problems::register_builtin(registry);
  auto source = config::load_config_string(yaml, "transform bench");
  return parse_run_config(source, registry);
}

double cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

struct StepTime {
  double wall_ms = INFINITY;
  double cpu_ms = INFINITY;  // the process's, every thread's
};

// Per loss evaluation and backward pass, the mean over o.steps after 3 untimed.
StepTime ms_per_step(const RunConfig& config, const TransformBenchOptions& o) {
  auto setup = prepare_training(config);
  const auto params = setup.net->parameters();
  auto step = [&] {
    for (auto& p : params) p.mutable_grad() = torch::Tensor();
    setup.loss.evaluate().total.backward();
  };
  for (int i = 0; i < 3; ++i) step();
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = cpu_ms();
  for (int64_t i = 0; i < o.steps; ++i) step();
  const std::chrono::duration<double, std::milli> elapsed =
      std::chrono::steady_clock::now() - start;
  const auto steps = static_cast<double>(o.steps);
  return {elapsed.count() / steps, (cpu_ms() - cpu_start) / steps};
}

void row(const char* what, const RunConfig& plain, const RunConfig& exact,
         const TransformBenchOptions& o) {
  StepTime t[2];
  for (int64_t r = 0; r < o.repeats; ++r) {
    for (int k = 0; k < 2; ++k) {
      const auto m = ms_per_step(k == 0 ? plain : exact, o);
      t[k].wall_ms = std::min(t[k].wall_ms, m.wall_ms);
      t[k].cpu_ms = std::min(t[k].cpu_ms, m.cpu_ms);
    }
  }
  std::printf("| %s | %.2f | %.2f | %.3f | %.2f | %.2f | %.3f |\n", what, t[0].wall_ms,
              t[1].wall_ms, t[1].wall_ms / t[0].wall_ms, t[0].cpu_ms, t[1].cpu_ms,
              t[1].cpu_ms / t[0].cpu_ms);
  std::fflush(stdout);
}

}  // namespace

void transform_bench(const TransformBenchOptions& o) {
  std::printf(
      "Wave1d-C, Taylor engine, %s, hidden %s, %lld residual points, %lld threads: ms per step "
      "(loss and backward), the fastest of %lld runs of %lld steps; wall time, and the CPU "
      "time of every thread (steadier where other jobs share the cores)\n\n"
      "| terms | wall ms raw | wall ms transform | ratio | CPU ms raw | CPU ms transform | "
      "ratio |\n|---|---|---|---|---|---|---|\n",
      o.dtype.c_str(), o.hidden.c_str(), static_cast<long long>(o.points),
      static_cast<long long>(o.threads), static_cast<long long>(o.repeats),
      static_cast<long long>(o.steps));
  row("the equation alone, both", wave(o, false, false), wave(o, false, true), o);
  row("raw: equation and 3 conditions (800 points each); transform: the equation",
      wave(o, true, false), wave(o, false, true), o);
}

}  // namespace pinn
