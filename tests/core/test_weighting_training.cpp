// Trainings with loss balancing and causal weights: the weights are recorded in /history
// and /training, move in Adam and stay in quasi-Newton phases (unless asked to move), and
// combine with every adaptive mode, both engines and resampling.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "solver/config/source.h"
#include "solver/io/result.h"
#include "solver/run/run.h"
#include "tests/core/support.h"

namespace pinn {
namespace {

using testing::temp_path;

// Trains and returns the result as read back from its file.
ResultData train(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
  auto source = config::load_config_string(yaml, "test.yaml");
  const auto path = temp_path("weighting.h5");
  config::apply_override(source, "output.file=" + path);
  for (const auto& o : overrides) config::apply_override(source, o);
  const auto config = parse_run_config(source, testing::builtin_registry());
  RunSettings settings;
  settings.log = stdout;
  const auto result = run_training(config, settings);
  EXPECT_EQ(result.status, "completed") << result.message;
  auto stored = read_result(path);
  for (const auto* extension : {".h5", ".xmf", ".space-time.xmf"}) {
    std::filesystem::remove(std::filesystem::path(path).replace_extension(extension));
  }
  return stored;
}

// Adam, SSBroyden, L-BFGS; records every 10 iterations.
const std::string kBurgers =
    "problem: {name: burgers}\n"
    "network: {hidden: [12, 12], adaptive: {mode: layer}}\n"
    "sampling: {residual: {points: 400}, initial: {points: 40}, boundary: {points: 40}}\n"
    "training: {threads: 1, log_every: 10, phases: [{optimizer: adam, iterations: 30, lr: 0.01},"
    " {optimizer: ssbroyden, iterations: 20}, {optimizer: lbfgs, iterations: 20}]}\n"
    "output: {grid: {x: 16, t: 8}}\n";

// Record indices of iterations 0 to 70 (phases adam, adam, adam, ssbroyden, ssbroyden,
// lbfgs, lbfgs, and the final record).
std::vector<double> column_at(const std::vector<double>& column, std::initializer_list<int> rows) {
  std::vector<double> out;
  for (const int r : rows) out.push_back(column.at(static_cast<size_t>(r)));
  return out;
}

TEST(WeightingTraining, GradNormFactorsMoveInAdamAndStayInQuasiNewtonPhases) {
  const auto r = train(kBurgers, {"training.balance={method: grad_norm, every: 10}"});
  const auto& h = r.history;
  ASSERT_EQ(h.iteration, (std::vector<int64_t>{0, 10, 20, 30, 40, 50, 60, 70}));
  // Read back in the file's order of names; /training/term_weights in the problem's.
  ASSERT_EQ(h.weight_names, (std::vector<std::string>{"boundary", "initial", "residual"}));
  ASSERT_EQ(h.term_weight.size(), 3u);
  for (const auto& column : h.term_weight) {
    ASSERT_EQ(column.size(), h.iteration.size());
    // Updated at 0, 10 and 20, in Adam.
    EXPECT_NE(column[0], column[1]);
    EXPECT_NE(column[1], column[2]);
    // From then on held: the last Adam update's.
    for (size_t i = 3; i < column.size(); ++i) EXPECT_EQ(column[i], column[2]) << i;
  }
  EXPECT_EQ(r.training.term_weights,
            (std::vector<double>{h.term_weight[2].back(), h.term_weight[1].back(),
                                 h.term_weight[0].back()}));
  EXPECT_TRUE(h.causal_min_weight.empty());
  EXPECT_TRUE(r.training.causal_weights.empty());
}

TEST(WeightingTraining, NtkFactorsKeepMovingInQuasiNewtonPhasesWhenAsked) {
  const auto r = train(kBurgers, {"training.balance={method: ntk, every: 10, points: 16, "
                                  "quasi_newton: update}",
                                  "training.derivatives=autograd"});
  const auto& column = r.history.term_weight.at(0);
  ASSERT_EQ(column.size(), 8u);
  for (size_t i = 1; i < 7; ++i) EXPECT_NE(column[i], column[i - 1]) << i;
  EXPECT_TRUE(std::isfinite(r.metrics.final_loss));
}

TEST(WeightingTraining, CausalWeightsRecordedPerRecordAndPerBin) {
  const auto r = train(kBurgers, {"training.causal={bins: 8, epsilon: [0.001, 10]}",
                                  "network.adaptive.mode=neuron"});
  const auto& h = r.history;
  ASSERT_EQ(h.causal_min_weight.size(), h.iteration.size());
  ASSERT_EQ(h.causal_epsilon.size(), h.iteration.size());
  EXPECT_EQ(h.causal_epsilon.front(), 0.001);
  EXPECT_EQ(h.causal_epsilon.back(), 10.0);  // every bin above 0.99 at epsilon 0.001
  ASSERT_EQ(r.training.causal_weights.size(), 8u);
  EXPECT_EQ(r.training.causal_weights[0], 1.0);
  for (size_t i = 1; i < 8; ++i) {
    EXPECT_LE(r.training.causal_weights[i], r.training.causal_weights[i - 1]);
  }
  // Held through the quasi-Newton phases (records 3 to 7).
  for (size_t i = 4; i < h.iteration.size(); ++i) {
    EXPECT_EQ(h.causal_min_weight[i], h.causal_min_weight[3]);
  }
  EXPECT_NE(h.causal_min_weight[1], h.causal_min_weight[2]);
  EXPECT_TRUE(h.term_weight.empty());
}

TEST(WeightingTraining, PointWeightsWithResamplingAndGlobalSlopes) {
  const auto r = train(kBurgers, {"training.balance={method: rba, gamma: 0.9, eta: 0.1}",
                                  "network.adaptive.mode=global",
                                  "sampling.residual.resample={every: 20, candidates: 1000}"});
  const auto& h = r.history;
  ASSERT_EQ(h.weight_names.size(), 3u);
  for (const auto& column : h.term_weight) {
    // At iteration 0 the mean of 0.9 + 0.1 |r| / max |r| over the points.
    EXPECT_GT(column[0], 0.9);
    EXPECT_LT(column[0], 1.0);
    for (const double w : column) EXPECT_TRUE(std::isfinite(w));
  }
  EXPECT_EQ(r.training.resampled_at, (std::vector<int64_t>{20, 40, 60}));
}

}  // namespace
}  // namespace pinn
