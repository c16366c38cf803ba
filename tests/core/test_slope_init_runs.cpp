// Drawn adaptive slopes (network.adaptive.init xavier_uniform) through training: the
// Taylor engine (fused kernel and tensor ops) against nested autograd with slopes of
// either sign and one exactly zero, a few training steps by both engines agreeing, a run
// interrupted and resumed ending bit for bit, and the result file rebuilding the network.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>

#include "solver/autodiff/taylor_cpu.h"
#include "solver/autodiff/taylor_tensor.h"
#include "solver/io/checkpoint.h"
#include "solver/network/slope_init.h"
#include "solver/run/trained_network.h"
#include "tests/core/grid_values.h"
#include "tests/core/resume_checks.h"
#include "tests/core/support.h"
#include "tests/core/taylor_support.h"

namespace pinn {
namespace {

namespace fs = std::filesystem;
using testing::parse_config;
using testing::temp_path;
using testing::train;

// A drawn network with nonzero biases; in neuron mode one slope set to exactly 0.
Mlp drawn_net(AdaptiveMode mode, torch::Dtype dtype) {
  NetworkOptions o;
  o.inputs = 2;
  o.outputs = 2;
  o.hidden = {7, 7};
  o.mode = mode;
  o.scale = 10.0;
  o.input_lo = {-1, 0};
  o.input_hi = {1, 2};
  o.slope_init.method = "xavier_uniform";
  o.slope_init.seed = 9;
  torch::manual_seed(4);
  Mlp net(o);
  torch::NoGradGuard no_grad;
  for (int64_t k = 0; k < 2; ++k) net->hidden_layer(k)->bias.uniform_(-0.5, 0.5);
  if (mode == AdaptiveMode::Neuron) net->named_parameters()["slope_1"][3].fill_(0.0);
  net->to(dtype);
  return net;
}

TEST(AdaptiveSlopeInitEngines, TaylorMatchesAutogradWithSignedAndZeroSlopes) {
  const std::vector<std::string> inputs = {"x", "t"};
  const auto needs = testing::partials_up_to(2, 4);
  const auto labels = testing::labels_of(needs, inputs);
  torch::manual_seed(23);
  const auto points = torch::rand({90, 2}, torch::kFloat64) * 2 - torch::tensor({1.0, 0.0});
  for (auto mode : {AdaptiveMode::Global, AdaptiveMode::Layer, AdaptiveMode::Neuron}) {
    auto net = drawn_net(mode, torch::kFloat64);
    std::vector<double> slopes;
    for (int64_t k = 0; k < 2; ++k) {
      const auto c = net->effective_slope(k);
      slopes.insert(slopes.end(), c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
    }
    if (mode == AdaptiveMode::Neuron) {
      EXPECT_TRUE(std::any_of(slopes.begin(), slopes.end(), [](double c) { return c < 0; }));
      EXPECT_TRUE(std::any_of(slopes.begin(), slopes.end(), [](double c) { return c == 0; }));
    }
    at::set_num_threads(2);
    const auto want = testing::evaluate(net, points, testing::autograd_engine(needs, inputs));
    const std::string what = to_string(mode);
    testing::expect_same(
        testing::evaluate(net, points, testing::taylor_engine(taylor_streams_cpu, needs)), want,
        nullptr, 1e-10, labels, what + ", fused");
    testing::expect_same(
        testing::evaluate(net, points, testing::taylor_engine(taylor_streams_tensor, needs)), want,
        nullptr, 1e-10, labels, what + ", tensor ops");
    at::set_num_threads(1);
  }
}

const std::string kBurgers = "problem: {name: burgers}\n";

// Burgers with neuron slopes drawn as PINNacle draws them, Adam then L-BFGS.
std::string drawn_burgers(const std::string& derivatives, int64_t lbfgs = 20) {
  return kBurgers +
         "network: {hidden: [10, 10], adaptive: {mode: neuron, scale: 10, init: xavier_uniform}}\n"
         "sampling: {residual: {points: 200}, initial: {points: 20}, boundary: {points: 20}}\n"
         "training: {seed: 5, threads: 1, derivatives: " +
         derivatives +
         ", log_every: 5, phases: [{optimizer: adam, iterations: 30, lr: 0.01},"
         " {optimizer: lbfgs, iterations: " +
         std::to_string(lbfgs) +
         "}]}\n"
         "output: {checkpoint_every: 10, grid: {x: 11, t: 6}}\n";
}

void remove_outputs(const std::string& path) {
  fs::remove(path);
  fs::remove(fs::path(path).replace_extension(".xmf"));
  fs::remove(fs::path(path).replace_extension(".space-time.xmf"));
  fs::remove(fs::path(path).replace_extension(".checkpoint.h5"));
}

TEST(AdaptiveSlopeInitRuns, BothEnginesTrainTheSameSteps) {
  std::vector<ResultData> results;
  for (const auto* engine : {"taylor", "autograd"}) {
    const auto path = temp_path(std::string("slope_init_") + engine + ".h5");
    const auto config = parse_config(drawn_burgers(engine, 0), {"output.file=" + path});
    results.push_back(train(config));
    ASSERT_EQ(results.back().status, "completed") << results.back().message;
    remove_outputs(path);
  }
  const auto& taylor = results[0];
  const auto& autograd = results[1];
  ASSERT_EQ(taylor.history.loss.size(), autograd.history.loss.size());
  ASSERT_GE(taylor.history.loss.size(), 6u);
  for (size_t i = 0; i < taylor.history.loss.size(); ++i) {
    EXPECT_NEAR(taylor.history.loss[i], autograd.history.loss[i], 1e-9 * autograd.history.loss[i])
        << "record " << i;
  }
  // The slopes start where they were drawn, of either sign, and train alike.
  const auto& first = taylor.history.slopes.at(0);
  EXPECT_TRUE(std::any_of(first.begin(), first.begin() + 10, [](double c) { return c < 0; }));
  EXPECT_TRUE(std::any_of(first.begin(), first.begin() + 10, [](double c) { return c > 0; }));
  ASSERT_EQ(taylor.parameters.size(), autograd.parameters.size());
  for (size_t i = 0; i < taylor.parameters.size(); ++i) {
    const auto& a = taylor.parameters[i].values;
    const auto& b = autograd.parameters[i].values;
    ASSERT_EQ(a.size(), b.size());
    for (size_t j = 0; j < a.size(); ++j) {
      EXPECT_NEAR(a[j], b[j], 1e-9 * std::max(1.0, std::abs(b[j]))) << taylor.parameters[i].name;
    }
  }
}

TEST(AdaptiveSlopeInitRuns, InterruptedAndResumedEndsBitForBit) {
  for (const int64_t stop_at : {15, 38}) {
    testing::expect_resume_bit_for_bit(drawn_burgers("taylor"), stop_at,
                                       "slope_init_" + std::to_string(stop_at));
  }
}

// pinn eval's network: the description is the constant-slope one, the stored slopes
// replace those; the values on the grid are the run's.
TEST(AdaptiveSlopeInitRuns, ResultFileRebuildsTheNetwork) {
  const auto path = temp_path("slope_init_eval.h5");
  const auto config = parse_config(drawn_burgers("taylor", 0), {"output.file=" + path});
  const auto result = train(config);
  ASSERT_EQ(result.status, "completed") << result.message;
  auto trained = load_trained_network(path, testing::builtin_registry());
  EXPECT_EQ(trained.description.mode, "neuron");
  EXPECT_EQ(trained.description.scale, 10.0);
  const auto stored = trained.net->named_parameters()["slope_0"];
  EXPECT_LT(stored.min().item<double>(), 0);
  EXPECT_LT(testing::max_difference_on_grid(trained.net, result), 1e-12);
  remove_outputs(path);
}

}  // namespace
}  // namespace pinn
