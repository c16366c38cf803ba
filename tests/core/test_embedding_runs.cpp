// Input embeddings in whole runs: read from the config (every bad value refused
// naming its key), a run interrupted and resumed ending bit for bit as the
// uninterrupted one, the result file's network rebuilt with its B for pinn eval,
// and Fourier features learning sin(8 pi x) where the plain network does not.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <atomic>
#include <filesystem>

#include "solver/io/checkpoint.h"
#include "solver/run/run.h"
#include "solver/run/trained_network.h"
#include "tests/core/grid_values.h"
#include "tests/core/resume_checks.h"
#include "tests/core/support.h"

namespace pinn {
namespace {

namespace fs = std::filesystem;
using testing::config_error_of;
using testing::parse_config;
using testing::temp_path;
using testing::train;

const std::string kBurgers = "problem: {name: burgers}\n";

std::string with_network(const std::string& network) {
  return kBurgers + "network: {hidden: [8], " + network + "}\n";
}

TEST(EmbeddingConfig, ReadsFourierAndFactorizationWithTheirDefaults) {
  const auto c = parse_config(
      with_network("periodic: [x], fourier: {scale: 2.5, features: 16}, factorization: {}"),
      {"training.seed=77"});
  EXPECT_EQ(c.network.fourier.features, 16);
  EXPECT_EQ(c.network.fourier.scale, 2.5);
  EXPECT_EQ(c.network.fourier.inputs, (std::vector<int64_t>{1}));  // x is periodic: t only
  EXPECT_EQ(c.network.fourier.seed, 77u);                          // the run's seed
  EXPECT_TRUE(c.network.factorization.enabled);
  EXPECT_EQ(c.network.factorization.mean, 1.0);
  EXPECT_EQ(c.network.factorization.std, 0.1);
  const auto own = parse_config(with_network("fourier: {inputs: [x], seed: 5}"));
  EXPECT_EQ(own.network.fourier.seed, 5u);
  EXPECT_EQ(own.network.fourier.features, 64);
  EXPECT_EQ(own.network.fourier.inputs, (std::vector<int64_t>{0}));
  const auto off = parse_config(with_network("fourier: ~"));
  EXPECT_FALSE(off.network.fourier.enabled());
  EXPECT_FALSE(off.network.factorization.enabled);
}

TEST(EmbeddingConfig, EveryBadValueNamesItsKey) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"fourier: {scale: 0}", "key 'network.fourier.scale': value 0 must be > 0"},
      {"fourier: {scale: -1.5}", "key 'network.fourier.scale': value -1.5 must be > 0"},
      {"fourier: {scale: .inf}", "key 'network.fourier.scale'"},
      {"fourier: {scale: .nan}", "key 'network.fourier.scale'"},
      {"fourier: {scale: big}", "key 'network.fourier.scale'"},
      {"fourier: {features: 0}", "key 'network.fourier.features': value 0 must be in [1, 100000]"},
      {"fourier: {features: -4}", "key 'network.fourier.features'"},
      {"fourier: {features: 2.5}", "key 'network.fourier.features'"},
      {"fourier: {features: many}", "key 'network.fourier.features'"},
      {"fourier: {inputs: [y]}", "key 'network.fourier.inputs[0]': value 'y' must be one of: t, x"},
      {"fourier: {inputs: [x, x]}", "input 'x' is listed twice"},
      {"fourier: {inputs: []}", "key 'network.fourier.inputs': names no input"},
      {"periodic: [x], fourier: {inputs: [x]}",
       "key 'network.fourier.inputs': input 'x' is periodic (network.periodic)"},
      {"periodic: [x, t], fourier: {}", "key 'network.fourier.inputs': names no input"},
      {"fourier: {seed: -1}", "key 'network.fourier.seed'"},
      {"fourier: {sigma: 1}", "key 'network.fourier.sigma': unknown key"},
      {"fourier: 3", "key 'network.fourier'"},
      {"factorization: {std: -0.1}", "key 'network.factorization.std': value -0.1 must be >= 0"},
      {"factorization: {mean: .nan}", "key 'network.factorization.mean'"},
      {"factorization: {mu: 1}", "key 'network.factorization.mu': unknown key"},
  };
  for (const auto& [network, want] : cases) {
    const auto error = config_error_of(with_network(network));
    EXPECT_NE(error.find(want), std::string::npos) << network << "\n  gave: " << error;
    EXPECT_EQ(error.rfind("cfg.yaml:", 0), 0u) << error;  // located in the file
  }
}

void remove_outputs(const std::string& path) {
  fs::remove(path);
  fs::remove(fs::path(path).replace_extension(".xmf"));
  fs::remove(fs::path(path).replace_extension(".space-time.xmf"));
}

// Burgers with both embeddings and neuron-wise slopes, Adam then L-BFGS.
std::string small_burgers(const std::string& dtype) {
  return kBurgers +
         "network: {hidden: [10, 10], fourier: {scale: 1.5, features: 6}, factorization: {},"
         " adaptive: {mode: neuron, scale: 2}}\n"
         "sampling: {residual: {points: 200}, initial: {points: 20}, boundary: {points: 20}}\n"
         "training: {threads: 1, dtype: " +
         dtype +
         ", log_every: 10, phases: [{optimizer: adam, iterations: 30, lr: 0.01},"
         " {optimizer: lbfgs, iterations: 20}]}\n"
         "output: {checkpoint_every: 10, grid: {x: 11, t: 6}}\n";
}

TEST(EmbeddingRuns, InterruptedAndResumedEndsBitForBit) {
  for (const auto& [dtype, stop_at] :
       {std::pair<std::string, int64_t>{"float64", 15}, {"float64", 38}, {"float32", 25}}) {
    testing::expect_resume_bit_for_bit(small_burgers(dtype), stop_at,
                                       "embedding_" + dtype + std::to_string(stop_at));
  }
}

// pinn eval's network: rebuilt from /network's description, its parameters and B.
TEST(EmbeddingRuns, ResultFileRebuildsTheNetworkWithItsFourierMatrix) {
  const auto path = temp_path("embedding_eval.h5");
  auto config = parse_config(small_burgers("float64"), {"output.file=" + path});
  const auto result = train(config);
  ASSERT_EQ(result.status, "completed") << result.message;
  auto trained = load_trained_network(path, testing::builtin_registry());
  EXPECT_EQ(trained.description.fourier_features, 6);
  EXPECT_EQ(trained.description.fourier_inputs, (std::vector<std::string>{"x", "t"}));
  EXPECT_TRUE(trained.description.factorized);
  EXPECT_LT(testing::max_difference_on_grid(trained.net, result), 1e-12);
  remove_outputs(path);
}

// u'' = -(8 pi)^2 sin(8 pi x) on [0, 1], u = 0 at both ends: u = sin(8 pi x). The
// equation is divided by (8 pi)^2 so the terms weigh alike.
const char* kHighFrequency =
    "problem:\n"
    "  name: poisson_8pi\n"
    "  inputs: {x: [0, 1]}\n"
    "  equations: ['u_xx / (8*pi)^2 + sin(8*pi*x)']\n"
    "  conditions: {ends: {on: boundary, equation: u}}\n"
    "  reference: {exact: {u: sin(8*pi*x)}}\n"
    "network: {hidden: [32, 32]}\n"
    "sampling: {residual: {points: 300}, ends: {points: 2}}\n"
    "training: {threads: 1, log_every: 100, phases: [{optimizer: adam, iterations: 300, lr: "
    "0.005}, {optimizer: lbfgs, iterations: 200}]}\n"
    "output: {grid: {x: 201}}\n";

TEST(EmbeddingRuns, FourierFeaturesLearnAHighFrequencyWhereThePlainNetworkDoesNot) {
  const auto path = temp_path("embedding_8pi.h5");
  double error[2];
  for (int fourier = 0; fourier < 2; ++fourier) {
    std::vector<std::string> overrides = {"output.file=" + path};
    if (fourier) overrides.push_back("network.fourier={scale: 8, features: 32}");
    const auto result = train(parse_config(kHighFrequency, overrides));
    ASSERT_EQ(result.status, "completed") << result.message;
    error[fourier] = result.metrics.rel_l2;
    remove_outputs(path);
  }
  std::printf("relative L2 error: plain %.3e, Fourier features %.3e\n", error[0], error[1]);
  // Measured: plain 3.2 (it does not find the oscillation), Fourier features 9.3e-4.
  EXPECT_GT(error[0], 0.5);
  EXPECT_LT(error[1], 5e-3);
}

}  // namespace
}  // namespace pinn
