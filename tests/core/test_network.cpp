// The adaptive MLP: slope parameters per mode, n*a = 1 at start, the
// slope-recovery term against hand computations, and gradients reaching slopes.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <sstream>

#include "solver/network/mlp.h"

namespace pinn {
namespace {

NetworkOptions options(AdaptiveMode mode, double scale = 1.0) {
  NetworkOptions o;
  o.inputs = 2;
  o.hidden = {5, 7, 3};
  o.mode = mode;
  o.scale = scale;
  o.input_lo = {-1, 0};
  o.input_hi = {1, 1};
  return o;
}

int64_t count_named(const Mlp& net, const std::string& prefix) {
  int64_t n = 0;
  for (const auto& p : net->named_parameters()) {
    if (p.key().rfind(prefix, 0) == 0) n += p.value().numel();
  }
  return n;
}

TEST(Mlp, SlopeParameterCountsPerMode) {
  EXPECT_EQ(count_named(Mlp(options(AdaptiveMode::Fixed)), "slope"), 0);
  EXPECT_EQ(count_named(Mlp(options(AdaptiveMode::Global)), "slope"), 1);
  EXPECT_EQ(count_named(Mlp(options(AdaptiveMode::Layer)), "slope"), 3);
  EXPECT_EQ(count_named(Mlp(options(AdaptiveMode::Neuron)), "slope"), 5 + 7 + 3);
  for (auto mode :
       {AdaptiveMode::Fixed, AdaptiveMode::Global, AdaptiveMode::Layer, AdaptiveMode::Neuron}) {
    Mlp net(options(mode));
    EXPECT_EQ(count_named(net, "slope"), net->slope_count()) << to_string(mode);
    // Weights and biases: 2*5+5 + 5*7+7 + 7*3+3 + 3*1+1.
    EXPECT_EQ(count_named(net, "hidden_") + count_named(net, "output"), 85);
  }
}

TEST(Mlp, SlopesStartAtOneOverScale) {
  for (auto mode : {AdaptiveMode::Global, AdaptiveMode::Layer, AdaptiveMode::Neuron}) {
    Mlp net(options(mode, 10.0));
    for (int64_t k = 0; k < net->hidden_layers(); ++k) {
      EXPECT_TRUE(torch::allclose(net->effective_slope(k), torch::ones({1}, torch::kFloat64)))
          << to_string(mode);
    }
    for (const auto& p : net->named_parameters()) {
      if (p.key().rfind("slope", 0) == 0) {
        EXPECT_TRUE(torch::allclose(p.value(), torch::full_like(p.value(), 0.1)));
      }
    }
  }
}

TEST(Mlp, AdaptiveNetworkStartsAsTheFixedOne) {
  // Slopes use no random numbers, so equal seeds give equal weights.
  torch::manual_seed(3);
  Mlp fixed(options(AdaptiveMode::Fixed));
  const auto x = torch::rand({16, 2}, torch::kFloat64);
  const auto u_fixed = fixed->forward(x);
  for (auto mode : {AdaptiveMode::Global, AdaptiveMode::Layer, AdaptiveMode::Neuron}) {
    torch::manual_seed(3);
    Mlp adaptive(options(mode, 5.0));
    EXPECT_TRUE(torch::allclose(adaptive->forward(x), u_fixed, 1e-14, 1e-14)) << to_string(mode);
  }
}

TEST(Mlp, ForwardIsSigmaOfScaledPreactivation) {
  // One hidden layer, neuron-wise: u = W2 tanh(n a * (W1 x_n + b1)) + b2.
  NetworkOptions o = options(AdaptiveMode::Neuron, 2.0);
  o.hidden = {4};
  Mlp net(o);
  {
    torch::NoGradGuard guard;
    net->named_parameters()["slope_0"].copy_(torch::tensor({0.3, 0.5, 0.7, 0.9}, torch::kFloat64));
  }
  const auto x = torch::tensor({{0.2, 0.4}, {-0.6, 0.9}}, torch::kFloat64);
  const auto xn =
      (x - torch::tensor({0.0, 0.5}, torch::kFloat64)) * torch::tensor({1.0, 2.0}, torch::kFloat64);
  const auto& l1 = net->hidden_layer(0);
  const auto& l2 = net->output_layer();
  const auto c = 2.0 * torch::tensor({0.3, 0.5, 0.7, 0.9}, torch::kFloat64);
  const auto expected =
      torch::tanh(c * (xn.matmul(l1->weight.t()) + l1->bias)).matmul(l2->weight.t()) + l2->bias;
  EXPECT_TRUE(torch::allclose(net->forward(x), expected, 1e-14, 1e-14));
}

TEST(Mlp, SlopeRecoveryMatchesHandComputation) {
  // Layer-wise, slopes 0.1, 0.2, 0.3: S = 1 / ((e^0.1 + e^0.2 + e^0.3) / 3).
  Mlp layer(options(AdaptiveMode::Layer));
  {
    torch::NoGradGuard guard;
    auto params = layer->named_parameters();
    params["slope_0"].fill_(0.1);
    params["slope_1"].fill_(0.2);
    params["slope_2"].fill_(0.3);
  }
  const double expected_layer = 1.0 / ((std::exp(0.1) + std::exp(0.2) + std::exp(0.3)) / 3.0);
  EXPECT_NEAR(layer->slope_recovery().item<double>(), expected_layer, 1e-15);

  // Neuron-wise: the mean over each layer's neurons enters the exponential.
  Mlp neuron(options(AdaptiveMode::Neuron));
  {
    torch::NoGradGuard guard;
    auto params = neuron->named_parameters();
    params["slope_0"].copy_(torch::tensor({0.1, 0.2, 0.3, 0.4, 0.5}, torch::kFloat64));
    params["slope_1"].fill_(1.0);
    params["slope_2"].copy_(torch::tensor({-1.0, 0.0, 1.0}, torch::kFloat64));
  }
  const double expected_neuron = 1.0 / ((std::exp(0.3) + std::exp(1.0) + std::exp(0.0)) / 3.0);
  EXPECT_NEAR(neuron->slope_recovery().item<double>(), expected_neuron, 1e-15);

  // Global: every layer shares a, so S = exp(-a).
  Mlp global(options(AdaptiveMode::Global, 4.0));
  EXPECT_NEAR(global->slope_recovery().item<double>(), std::exp(-0.25), 1e-15);

  EXPECT_THROW(Mlp(options(AdaptiveMode::Fixed))->slope_recovery(), std::logic_error);
}

TEST(Mlp, GradientsReachEverySlope) {
  for (auto mode : {AdaptiveMode::Global, AdaptiveMode::Layer, AdaptiveMode::Neuron}) {
    Mlp net(options(mode, 10.0));
    const auto x = torch::rand({32, 2}, torch::kFloat64);
    (net->forward(x).pow(2).mean() + net->slope_recovery()).backward();
    for (const auto& p : net->named_parameters()) {
      if (p.key().rfind("slope", 0) != 0) continue;
      ASSERT_TRUE(p.value().grad().defined()) << p.key();
      EXPECT_GT(p.value().grad().abs().min().item<double>(), 0.0)
          << to_string(mode) << " " << p.key();
    }
  }
}

TEST(Mlp, SavedStateHoldsTheSlopes) {
  Mlp net(options(AdaptiveMode::Neuron, 5.0));
  {
    torch::NoGradGuard guard;
    net->named_parameters()["slope_1"].fill_(0.42);
  }
  std::stringstream buffer;
  torch::save(net, buffer);
  Mlp restored(options(AdaptiveMode::Neuron, 5.0));
  torch::load(restored, buffer);
  EXPECT_TRUE(torch::equal(restored->named_parameters()["slope_1"],
                           torch::full({7}, 0.42, torch::kFloat64)));
}

TEST(Mlp, ConvertsToFloat32WithSharedGlobalSlope) {
  Mlp net(options(AdaptiveMode::Global, 2.0));
  net->to(torch::kFloat32);
  for (const auto& p : net->parameters()) EXPECT_EQ(p.scalar_type(), torch::kFloat32);
  const auto u = net->forward(torch::rand({4, 2}, torch::kFloat32));
  EXPECT_EQ(u.scalar_type(), torch::kFloat32);
  EXPECT_EQ(net->effective_slope(2).scalar_type(), torch::kFloat32);
}

TEST(Mlp, PytorchDefaultInitDrawsWeightsAndBiasesAsTorchNnLinear) {
  torch::manual_seed(3);
  auto o = options(AdaptiveMode::Layer, 10.0);
  o.hidden = {300, 300};
  o.init = "pytorch_default";
  Mlp net(o);
  const auto params = net->named_parameters();
  int64_t checked = 0;
  for (const auto& p : params) {
    const auto& key = p.key();
    const auto dot = key.rfind('.');
    if (dot == std::string::npos) continue;  // the slopes: slope_<k>
    const auto layer = key.substr(0, dot);
    const double bound = 1.0 / std::sqrt(static_cast<double>(params[layer + ".weight"].size(1)));
    const auto values = p.value().detach().to(torch::kFloat64);
    EXPECT_LE(values.abs().max().item<double>(), bound) << key;
    // Biases are drawn too: nonzero, and a layer's fill its interval.
    EXPECT_GT(values.abs().min().item<double>(), 0.0) << key;
    if (values.numel() >= 300) EXPECT_GT(values.abs().max().item<double>(), 0.9 * bound) << key;
    if (values.numel() >= 90000) {  // the 300 x 300 weights: the spread of U(-b, b)
      EXPECT_NEAR(values.std().item<double>(), bound / std::sqrt(3.0), 0.02 * bound) << key;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 6);  // three layers' weights and biases
  // The other initialisations start the biases at zero.
  o.init = "xavier_normal";
  Mlp xavier(o);
  EXPECT_EQ(xavier->named_parameters()["output.bias"].abs().max().item<double>(), 0.0);
}

TEST(NetworkOptions, ValidationNamesFieldValueAndRule) {
  auto o = options(AdaptiveMode::Global);
  o.scale = 0.5;
  try {
    o.validate();
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("scale = 0.5"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("must be >= 1"), std::string::npos) << e.what();
  }
  o = options(AdaptiveMode::Fixed);
  o.hidden = {4, 0};
  EXPECT_THROW(o.validate(), std::invalid_argument);
  o = options(AdaptiveMode::Fixed);
  o.input_hi = {1, -1};
  EXPECT_THROW(o.validate(), std::invalid_argument);
  EXPECT_THROW(parse_adaptive_mode("neurons"), std::invalid_argument);
}

}  // namespace
}  // namespace pinn
