// Data-parallel loss semantics, in one process: the shares of every point set are
// disjoint and make up the set, and the losses and gradients of the shares sum to
// the single-process loss and gradient (the identity the all-reduce relies on).

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "solver/config/source.h"
#include "solver/run/run.h"
#include "tests/core/support.h"

namespace pinn {
namespace {

RunConfig burgers(const std::string& dtype) {
  auto source = config::load_config_string(
      "problem: {name: burgers}\n"
      "network: {hidden: [12, 12], adaptive: {mode: neuron, scale: 2, slope_recovery: 0.5}}\n"
      "sampling: {residual: {points: 301}, initial: {points: 23}, boundary: {points: 17}}\n"
      "training: {threads: 1, dtype: " +
          dtype + "}\n",
      "test.yaml");
  return parse_run_config(source, testing::builtin_registry());
}

TEST(Sharding, SharesAreDisjointAndMakeUpTheSet) {
  const auto config = burgers("float64");
  const auto options = torch::TensorOptions().dtype(torch::kFloat64);
  const auto whole = sample_terms(config, options);
  for (int64_t count : {1, 2, 3, 7}) {
    std::vector<std::vector<at::Tensor>> parts(whole.size());
    for (int64_t rank = 0; rank < count; ++rank) {
      const auto shares = sample_terms(config, options, Shard{rank, count});
      ASSERT_EQ(shares.size(), whole.size());
      for (size_t t = 0; t < whole.size(); ++t) {
        EXPECT_EQ(shares[t].total_points, whole[t].points.size(0));
        // Balanced: shares differ by at most one point.
        EXPECT_LE(std::abs(shares[t].points.size(0) * count - whole[t].points.size(0)), count);
        parts[t].push_back(shares[t].points);
      }
    }
    for (size_t t = 0; t < whole.size(); ++t) {
      EXPECT_TRUE(at::equal(at::cat(parts[t]), whole[t].points))
          << whole[t].term.name << " in " << count;
    }
  }
  EXPECT_THROW(sample_terms(config, options, Shard{0, 18}), std::invalid_argument);
}

class ShardedLoss : public ::testing::TestWithParam<const char*> {};

TEST_P(ShardedLoss, SharesSumToTheWholeLossAndGradient) {
  const std::string dtype = GetParam();
  const double tolerance = dtype == "float64" ? 1e-12 : 1e-5;
  const auto config = burgers(dtype);
  auto whole = prepare_training(config);
  auto values = whole.loss.evaluate();
  values.total.backward();
  const auto params = whole.net->parameters();

  const int64_t count = 3;
  std::vector<double> total(1, 0.0), terms(values.terms.size(), 0.0);
  std::vector<at::Tensor> grads;
  for (const auto& p : params) grads.push_back(at::zeros_like(p, at::kDouble));
  for (int64_t rank = 0; rank < count; ++rank) {
    auto share = prepare_training(config, Shard{rank, count});
    auto v = share.loss.evaluate();
    v.total.backward();
    total[0] += v.total.item<double>();
    for (size_t i = 0; i < terms.size(); ++i) terms[i] += v.terms[i].item<double>();
    const auto share_params = share.net->parameters();
    ASSERT_EQ(share_params.size(), params.size());
    for (size_t i = 0; i < params.size(); ++i) {
      // Same seed: every process starts from the same network.
      EXPECT_TRUE(at::equal(share_params[i], params[i]));
      grads[i] += share_params[i].grad().to(at::kDouble);
    }
  }
  EXPECT_NEAR(total[0], values.total.item<double>(), tolerance * values.total.item<double>());
  for (size_t i = 0; i < terms.size(); ++i) {
    EXPECT_NEAR(terms[i], values.terms[i].item<double>(),
                tolerance * std::abs(values.terms[i].item<double>()))
        << whole.loss.term_names()[i];
  }
  for (size_t i = 0; i < params.size(); ++i) {
    const auto expected = params[i].grad().to(at::kDouble);
    const double scale = expected.abs().max().item<double>();
    EXPECT_LE((grads[i] - expected).abs().max().item<double>(), tolerance * scale) << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Dtypes, ShardedLoss, ::testing::Values("float64", "float32"));

}  // namespace
}  // namespace pinn
