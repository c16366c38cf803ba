// Loss balancing, causal and point weights against hand computations: grad_norm and ntk
// factors of two terms whose gradients differ by a known factor, their moving average,
// the kernel trace's estimate rows, updates held in quasi-Newton phases, causal weights
// exp(-epsilon cumsum) and the causal loss against a direct computation, epsilon's
// steps, and residual-based attention's update and its reset on new points.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "solver/training/causal_weighting.h"
#include "solver/training/loss.h"
#include "solver/training/loss_weighting.h"
#include "solver/training/point_attention.h"
#include "solver/training/term_balance.h"

namespace pinn {
namespace {

Mlp tiny_network() {
  torch::manual_seed(7);
  NetworkOptions o;
  o.inputs = 2;
  o.hidden = {6, 6};
  o.input_lo = {0, 0};
  o.input_hi = {1, 1};
  Mlp net(o);
  net->to(torch::kFloat64);
  return net;
}

LossTerm term(const std::string& name, double scale) {
  return {
      name, Region::Interior, 20, {Partial{}}, [scale](const Fields& f) { return scale * f.u(); }};
}

// Two terms on the same 20 points: 2u and u, so that grad L_a = 4 grad L_b and, point by
// point, |d(2u)/d theta|^2 = 4 |du/d theta|^2.
Loss two_terms(DerivativeEngine engine = DerivativeEngine::Autograd) {
  torch::manual_seed(3);
  const auto points = torch::rand({20, 2}, torch::kFloat64);
  return Loss(tiny_network(), {{term("a", 2.0), points}, {term("b", 1.0), points}}, {"x", "t"},
              {"u"}, 0, engine);
}

BalanceOptions balance(BalanceMethod method, double alpha) {
  BalanceOptions b;
  b.method = method;
  b.every = 1;
  b.alpha = alpha;
  return b;
}

TEST(LossBalancing, GradNormFactorsAreTheSumOfNormsOverEachNorm) {
  for (const auto engine : {DerivativeEngine::Autograd, DerivativeEngine::Taylor}) {
    const auto loss = two_terms(engine);
    const auto params = loss.net()->parameters();
    // The norms themselves, against a backward pass of each term alone.
    const auto values = loss.evaluate();
    const auto norms = gradient_norms(values, 2, params, nullptr);
    for (size_t i = 0; i < 2; ++i) {
      const auto grads = torch::autograd::grad({values.terms[i]}, params, {}, true);
      double squared = 0;
      for (const auto& g : grads) squared += g.pow(2).sum().item<double>();
      EXPECT_NEAR(norms[i], std::sqrt(squared), 1e-12 * norms[i]);
    }
    EXPECT_NEAR(norms[0] / norms[1], 4.0, 1e-12);

    auto w = LossWeighting::create(balance(BalanceMethod::GradNorm, 0), {}, loss, params, nullptr);
    EXPECT_TRUE(w->update(0, false));
    EXPECT_NEAR(w->factor(0), 5.0 / 4.0, 1e-12);  // (4 + 1) / 4
    EXPECT_NEAR(w->factor(1), 5.0, 1e-12);        // (4 + 1) / 1
    // The loss weighs each term by its factor.
    const auto weighted = loss.evaluate(w.get());
    EXPECT_NEAR(weighted.total.item<double>(),
                1.25 * values.terms[0].item<double>() + 5 * values.terms[1].item<double>(), 1e-14);
    EXPECT_EQ(w->recorded_weights(), (std::vector<double>{w->factor(0), w->factor(1)}));
  }
}

TEST(LossBalancing, FactorsMoveAsAMovingAverageFromOne) {
  const auto loss = two_terms();
  const auto params = loss.net()->parameters();
  auto w = LossWeighting::create(balance(BalanceMethod::GradNorm, 0.9), {}, loss, params, nullptr);
  w->update(0, false);
  EXPECT_NEAR(w->factor(0), 0.9 + 0.1 * 1.25, 1e-12);
  EXPECT_NEAR(w->factor(1), 0.9 + 0.1 * 5, 1e-12);
  w->update(1, false);  // the same network: the same fresh factors
  EXPECT_NEAR(w->factor(0), 0.9 * 1.025 + 0.1 * 1.25, 1e-12);
  EXPECT_NEAR(w->factor(1), 0.9 * 1.4 + 0.1 * 5, 1e-12);
  EXPECT_EQ(moving_average({1, 2}, {3, 4}, 0.5), (std::vector<double>{2, 3}));
  // A term without gradient keeps its factor.
  EXPECT_EQ(balanced_factors({2, 0}, {7, 9}), (std::vector<double>{1, 9}));
}

TEST(LossBalancing, NtkFactorsFromTheTraceEstimate) {
  const auto loss = two_terms(DerivativeEngine::Taylor);
  const auto params = loss.net()->parameters();
  const auto traces = kernel_traces(loss, params, 8, nullptr);
  // Term b's estimate by hand: the mean over rows 0, 2, 5, 7, 10, 12, 15, 17 of
  // |du(x_p)/d theta|^2, one point at a time.
  EXPECT_EQ(estimate_rows(20, 8), (std::vector<int64_t>{0, 2, 5, 7, 10, 12, 15, 17}));
  EXPECT_EQ(estimate_rows(3, 64), (std::vector<int64_t>{0, 1, 2}));
  double sum = 0;
  for (const auto row : estimate_rows(20, 8)) {
    auto net = loss.net();  // a handle on the same module
    const auto u = net->forward(loss.batches()[1].points.narrow(0, row, 1)).sum();
    for (const auto& g : torch::autograd::grad({u}, params)) sum += g.pow(2).sum().item<double>();
  }
  EXPECT_NEAR(traces[1], sum / 8, 1e-12 * traces[1]);
  EXPECT_NEAR(traces[0], 4 * traces[1], 1e-12 * traces[0]);

  auto options = balance(BalanceMethod::Ntk, 0);
  options.points = 8;
  auto w = LossWeighting::create(options, {}, loss, params, nullptr);
  w->update(0, false);
  EXPECT_NEAR(w->factor(0), 1.25, 1e-12);
  EXPECT_NEAR(w->factor(1), 5.0, 1e-12);
}

TEST(LossBalancing, HeldInQuasiNewtonPhasesUnlessAskedToUpdate) {
  const auto loss = two_terms();
  const auto params = loss.net()->parameters();
  auto options = balance(BalanceMethod::GradNorm, 0);
  options.every = 5;
  auto w = LossWeighting::create(options, {}, loss, params, nullptr);
  EXPECT_FALSE(w->update(3, false));  // not a multiple of every
  EXPECT_FALSE(w->update(5, true));   // a quasi-Newton phase
  EXPECT_EQ(w->factor(0), 1.0);
  EXPECT_GT(w->until_update(5, true), 1000000);
  EXPECT_EQ(w->until_update(7, false), 3);
  EXPECT_TRUE(w->update(0, true));  // iteration 0 starts the weights in any phase
  EXPECT_NEAR(w->factor(0), 1.25, 1e-12);
  options.update_in_quasi_newton = true;
  auto updating = LossWeighting::create(options, {}, loss, params, nullptr);
  EXPECT_TRUE(updating->update(5, true));
  EXPECT_EQ(updating->until_update(7, true), 3);
}

TEST(CausalWeights, ExpOfMinusEpsilonTimesTheLossesBefore) {
  const auto w = causal_weights({0.5, 2.0, 1.0, 4.0}, 0.3);
  ASSERT_EQ(w.size(), 4u);
  EXPECT_EQ(w[0], 1.0);
  EXPECT_DOUBLE_EQ(w[1], std::exp(-0.3 * 0.5));
  EXPECT_DOUBLE_EQ(w[2], std::exp(-0.3 * 2.5));
  EXPECT_DOUBLE_EQ(w[3], std::exp(-0.3 * 3.5));
}

CausalOptions causal(int64_t bins, std::vector<double> epsilon) {
  CausalOptions c;
  c.bins = bins;
  c.epsilon = std::move(epsilon);
  c.time_column = 1;
  c.t_lo = 0;
  c.t_hi = 2;
  return c;
}

TEST(CausalWeights, LossIsTheMeanOverFilledBinsOfWeightTimesBinLoss) {
  // Times in [0, 2] over 4 bins of 0.5, bin 2 left empty; t = 2 belongs to the last bin.
  const std::vector<double> t = {0.1, 0.4, 0.7, 0.9, 1.6, 2.0, 1.9, 0.2};
  const std::vector<double> r = {1.0, -2.0, 0.5, 3.0, 1.5, -1.0, 0.25, 2.0};
  auto points = torch::zeros({8, 2}, torch::kFloat64);
  for (int64_t i = 0; i < 8; ++i) points[i][1] = t[static_cast<size_t>(i)];
  const auto squared = torch::tensor(r, torch::kFloat64).pow(2);
  const auto options = causal(4, {0.5});
  const auto bins = time_bins(points, options);
  const std::vector<int64_t> expected_bins = {0, 0, 1, 1, 3, 3, 3, 0};
  for (int64_t i = 0; i < 8; ++i) EXPECT_EQ(bins[i].item<int64_t>(), expected_bins[size_t(i)]);

  // Directly: bin losses, weights, and the mean over the three filled bins.
  const double l0 = (1 + 4 + 4) / 3.0, l1 = (0.25 + 9) / 2.0, l3 = (2.25 + 1 + 0.0625) / 3.0;
  const double w1 = std::exp(-0.5 * l0), w3 = std::exp(-0.5 * (l0 + l1));
  CausalWeighting weighting(options, nullptr);
  const double loss = weighting.loss(points, squared, true).item<double>();
  EXPECT_NEAR(loss, (l0 + w1 * l1 + w3 * l3) / 3, 1e-15);
  ASSERT_EQ(weighting.weights().size(), 4u);
  EXPECT_DOUBLE_EQ(weighting.weights()[1], w1);
  EXPECT_DOUBLE_EQ(weighting.weights()[2], w3);  // the empty bin adds no loss
  EXPECT_DOUBLE_EQ(weighting.min_weight(), w3);
  // Without recomputing, the weights stay while the residuals change.
  const double held = weighting.loss(points, 4 * squared, false).item<double>();
  EXPECT_NEAR(held, 4 * loss, 1e-14);
}

TEST(CausalWeights, EpsilonMovesOnOnceEveryBinWeighsMoreThanTheThreshold) {
  auto points = torch::zeros({4, 2}, torch::kFloat64);
  for (int64_t i = 0; i < 4; ++i) points[i][1] = 0.5 * double(i) + 0.1;
  const auto squared = torch::full({4}, 0.001, torch::kFloat64);
  CausalWeighting weighting(causal(4, {0.1, 100.0}), nullptr);
  weighting.loss(points, squared, true);  // weights >= exp(-0.1 * 0.003) > 0.99
  EXPECT_EQ(weighting.stage(), 0);
  EXPECT_DOUBLE_EQ(weighting.min_weight(), std::exp(-0.1 * 0.003));
  weighting.loss(points, squared, false);  // held: no step
  EXPECT_EQ(weighting.stage(), 0);
  weighting.loss(points, squared, true);  // the next epsilon
  EXPECT_EQ(weighting.stage(), 1);
  EXPECT_EQ(weighting.epsilon(), 100.0);
  EXPECT_DOUBLE_EQ(weighting.min_weight(), std::exp(-100 * 0.003));
  weighting.loss(points, squared, true);  // exp(-100 * 0.003) < 0.99, and the last: stays
  EXPECT_EQ(weighting.stage(), 1);
}

TEST(PointAttention, WeightsMoveByTheScaledResidualAndRestartOnNewPoints) {
  const auto points = torch::rand({4, 2}, torch::kFloat64);
  TermBatch batch{term("a", 1.0), points};
  const auto residual = torch::tensor({{1.0}, {-4.0}, {2.0}, {0.0}}, torch::kFloat64);
  const auto squared = residual.pow(2).sum(1);
  PointAttention attention(0.9, 0.1, 1, nullptr);
  // Not updated: weights 1.
  EXPECT_TRUE(attention.weigh(0, batch, residual, squared, false).equal(squared));
  const auto weighed = attention.weigh(0, batch, residual, squared, true);
  const std::vector<double> lambda = {0.9 + 0.1 * 0.25, 0.9 + 0.1, 0.9 + 0.1 * 0.5, 0.9};
  EXPECT_EQ(attention.gather(0, batch), lambda);
  for (int64_t p = 0; p < 4; ++p) {
    EXPECT_DOUBLE_EQ(weighed[p].item<double>(),
                     lambda[size_t(p)] * lambda[size_t(p)] * squared[p].item<double>());
  }
  EXPECT_DOUBLE_EQ(attention.means({batch})[0],
                   (lambda[0] + lambda[1] + lambda[2] + lambda[3]) / 4);
  // Redrawn points (a new tensor) start again at 1.
  TermBatch redrawn{term("a", 1.0), points.clone()};
  EXPECT_EQ(attention.gather(0, redrawn), (std::vector<double>(4, 1.0)));
  // Restored from a whole set's weights.
  attention.restore(0, redrawn, lambda);
  EXPECT_EQ(attention.gather(0, redrawn), lambda);
}

}  // namespace
}  // namespace pinn
