#include "tools/bench_embeddings.h"

#include <time.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <vector>

#include "problems/register_builtin.h"
#include "solver/config/source.h"
#include "solver/run/run.h"

namespace pinn {
namespace {

const char* kBurgers = R"yaml(problem:
  name: burgers_formula
  inputs: {x: [-1, 1], t: [0, 1]}
  time: t
  parameters: {nu: 0.003183098861837907}
  equations: [u_t + u*u_x - nu*u_xx]
  conditions:
    initial: {on: initial, equation: u + sin(pi*x)}
    boundary: {on: boundary, equation: u}
)yaml";

struct Variant {
  std::string label;
  std::string network;  // extra keys of the network section
};

RunConfig burgers(const EmbeddingBenchOptions& o, const Variant& v, const std::string& engine) {
  const std::string yaml = std::string(kBurgers) + "network: {hidden: " + o.hidden + v.network +
                           "}\n" + "sampling: {residual: {points: " + std::to_string(o.points) +
                           "}, initial: {points: 400}, boundary: {points: 400}}\n"
                           "training: {derivatives: " +
                           engine + ", threads: " + std::to_string(o.threads) +
                           ", dtype: " + o.dtype +
                           ", phases: [{optimizer: adam, iterations: 1}]}\n";
  ProblemRegistry registry;
  problems::register_builtin(registry);
  auto source = config::load_config_string(yaml, "embeddings bench");
  return parse_run_config(source, registry);
}

double cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return 1e3 * static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_nsec);
}

struct StepTime {
  double wall_ms, cpu_ms;
};

// One loss evaluation and backward pass of a prepared run: its wall-clock time, and the
// processor time the process spent in it (with one thread, the step's own work whatever
// else the machine runs; with more, spin-waiting threads count too).
StepTime step_time(TrainingSetup& setup) {
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = cpu_ms();
  for (auto& p : setup.net->parameters()) p.mutable_grad() = torch::Tensor();
  setup.loss.evaluate().total.backward();
  const std::chrono::duration<double, std::milli> elapsed =
      std::chrono::steady_clock::now() - start;
  return {elapsed.count(), cpu_ms() - cpu_start};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

void embedding_bench(const EmbeddingBenchOptions& o) {
  std::vector<Variant> variants = {{"plain inputs", ""}};
  for (const auto m : o.features) {
    variants.push_back({"Fourier features, m = " + std::to_string(m),
                        ", fourier: {scale: 1, features: " + std::to_string(m) + "}"});
  }
  variants.push_back({"factorisation", ", factorization: {mean: 1, std: 0.1}"});
  if (!o.features.empty()) {
    const auto m = std::to_string(o.features.back());
    variants.push_back({"Fourier features, m = " + m + ", and factorisation",
                        ", fourier: {scale: 1, features: " + m + "}, factorization: {}"});
  }
  std::printf(
      "Burgers as formulas, %s, hidden %s, %lld residual + 800 condition points, %lld threads: "
      "ms per step (loss and backward), %lld steps of each variant taken in turn: the fastest "
      "wall-clock time, the median processor time and its ratio to the plain network's\n\n"
      "| variant |",
      o.dtype.c_str(), o.hidden.c_str(), static_cast<long long>(o.points),
      static_cast<long long>(o.threads), static_cast<long long>(o.steps));
  for (const auto& e : o.engines) {
    std::printf(" %s wall ms | CPU ms | CPU ratio |", e.c_str());
  }
  std::printf("\n|---|");
  for (size_t i = 0; i < o.engines.size(); ++i) std::printf("---|---|---|");
  std::printf("\n");
  std::fflush(stdout);
  // Every variant is prepared first, then timed one step at a time in turn, so that
  // a busy spell of the (shared) machine falls on all of them alike.
  std::vector<std::vector<double>> fastest(o.engines.size()), cpu(o.engines.size());
  for (size_t e = 0; e < o.engines.size(); ++e) {
    std::vector<TrainingSetup> setups;
    for (const auto& v : variants) setups.push_back(prepare_training(burgers(o, v, o.engines[e])));
    std::vector<std::vector<double>> wall(variants.size()), processor(variants.size());
    for (int64_t r = 0; r < 3 + o.steps; ++r) {
      for (size_t v = 0; v < variants.size(); ++v) {
        const auto t = step_time(setups[v]);
        if (r < 3) continue;  // the first three warm up
        wall[v].push_back(t.wall_ms);
        processor[v].push_back(t.cpu_ms);
      }
    }
    for (size_t v = 0; v < variants.size(); ++v) {
      fastest[e].push_back(*std::min_element(wall[v].begin(), wall[v].end()));
      cpu[e].push_back(median(processor[v]));
    }
  }
  for (size_t v = 0; v < variants.size(); ++v) {
    std::printf("| %s |", variants[v].label.c_str());
    for (size_t e = 0; e < o.engines.size(); ++e) {
      std::printf(" %.2f | %.2f | %.3f |", fastest[e][v], cpu[e][v], cpu[e][v] / cpu[e][0]);
    }
    std::printf("\n");
  }
  std::fflush(stdout);
}

}  // namespace pinn
