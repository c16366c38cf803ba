// Adaptive slopes drawn at start (network.adaptive.init xavier_uniform, PINNacle's LAAF):
// the matrix of each mode within its bound and with the variance of U(-b, b), the same
// slopes for the same seed whatever the thread count and the global generator, the
// constant default unchanged to the last bit, every bad value refused naming its key,
// and the summaries of signed slopes (slope recovery, a layer's mean |n a|).

#include <gtest/gtest.h>
#include <torch/nn/init.h>
#include <torch/torch.h>

#include <cmath>
#include <limits>
#include <regex>

#include "solver/network/mlp.h"
#include "solver/network/slope_init.h"
#include "solver/training/history.h"
#include "tests/core/support.h"

namespace pinn {
namespace {

using testing::config_error_of;
using testing::parse_config;

NetworkOptions options(AdaptiveMode mode, std::vector<int64_t> hidden, uint64_t seed = 7) {
  NetworkOptions o;
  o.inputs = 2;
  o.hidden = std::move(hidden);
  o.mode = mode;
  o.scale = 10.0;
  o.input_lo = {0, 0};
  o.input_hi = {1, 1};
  o.slope_init.method = "xavier_uniform";
  o.slope_init.seed = seed;
  return o;
}

// Every slope of the network in one float64 vector, layer after layer.
torch::Tensor slopes_of(Mlp& net) {
  std::vector<torch::Tensor> all;
  for (const auto& p : net->named_parameters()) {
    if (p.key().rfind("slope", 0) == 0) all.push_back(p.value().detach().flatten());
  }
  return torch::cat(all).to(torch::kFloat64);
}

TEST(AdaptiveSlopeInit, TheBoundIsPyTorchsXavierUniformOfTheSlopeMatrix) {
  // PyTorch's fans of a (layers x width) matrix: fan_in = width, fan_out = layers.
  const auto [fan_in, fan_out] =
      torch::nn::init::_calculate_fan_in_and_fan_out(torch::empty({5, 100}));
  EXPECT_EQ(fan_in, 100);
  EXPECT_EQ(fan_out, 5);
  EXPECT_DOUBLE_EQ(xavier_slope_bound(5, 100, 1.4), 1.4 * std::sqrt(6.0 / (100 + 5)));
  EXPECT_DOUBLE_EQ(xavier_slope_bound(5, 1, 1.4), 1.4 * std::sqrt(1.0));
  EXPECT_DOUBLE_EQ(xavier_slope_bound(1, 1, 2.0), 2.0 * std::sqrt(3.0));
}

TEST(AdaptiveSlopeInit, EachModeDrawsItsMatrixWithinTheBound) {
  struct Case {
    AdaptiveMode mode;
    int64_t rows, columns, parameters;
  };
  for (const auto& c : {Case{AdaptiveMode::Neuron, 5, 100, 5}, Case{AdaptiveMode::Layer, 5, 1, 5},
                        Case{AdaptiveMode::Global, 1, 1, 1}}) {
    const auto o = options(c.mode, std::vector<int64_t>(5, 100));
    const auto drawn = draw_slopes(o);
    ASSERT_TRUE(drawn.defined());
    EXPECT_EQ(drawn.sizes().vec(), (std::vector<int64_t>{c.rows, c.columns})) << to_string(c.mode);
    EXPECT_EQ(drawn.scalar_type(), torch::kFloat64);
    const double bound = xavier_slope_bound(c.rows, c.columns, 1.4);
    EXPECT_LE(drawn.abs().max().item<double>(), bound);

    Mlp net(o);
    int64_t count = 0;
    for (const auto& p : net->named_parameters()) count += p.key().rfind("slope", 0) == 0;
    EXPECT_EQ(count, c.parameters);
    // Row k starts hidden layer k; n a is what the activation reads.
    for (int64_t k = 0; k < net->hidden_layers(); ++k) {
      const auto row = drawn[c.mode == AdaptiveMode::Global ? 0 : k];
      EXPECT_TRUE(torch::equal(net->effective_slope(k), 10.0 * row)) << k;
    }
  }
}

TEST(AdaptiveSlopeInit, FiveLayersOfAHundredHaveTheVarianceOfTheUniform) {
  const double bound = xavier_slope_bound(5, 100, 1.4);
  // 500 draws of U(-b, b): variance b^2/3, and the sample variance's standard deviation
  // sqrt((mu4 - sigma^4) / N) = b^2 sqrt((1/5 - 1/9) / 500) = 0.040 b^2/3; the mean's is
  // b / sqrt(3 * 500). Each seed within 5 of them.
  const double variance = bound * bound / 3;
  const double variance_sd = bound * bound * std::sqrt((1.0 / 5 - 1.0 / 9) / 500);
  for (uint64_t seed = 0; seed < 8; ++seed) {
    const auto a = draw_slopes(options(AdaptiveMode::Neuron, std::vector<int64_t>(5, 100), seed));
    EXPECT_LE(a.abs().max().item<double>(), bound);
    EXPECT_GT(a.abs().max().item<double>(), 0.95 * bound);  // reaches near the edges
    EXPECT_NEAR(a.var().item<double>(), variance, 5 * variance_sd) << "seed " << seed;
    EXPECT_NEAR(a.mean().item<double>(), 0.0, 5 * bound / std::sqrt(1500.0)) << "seed " << seed;
    EXPECT_GT((a < 0).sum().item<int64_t>(), 200);
    EXPECT_GT((a > 0).sum().item<int64_t>(), 200);
  }
}

TEST(AdaptiveSlopeInit, TheSeedAloneDecidesTheSlopes) {
  const auto o = options(AdaptiveMode::Neuron, {30, 30, 30}, 42);
  at::set_num_threads(1);
  torch::manual_seed(1);
  Mlp one_thread(o);
  at::set_num_threads(4);
  torch::manual_seed(2);  // other weights, the same slopes
  Mlp four_threads(o);
  at::set_num_threads(1);
  EXPECT_TRUE(torch::equal(slopes_of(one_thread), slopes_of(four_threads)));
  EXPECT_FALSE(
      torch::equal(one_thread->hidden_layer(0)->weight, four_threads->hidden_layer(0)->weight));
  Mlp other(options(AdaptiveMode::Neuron, {30, 30, 30}, 43));
  EXPECT_FALSE(torch::equal(slopes_of(one_thread), slopes_of(other)));
  // The draw takes nothing from the global generator: the weights are those of constant slopes.
  auto constant = o;
  constant.slope_init.method = "constant";
  torch::manual_seed(5);
  Mlp drawn_net(o);
  torch::manual_seed(5);
  Mlp constant_net(constant);
  for (int64_t k = 0; k < 3; ++k) {
    EXPECT_TRUE(
        torch::equal(drawn_net->hidden_layer(k)->weight, constant_net->hidden_layer(k)->weight));
  }
  // Cast to float32 from the float64 draw.
  drawn_net->to(torch::kFloat32);
  EXPECT_TRUE(torch::equal(drawn_net->named_parameters()["slope_1"],
                           draw_slopes(o)[1].to(torch::kFloat32)));
}

TEST(AdaptiveSlopeInit, TheConstantDefaultIsUnchanged) {
  for (auto mode : {AdaptiveMode::Global, AdaptiveMode::Layer, AdaptiveMode::Neuron}) {
    auto o = options(mode, {7, 5});
    o.slope_init = SlopeInitOptions{};
    EXPECT_EQ(o.slope_init.method, "constant");
    EXPECT_FALSE(draw_slopes(o).defined());
    Mlp net(o);
    for (const auto& p : net->named_parameters()) {
      if (p.key().rfind("slope", 0) != 0) continue;
      EXPECT_TRUE(torch::equal(p.value(), torch::full(p.value().sizes(), 1.0 / 10.0,
                                                      torch::TensorOptions(torch::kFloat64))))
          << p.key();
    }
  }
  // A config without the keys: constant, and nothing new in the resolved config.
  const auto c = parse_config("problem: {name: burgers}\nnetwork: {adaptive: {mode: neuron}}\n");
  EXPECT_EQ(c.network.slope_init.method, "constant");
  EXPECT_EQ(c.resolved_yaml.find("init: constant"), std::string::npos) << c.resolved_yaml;
  EXPECT_EQ(c.resolved_yaml.find("gain"), std::string::npos) << c.resolved_yaml;
  // Fixed mode ignores the draw, though validate() refuses asking for it.
  auto fixed = options(AdaptiveMode::Fixed, {4});
  EXPECT_FALSE(draw_slopes(fixed).defined());
}

TEST(AdaptiveSlopeInit, NetworkOptionsRefuseWhatCannotBeDrawn) {
  const auto message = [](NetworkOptions o) {
    try {
      o.validate();
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  auto o = options(AdaptiveMode::Neuron, {8, 8});
  EXPECT_EQ(message(o), "accepted");
  o.slope_init.method = "normal";
  EXPECT_NE(message(o).find("slope_init.method = normal: must be one of"), std::string::npos);
  o = options(AdaptiveMode::Neuron, {8, 8});
  for (double gain : {0.0, -1.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
    o.slope_init.gain = gain;
    EXPECT_NE(message(o).find("slope_init.gain"), std::string::npos) << gain;
  }
  o = options(AdaptiveMode::Fixed, {8, 8});
  EXPECT_NE(message(o).find("mode fixed has none"), std::string::npos) << message(o);
  o = options(AdaptiveMode::Neuron, {8, 6});
  EXPECT_NE(message(o).find("same width; hidden[1] = 6"), std::string::npos) << message(o);
  EXPECT_THROW(Mlp{o}, std::invalid_argument);
  EXPECT_EQ(message(options(AdaptiveMode::Layer, {8, 6})), "accepted");
}

const std::string kBurgers = "problem: {name: burgers}\n";

std::string with_adaptive(const std::string& adaptive, const std::string& hidden = "[8, 8]") {
  return kBurgers + "network:\n  hidden: " + hidden + "\n  adaptive: {" + adaptive + "}\n";
}

TEST(AdaptiveSlopeInitConfig, ReadsInitAndGainSeededByTheRun) {
  const auto c = parse_config(with_adaptive("mode: neuron, scale: 10, init: xavier_uniform"),
                              {"training.seed=31"});
  EXPECT_EQ(c.network.slope_init.method, "xavier_uniform");
  EXPECT_EQ(c.network.slope_init.gain, 1.4);
  EXPECT_EQ(c.network.slope_init.seed, 31u);
  // pinn check's resolved config names the gain used.
  EXPECT_NE(c.resolved_yaml.find("init: xavier_uniform"), std::string::npos) << c.resolved_yaml;
  EXPECT_NE(c.resolved_yaml.find("gain: 1.4"), std::string::npos) << c.resolved_yaml;
  const auto g = parse_config(with_adaptive("mode: layer, init: xavier_uniform, gain: 2.5", "[8]"));
  EXPECT_EQ(g.network.slope_init.gain, 2.5);
  EXPECT_EQ(parse_config(with_adaptive("mode: global, init: constant")).network.slope_init.method,
            "constant");
}

TEST(AdaptiveSlopeInitConfig, EveryBadValueNamesItsKey) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"mode: neuron, init: normal",
       "key 'network.adaptive.init': value 'normal' must be one of: constant, xavier_uniform"},
      {"mode: neuron, init: 3", "key 'network.adaptive.init'"},
      {"mode: neuron, init: xavier_uniform, gain: 0",
       "key 'network.adaptive.gain': value 0 must be > 0"},
      {"mode: neuron, init: xavier_uniform, gain: -1.4",
       "key 'network.adaptive.gain': value -1.4 must be > 0"},
      {"mode: neuron, init: xavier_uniform, gain: .inf", "key 'network.adaptive.gain'"},
      {"mode: neuron, init: xavier_uniform, gain: .nan", "key 'network.adaptive.gain'"},
      {"mode: neuron, init: xavier_uniform, gain: big", "key 'network.adaptive.gain'"},
      {"mode: neuron, gain: 1.4",
       "key 'network.adaptive.gain': value 1.4 with network.adaptive.init constant: gain scales "
       "the bound of drawn slopes only"},
      {"mode: neuron, init: constant, gain: 2", "key 'network.adaptive.gain': value 2 with"},
      {"mode: fixed, init: xavier_uniform",
       "key 'network.adaptive.init': value 'xavier_uniform' with network.adaptive.mode fixed: "
       "there are no slopes to draw"},
      {"init: xavier_uniform", "key 'network.adaptive.init': value 'xavier_uniform' with"},
      {"mode: fixed, gain: 2", "key 'network.adaptive.gain'"},
  };
  const std::regex located("^cfg\\.yaml:[0-9]+:[0-9]+: ");
  for (const auto& [adaptive, want] : cases) {
    const auto error = config_error_of(with_adaptive(adaptive));
    EXPECT_NE(error.find(want), std::string::npos) << adaptive << "\n  gave: " << error;
    EXPECT_TRUE(std::regex_search(error, located)) << error;
  }
  const auto widths =
      config_error_of(with_adaptive("mode: neuron, init: xavier_uniform", "[8, 8, 6]"));
  EXPECT_NE(widths.find("key 'network.adaptive.init': value 'xavier_uniform' in neuron mode draws "
                        "the slopes as one (hidden layers x width) matrix, which needs every "
                        "hidden layer of the same width, but network.hidden is [8, 8, 6]"),
            std::string::npos)
      << widths;
  EXPECT_TRUE(std::regex_search(widths, located)) << widths;
}

TEST(AdaptiveSlopeInit, SlopeRecoveryTakesSignedSlopes) {
  // S(a) = 1 / ((1/L) sum_k exp(mean_i a_i^k)) is finite for any sign, and its gradient too.
  Mlp net(options(AdaptiveMode::Neuron, {6, 6}, 3));
  const auto a0 = net->named_parameters()["slope_0"].detach();
  const auto a1 = net->named_parameters()["slope_1"].detach();
  const double expected =
      1.0 / ((std::exp(a0.mean().item<double>()) + std::exp(a1.mean().item<double>())) / 2);
  const auto s = net->slope_recovery();
  EXPECT_NEAR(s.item<double>(), expected, 1e-14);
  s.backward();
  EXPECT_TRUE(torch::isfinite(net->named_parameters()["slope_0"].grad()).all().item<bool>());
  EXPECT_LT(net->named_parameters()["slope_0"].grad().max().item<double>(),
            0);  // S falls as a rises
}

TEST(AdaptiveSlopeInit, ALayersSummaryIsItsMeanMagnitude) {
  History h;
  h.slope_widths = {3, 1};
  // Two records; the last one counts. Neuron slopes of either sign would cancel in a
  // signed mean (-1 + 2 - 1 = 0); the layer's one slope keeps its sign.
  h.slopes = {{5, 5, 5, -1.0, 2.0, -1.0}, {1.0, -0.25}};
  const auto means = final_layer_slopes(h);
  ASSERT_EQ(means.size(), 2u);
  EXPECT_DOUBLE_EQ(means[0], 4.0 / 3.0);
  EXPECT_DOUBLE_EQ(means[1], -0.25);
}

}  // namespace
}  // namespace pinn
