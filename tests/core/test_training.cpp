// Short end-to-end trainings: every problem's loss falls, Poisson 1-D reaches
// its target accuracy, adaptive slopes move, and divergence and interruption
// are recorded in the result file.

#include <gtest/gtest.h>
#include <torch/torch.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "problems/register_builtin.h"
#include "solver/config/source.h"
#include "solver/io/result.h"
#include "solver/run/run.h"
#include "tests/core/support.h"

namespace pinn {
namespace {

using testing::temp_path;

// A problem whose residual is not a number, to exercise divergence handling.
class NotANumber : public Problem {
 public:
  Domain domain() const override { return {{"x"}, {0.0}, {1.0}, -1}; }
  std::vector<LossTerm> loss_terms() const override {
    return {{"residual",
             Region::Interior,
             10,
             {{}},
             [](const Fields& f) { return f.u() * std::nan(""); }},
            {"boundary", Region::Boundary, 2, {{}}, [](const Fields& f) { return f.u(); }}};
  }
};

// A residual that is zero, with a gradient that is not a number: d sqrt(0 |u|)/du
// is infinite times zero.
class NaNGradient : public Problem {
 public:
  Domain domain() const override { return {{"x"}, {0.0}, {1.0}, -1}; }
  std::vector<LossTerm> loss_terms() const override {
    return {{"residual",
             Region::Interior,
             10,
             {{}},
             [](const Fields& f) { return (f.u().abs() * 0.0).sqrt(); }},
            {"boundary", Region::Boundary, 2, {{}}, [](const Fields& f) { return f.u() * 0.0; }}};
  }
};

ProblemRegistry registry() {
  auto r = testing::builtin_registry();
  r.add({"not_a_number", "u * NaN", {}, [](const Parameters&) {
           return std::make_unique<NotANumber>();
         }});
  r.add({"nan_gradient", "sqrt(0 |u|)", {}, [](const Parameters&) {
           return std::make_unique<NaNGradient>();
         }});
  return r;
}

ResultData train(const std::string& yaml, const std::atomic<bool>* stop = nullptr) {
  auto source = config::load_config_string(yaml, "test.yaml");
  const auto path = temp_path("result.h5");
  config::apply_override(source, "output.file=" + path);
  const auto config = parse_run_config(source, registry());
  RunSettings settings;
  settings.log = stdout;
  settings.stop_requested = stop;
  const auto result = run_training(config, settings);
  // What was written is what was returned.
  const auto stored = read_result(path);
  EXPECT_EQ(stored.status, result.status);
  EXPECT_EQ(stored.history.loss, result.history.loss);
  std::filesystem::remove(path);
  return result;
}

void expect_loss_falls(const ResultData& r, double factor) {
  ASSERT_EQ(r.status, "completed") << r.message;
  ASSERT_GE(r.history.loss.size(), 2u);
  EXPECT_LT(r.history.loss.back() * factor, r.history.loss.front())
      << "first " << r.history.loss.front() << " last " << r.history.loss.back();
  EXPECT_EQ(r.metrics.final_loss, r.history.loss.back());
}

const std::string kSmallTraining =
    "training: {threads: 1, log_every: 50, phases: [{optimizer: adam, iterations: 200, lr: 0.01}, "
    "{optimizer: lbfgs, iterations: 100}]}\n";

TEST(Training, BurgersLossFallsTenfold) {
  const auto r = train(
      "problem: {name: burgers}\n"
      "network: {hidden: [20, 20, 20]}\n"
      "sampling: {residual: {points: 1000}}\n"
      "output: {grid: {x: 64, t: 32}}\n" +
      kSmallTraining);
  expect_loss_falls(r, 10);
  EXPECT_EQ(r.history.term_names, (std::vector<std::string>{"residual", "initial", "boundary"}));
  EXPECT_EQ(r.history.problem_loss, r.history.loss);  // no slope recovery
  EXPECT_EQ(r.solution.fields.at(0).values.size(), 64u * 32u);
  // Fixed mode records its implicit slope 1 for every hidden layer.
  ASSERT_EQ(r.history.slopes.size(), 3u);
  EXPECT_EQ(r.history.slopes[2], std::vector<double>(r.history.loss.size(), 1.0));
  EXPECT_TRUE(std::isfinite(r.metrics.rel_l2));
  EXPECT_LT(r.metrics.rel_l2, r.history.rel_l2.front());
}

TEST(Training, Poisson1dReachesOnePercent) {
  const auto r = train(
      "problem: {name: poisson, dim: 1, k: 2}\n"
      "network: {hidden: [20, 20]}\n"
      "sampling: {residual: {points: 200}, boundary: {points: 2}}\n" +
      kSmallTraining);
  expect_loss_falls(r, 10);
  EXPECT_LT(r.metrics.rel_l2, 1e-2);
  EXPECT_EQ(r.history.phase.front(), "adam");
  EXPECT_EQ(r.history.phase.back(), "lbfgs");
}

TEST(Training, Poisson2dAndFloat32LossFallsTenfold) {
  const auto r = train(
      "problem: {name: poisson, dim: 2}\n"
      "network: {hidden: [20, 20]}\n"
      "sampling: {residual: {points: 500, method: sobol}, boundary: {points: 100}}\n"
      "output: {grid: {x: 21, y: 21}}\n"
      "training: {threads: 1, dtype: float32, log_every: 50, phases: [{optimizer: adam, "
      "iterations: 200, lr: 0.01}, "
      "{optimizer: lbfgs, iterations: 100}]}\n");
  expect_loss_falls(r, 10);
  EXPECT_EQ(r.dtype, "float32");
}

TEST(Training, Poisson3dUnitSourceLossFallsTenfold) {
  const auto r = train(
      "problem: {name: poisson, dim: 3, case: unit_source}\n"
      "network: {hidden: [16, 16]}\n"
      "sampling: {residual: {points: 500}, boundary: {points: 300}}\n"
      "output: {grid: {x: 9, y: 9, z: 9}}\n" +
      kSmallTraining);
  expect_loss_falls(r, 10);
  EXPECT_EQ(r.solution.fields.at(0).exact.size(), 729u);
}

TEST(Training, KleinGordonLossFallsTenfoldAndErrorFalls) {
  const auto r = train(
      "problem: {name: klein_gordon}\n"
      "network: {hidden: [20, 20]}\n"
      "sampling: {residual: {points: 500}}\n"
      "output: {grid: {x: 21, t: 21}}\n" +
      kSmallTraining);
  expect_loss_falls(r, 10);
  EXPECT_EQ(r.history.term_names,
            (std::vector<std::string>{"residual", "initial", "initial_velocity", "boundary"}));
  EXPECT_LT(r.metrics.rel_l2, 0.1);
  EXPECT_LT(r.metrics.rel_l2, r.history.rel_l2.front());
}

TEST(Training, RegressionFitsASmoothTarget) {
  // The classic tutorial network: one hidden layer of 20 elu with an adaptive slope, n = 10.
  const auto r = train(
      "problem: {name: regression, target: 'sin(3*x) + 0.5*x^2'}\n"
      "network: {hidden: [20], activation: elu, adaptive: {mode: global, scale: 10}}\n"
      "sampling: {data: {points: 100}}\n" +
      kSmallTraining);
  expect_loss_falls(r, 100);
  EXPECT_EQ(r.history.term_names, std::vector<std::string>{"data"});
  EXPECT_LT(r.metrics.rel_l2, 2e-2);
}

TEST(Training, HelmholtzLossFallsTenfoldAndErrorFalls) {
  const auto r = train(
      "problem: {name: helmholtz}\n"
      "network: {hidden: [20, 20], adaptive: {mode: global, scale: 10}}\n"
      "sampling: {residual: {points: 500}, boundary: {points: 100}}\n"
      "output: {grid: {x: 21, y: 21}}\n" +
      kSmallTraining);
  expect_loss_falls(r, 10);
  EXPECT_LT(r.metrics.rel_l2, r.history.rel_l2.front());
}

class AdaptiveTraining : public ::testing::TestWithParam<std::string> {};

TEST_P(AdaptiveTraining, SlopesMoveAndAreRecorded) {
  const auto r = train(
      "problem: {name: poisson, dim: 1, k: 2}\n"
      "network: {hidden: [10, 10], adaptive: {mode: " +
      GetParam() +
      ", scale: 10, slope_recovery: 1}}\n"
      "sampling: {residual: {points: 100}}\n"
      "training: {threads: 1, log_every: 20, phases: [{optimizer: adam, iterations: 100, lr: "
      "0.01}]}\n");
  expect_loss_falls(r, 5);
  EXPECT_EQ(r.history.term_names.back(), "slope_recovery");
  ASSERT_EQ(r.history.slopes.size(), 2u);
  const int64_t width = GetParam() == "neuron" ? 10 : 1;
  EXPECT_EQ(r.history.slope_widths[0], width);
  const auto& first_layer = r.history.slopes[0];
  ASSERT_EQ(first_layer.size(), r.history.loss.size() * width);
  EXPECT_DOUBLE_EQ(first_layer.front(), 1.0);  // n * a = 1 at the start
  EXPECT_NE(first_layer.back(), 1.0);          // and trained since
  // The problem loss is the total without W_a S(a) (W_a = 1 here).
  const auto& s = r.history.term_loss.back();
  ASSERT_EQ(r.history.problem_loss.size(), r.history.loss.size());
  for (size_t i = 0; i < s.size(); ++i) {
    EXPECT_NEAR(r.history.problem_loss[i], r.history.loss[i] - s[i], 1e-12 * r.history.loss[i]);
    EXPECT_LT(r.history.problem_loss[i], r.history.loss[i]);
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, AdaptiveTraining, ::testing::Values("global", "layer", "neuron"));

TEST(Training, SameSeedSameResult) {
  const std::string yaml =
      "problem: {name: poisson, dim: 1}\nnetwork: {hidden: [8]}\n"
      "training: {threads: 1, seed: 9, phases: [{optimizer: adam, iterations: 20}]}\n";
  EXPECT_EQ(train(yaml).history.loss, train(yaml).history.loss);
}

// Both engines train the same network the same way: in float64 their loss histories
// over Adam and L-BFGS agree far below the noise of training.
TEST(Training, TaylorAndAutogradEnginesTrainAlike) {
  const std::string yaml =
      "problem: {name: burgers}\nnetwork: {hidden: [12, 12], adaptive: {mode: neuron, scale: 2}}\n"
      "sampling: {residual: {points: 600}}\n"
      "training: {threads: 2, log_every: 10, phases: [{optimizer: adam, iterations: 30}, "
      "{optimizer: lbfgs, iterations: 10}]}\n";
  const auto taylor = train(yaml + "output: {grid: {x: 11, t: 5}}\n");
  auto autograd_yaml = yaml;
  autograd_yaml.insert(autograd_yaml.find("log_every"), "derivatives: autograd, ");
  const auto autograd = train(autograd_yaml + "output: {grid: {x: 11, t: 5}}\n");
  EXPECT_EQ(taylor.derivatives, "taylor");
  EXPECT_EQ(autograd.derivatives, "autograd");
  ASSERT_EQ(taylor.history.loss.size(), autograd.history.loss.size());
  for (size_t i = 0; i < taylor.history.loss.size(); ++i) {
    EXPECT_NEAR(taylor.history.loss[i], autograd.history.loss[i], 1e-8 * autograd.history.loss[i])
        << "record " << i;
  }
}

TEST(Training, NonFiniteLossStopsAndIsRecordedAsDiverged) {
  const auto r = train(
      "problem: {name: not_a_number}\nnetwork: {hidden: [4]}\n"
      "training: {threads: 1, phases: [{optimizer: adam, iterations: 10}]}\n");
  EXPECT_EQ(r.status, "diverged");
  EXPECT_EQ(r.message, "non-finite loss at iteration 0 in term 'residual'");
  EXPECT_EQ(r.metrics.iterations, 0);
  EXPECT_TRUE(std::isnan(r.metrics.final_loss));
}

TEST(Training, NonFiniteGradientWithFiniteLossStopsAsDiverged) {
  const auto r = train(
      "problem: {name: nan_gradient}\nnetwork: {hidden: [4]}\n"
      "training: {threads: 1, derivatives: autograd, phases: [{optimizer: adam, iterations: "
      "10}]}\n");
  EXPECT_EQ(r.status, "diverged");
  EXPECT_EQ(r.message, "non-finite gradient at iteration 0");
  EXPECT_EQ(r.metrics.iterations, 0);
}

TEST(Training, StopRequestEndsAsInterrupted) {
  std::atomic<bool> stop{true};
  const auto r = train(
      "problem: {name: poisson, dim: 1}\nnetwork: {hidden: [4]}\n"
      "training: {threads: 1, phases: [{optimizer: adam, iterations: 10}]}\n",
      &stop);
  EXPECT_EQ(r.status, "interrupted");
  EXPECT_EQ(r.metrics.iterations, 0);
  EXPECT_FALSE(r.solution.fields.at(0).values.empty());
}

}  // namespace
}  // namespace pinn
