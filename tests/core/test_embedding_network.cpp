// The input embeddings in the network: Fourier features' B (seeded, N(0, sigma^2), a
// buffer that training leaves alone, the columns it gives), weight factorisation's
// s and V (W = diag(exp(s)) V, s ~ N(mean, std)), slopes still trained in every
// adaptive mode with both engines, and the saved network restored bit for bit.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "solver/autodiff/derivative_engine.h"
#include "solver/network/mlp.h"
#include "solver/run/resume.h"

namespace pinn {
namespace {

NetworkOptions options(int64_t features, uint64_t seed, bool factorized = false) {
  NetworkOptions o;
  o.inputs = 2;
  o.hidden = {16, 16};
  o.input_lo = {0, 0};
  o.input_hi = {1, 2};
  o.fourier.features = features;
  o.fourier.scale = 2.5;
  o.fourier.seed = seed;
  o.factorization.enabled = factorized;
  return o;
}

at::Tensor points(int64_t n) {
  torch::manual_seed(5);
  return torch::rand({n, 2}, torch::kFloat64) * torch::tensor({1.0, 2.0});
}

TEST(FourierFeatures, SameSeedSameMatrixAnotherSeedAnother) {
  torch::manual_seed(1);
  const Mlp a(options(8, 42));
  torch::manual_seed(2);  // the weights differ; B follows its own seed alone
  const Mlp b(options(8, 42));
  const Mlp c(options(8, 43));
  ASSERT_EQ(a->fourier_frequencies().sizes(), (std::vector<int64_t>{8, 2}));
  EXPECT_TRUE(torch::equal(a->fourier_frequencies(), b->fourier_frequencies()));
  EXPECT_FALSE(torch::equal(a->fourier_frequencies(), c->fourier_frequencies()));
  EXPECT_FALSE(torch::equal(a->hidden_layer(0)->weight, b->hidden_layer(0)->weight));
}

TEST(FourierFeatures, MatrixIsNormalWithTheScaleAsStandardDeviation) {
  const Mlp net(options(4000, 7));
  const auto b = net->fourier_frequencies();
  const double n = static_cast<double>(b.numel());
  // Within 5 standard errors of 0 and of sigma (fixed seed: deterministic).
  EXPECT_LT(std::abs(b.mean().item<double>()), 5 * 2.5 / std::sqrt(n));
  EXPECT_NEAR(b.std().item<double>(), 2.5, 5 * 2.5 / std::sqrt(2 * n));
}

TEST(FourierFeatures, ColumnsAreCosinesThenSinesThenUnreadInputs) {
  auto o = options(3, 9);
  o.fourier.inputs = {1};  // B reads t; x passes through
  const Mlp net(o);
  const auto x = points(10);
  const auto normalized = net->normalize(x);
  const auto theta = normalized.select(1, 1).unsqueeze(1).matmul(net->fourier_frequencies().t());
  const auto want = torch::cat({theta.cos(), theta.sin(), normalized.select(1, 0).unsqueeze(1)}, 1);
  EXPECT_TRUE(torch::allclose(net->features(x), want, 1e-15, 1e-15));
  EXPECT_EQ(net->hidden_layer(0)->weight.size(1), 7);
}

TEST(FourierFeatures, MatrixIsABufferNotAParameter) {
  Mlp net(options(6, 3));
  for (const auto& p : net->named_parameters())
    EXPECT_EQ(p.key().find("fourier"), std::string::npos);
  const auto buffers = net->named_buffers();
  ASSERT_TRUE(buffers.contains("fourier_frequencies"));
  EXPECT_FALSE(buffers["fourier_frequencies"].requires_grad());
}

TEST(WeightFactorization, EffectiveWeightIsExpOfScaleTimesV) {
  torch::manual_seed(4);
  NetworkOptions o = options(0, 0, true);
  o.hidden = {400, 400};
  o.factorization.mean = 1.0;
  o.factorization.std = 0.1;
  const Mlp net(o);
  const auto s = net->log_scale(1);
  ASSERT_EQ(s.sizes(), (std::vector<int64_t>{400}));
  EXPECT_NEAR(s.mean().item<double>(), 1.0, 5 * 0.1 / 20);
  EXPECT_NEAR(s.std().item<double>(), 0.1, 5 * 0.1 / std::sqrt(800.0));
  EXPECT_TRUE(torch::allclose(net->effective_weight(1),
                              s.exp().unsqueeze(1) * net->hidden_layer(1)->weight, 0, 0));
  EXPECT_TRUE(net->output_log_scale().defined());
  // V = W_init / exp(s): the effective weights keep the initialisation's spread
  // (xavier normal: std sqrt(2 / (400 + 400)) = 0.05), V is smaller by about e.
  EXPECT_NEAR(net->effective_weight(1).std().item<double>(), 0.05, 0.002);
  EXPECT_NEAR(net->hidden_layer(1)->weight.std().item<double>(), 0.05 / std::exp(1.0), 0.002);
  const auto names = net->named_parameters();
  EXPECT_TRUE(names.contains("hidden_0.log_scale"));
  EXPECT_TRUE(names.contains("output.log_scale"));
}

// A few Adam steps on a loss of u and u_xx: every slope, s and V move, B does not.
TEST(EmbeddingTraining, SlopesScalesAndWeightsTrainInEveryModeWithBothEngines) {
  at::set_num_threads(1);
  for (auto engine : {DerivativeEngine::Autograd, DerivativeEngine::Taylor}) {
    for (auto mode : {AdaptiveMode::Global, AdaptiveMode::Layer, AdaptiveMode::Neuron}) {
      auto o = options(5, 1, true);
      o.mode = mode;
      o.scale = 2;
      torch::manual_seed(8);
      Mlp net(o);
      const auto b = net->fourier_frequencies().clone();
      std::map<std::string, at::Tensor> before;
      for (const auto& p : net->named_parameters()) before[p.key()] = p.value().clone();
      torch::optim::Adam adam(net->parameters(), torch::optim::AdamOptions(1e-2));
      const auto x = points(64);
      for (int step = 0; step < 3; ++step) {
        adam.zero_grad();
        const auto f = evaluate_fields(engine, net, x, {Partial{}, Partial{0, 0}}, {"x", "t"});
        (f.get(Partial{}) - 1).pow(2).mean().add(f.get(Partial{0, 0}).pow(2).mean()).backward();
        adam.step();
      }
      const std::string what = to_string(engine) + " " + to_string(mode);
      for (const auto& p : net->named_parameters()) {
        EXPECT_FALSE(torch::equal(p.value(), before[p.key()])) << what << ": " << p.key();
      }
      EXPECT_TRUE(torch::equal(net->fourier_frequencies(), b)) << what;
    }
  }
}

// What a checkpoint stores: B, s, V, slopes and everything else, into a network drawn
// from other seeds, after which both give the same outputs to the last bit.
TEST(EmbeddingCheckpoint, SavedNetworkRestoresBitForBit) {
  auto o = options(6, 21, true);
  o.mode = AdaptiveMode::Neuron;
  torch::manual_seed(1);
  Mlp saved(o);
  o.fourier.seed = 22;
  torch::manual_seed(2);
  Mlp restored(o);
  ASSERT_FALSE(torch::equal(saved->fourier_frequencies(), restored->fourier_frequencies()));
  load_network_bytes(restored, network_bytes(saved));
  EXPECT_TRUE(torch::equal(saved->fourier_frequencies(), restored->fourier_frequencies()));
  const auto x = points(50);
  EXPECT_TRUE(torch::equal(saved->forward(x), restored->forward(x)));
}

}  // namespace
}  // namespace pinn
