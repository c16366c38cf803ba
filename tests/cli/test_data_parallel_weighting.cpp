// Data-parallel runs with loss weights: two processes take the steps of one with
// grad_norm factors (the per-term gradients summed before their norms), ntk factors
// (the trace's points spread over both shares), causal weights (the bins' losses and
// counts summed) and residual-based point weights (the largest residual taken over both);
// an interrupted two-process run with point weights resumes in one process; bad
// settings exit with status 2 naming their key.

#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <sstream>

#include "solver/io/checkpoint.h"
#include "solver/io/result.h"
#include "tests/cli/cli_support.h"
#include "tests/cli/result_differences.h"

namespace {

using namespace pinn::cli_testing;

const std::string kBurgers =
    config("burgers.yaml") +
    " network.hidden=[16,16] network.adaptive.mode=neuron network.adaptive.scale=2"
    " network.adaptive.slope_recovery=1 sampling.residual.points=601"
    " sampling.initial.points=51 sampling.boundary.points=51 training.dtype=float64"
    " training.threads=1 training.log_every=10 output.grid.x=21 output.grid.t=11";

// Largest relative difference between the recorded loss weights of two results.
double weight_difference(const std::string& a_path, const std::string& b_path) {
  const auto a = pinn::read_result(a_path).history;
  const auto b = pinn::read_result(b_path).history;
  EXPECT_EQ(a.weight_names, b.weight_names);
  std::vector<std::vector<double>> as = a.term_weight, bs = b.term_weight;
  as.push_back(a.causal_min_weight);
  bs.push_back(b.causal_min_weight);
  double worst = 0;
  for (size_t i = 0; i < as.size(); ++i) {
    EXPECT_EQ(as[i].size(), bs[i].size());
    for (size_t k = 0; k < std::min(as[i].size(), bs[i].size()); ++k) {
      worst = std::max(worst, std::abs(as[i][k] - bs[i][k]) / std::abs(as[i][k]));
    }
  }
  return worst;
}

void expect_two_match_one(const std::string& args,
                          const std::function<std::string(const std::string&)>& file) {
  const auto one = run("train " + args + " output.file=" + file("one.h5"));
  ASSERT_EQ(one.code, 0) << one.output;
  const auto two = run("train " + args + " output.file=" + file("two.h5") + " --nproc 2");
  ASSERT_EQ(two.code, 0) << two.output;
  EXPECT_EQ(pinn::read_result(file("two.h5")).processes, 2);
  EXPECT_LE(parameter_difference(file("one.h5"), file("two.h5")), 1e-10);
  EXPECT_LE(loss_difference(file("one.h5"), file("two.h5")), 1e-10);
  EXPECT_LE(weight_difference(file("one.h5"), file("two.h5")), 1e-10);
}

// The weights held through SSBroyden (the default), RAD redrawing the residual points.
TEST_F(Scratch, TwoProcessesMatchOneWithGradNormAndCausalWeightsThroughSsBroyden) {
  const std::string args = kBurgers +
                           " training.phases.0.iterations=30 training.phases.1.optimizer=ssbroyden"
                           " training.phases.1.iterations=20"
                           " 'training.balance={method: grad_norm, every: 10}'"
                           " 'training.causal={bins: 8, epsilon: [0.01, 1]}'"
                           " 'sampling.residual.resample={every: 20, candidates: 3000}'";
  expect_two_match_one(args, [&](const std::string& n) { return file(n); });
  const auto result = pinn::read_result(file("two.h5"));
  EXPECT_EQ(result.history.weight_names.size(), 3u);
  EXPECT_EQ(result.training.causal_weights.size(), 8u);
  EXPECT_EQ(result.training.resampled_at, (std::vector<int64_t>{20, 40}));
}

// Causal weights recomputed inside SSBroyden every 5 iterations.
TEST_F(Scratch, TwoProcessesMatchOneWithCausalWeightsUpdatedInSsBroyden) {
  const std::string args =
      kBurgers +
      " training.phases.0.iterations=30 training.phases.1.optimizer=ssbroyden"
      " training.phases.1.iterations=20"
      " 'training.causal={bins: 8, epsilon: [0.01, 1], every: 5, quasi_newton: update}'";
  expect_two_match_one(args, [&](const std::string& n) { return file(n); });
}

TEST_F(Scratch, TwoProcessesMatchOneWithNtkFactorsThroughLbfgs) {
  const std::string args = kBurgers +
                           " training.phases.0.iterations=30 training.phases.1.optimizer=lbfgs"
                           " training.phases.1.iterations=20"
                           " 'training.balance={method: ntk, every: 10, points: 15}'";
  expect_two_match_one(args, [&](const std::string& n) { return file(n); });
}

TEST_F(Scratch, TwoProcessesMatchOneWithPointWeights) {
  const std::string args = kBurgers +
                           " training.phases.0.iterations=30 training.phases.1.optimizer=lbfgs"
                           " training.phases.1.iterations=10"
                           " 'training.balance={method: rba, quasi_newton: update, every: 5}'";
  expect_two_match_one(args, [&](const std::string& n) { return file(n); });
}

// The checkpoint holds every point's weight, gathered from both processes.
TEST_F(Scratch, InterruptedTwoProcessRunWithPointWeightsResumesInOneProcess) {
  const std::string args = kBurgers +
                           " training.phases.0.iterations=300 training.phases.1.iterations=0"
                           " output.checkpoint_every=10 'training.balance={method: rba}'";
  ASSERT_EQ(run("train " + args + " output.file=" + file("whole.h5")).code, 0);
  // The balance setting holds spaces: one argument of its own.
  std::vector<std::string> argv = {"train"};
  std::istringstream words(kBurgers +
                           " training.phases.0.iterations=300 training.phases.1.iterations=0"
                           " output.checkpoint_every=10 --nproc 2 output.file=" +
                           file("split.h5"));
  for (std::string w; words >> w;) argv.push_back(w);
  argv.push_back("training.balance={method: rba}");
  const auto log = file("two.log");
  const pid_t pid = start(argv, log);
  wait_for_progress(log, " 100/");
  ::kill(pid, SIGTERM);
  ASSERT_EQ(wait_exit(pid), 143) << read_text(log);
  const auto checkpoint = pinn::read_checkpoint(file("split.checkpoint.h5"));
  const auto& points = checkpoint.trainer.weighting.points;
  ASSERT_EQ(points.size(), 3u);
  for (const auto& set : points) {
    EXPECT_EQ(set.values.size(), set.term == "residual" ? 601u : 51u) << set.term;
    // Every point's weight moved from 1, on either process.
    EXPECT_EQ(std::count(set.values.begin(), set.values.end(), 1.0), 0) << set.term;
  }
  EXPECT_LT(checkpoint.trainer.iteration, 300);

  const auto resumed = run("resume " + file("split.checkpoint.h5"));
  ASSERT_EQ(resumed.code, 0) << resumed.output;
  EXPECT_EQ(pinn::read_result(file("split.h5")).processes, 1);
  EXPECT_LE(parameter_difference(file("whole.h5"), file("split.h5")), 1e-10);
  EXPECT_LE(loss_difference(file("whole.h5"), file("split.h5")), 1e-10);
  EXPECT_LE(weight_difference(file("whole.h5"), file("split.h5")), 1e-10);
}

TEST_F(Scratch, BadWeightingSettingsExitTwoNamingTheKey) {
  const auto every =
      run("check " + config("burgers.yaml") + " 'training.balance={method: grad_norm, every: 0}'");
  EXPECT_EQ(every.code, 2) << every.output;
  EXPECT_NE(every.output.find("key 'training.balance.every': value 0 must be > 0"),
            std::string::npos)
      << every.output;
  const auto causal = run("train " + config("poisson_1d.yaml") +
                          " 'training.causal={bins: 4}' output.file=" + file("never.h5"));
  EXPECT_EQ(causal.code, 2) << causal.output;
  EXPECT_NE(causal.output.find("key 'training.causal': problem 'poisson' has no time input"),
            std::string::npos)
      << causal.output;
  EXPECT_FALSE(fs::exists(file("never.h5")));
}

}  // namespace
