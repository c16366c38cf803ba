// Training with output transforms and the conditions they make exact dropped: a 1-D
// Poisson problem and the heat equation train with the equation as their only term, the
// transformed conditions hold exactly on the result's grid, the trained network rebuilt
// from the result file (as `pinn eval` rebuilds it) applies the transform, and a run
// interrupted and resumed ends bit for bit as the uninterrupted one.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <atomic>
#include <cmath>
#include <filesystem>

#include "solver/config/source.h"
#include "solver/io/checkpoint.h"
#include "solver/run/run.h"
#include "solver/run/trained_network.h"
#include "tests/core/resume_checks.h"
#include "tests/core/support.h"

namespace pinn {
namespace {

namespace fs = std::filesystem;
using testing::temp_path;
using testing::train;

// -u_xx = pi^2 sin(pi x), u(0) = 1, u(1) = 2: u = sin(pi x) + 1 + x.
const std::string kPoisson = R"yaml(problem:
  name: poisson_exact
  inputs: {x: [0, 1]}
  transform: {u: "1 + x + x*(1-x)*N_u"}
  equations: [u_xx + pi^2*sin(pi*x)]
  reference: {exact: {u: sin(pi*x) + 1 + x}}
network: {hidden: [16, 16]}
sampling: {residual: {points: 64}}
training:
  threads: 1
  phases: [{optimizer: adam, iterations: 200, lr: 0.01}, {optimizer: lbfgs, iterations: 150}]
output: {grid: {x: 101}}
)yaml";

// u_t = k u_xx, u(x, 0) = sin(pi x), u = 0 at x = 0 and 1: u = exp(-k pi^2 t) sin(pi x).
const std::string kHeat = R"yaml(problem:
  name: heat_exact
  inputs: {x: [0, 1], t: [0, 0.5]}
  time: t
  parameters: {k: 0.1}
  functions: {"u0(s)": sin(pi*s)}
  transform: {u: "u0(x) + t*x*(1-x)*N_u"}
  equations: [u_t - k*u_xx]
  reference: {exact: {u: exp(-k*pi^2*t)*u0(x)}}
network: {hidden: [12, 12]}
sampling: {residual: {points: 200}}
training:
  threads: 1
  log_every: 10
  phases: [{optimizer: adam, iterations: 60, lr: 0.01}, {optimizer: lbfgs, iterations: 60}]
output: {checkpoint_every: 20, grid: {x: 21, t: 11}}
)yaml";

RunConfig parse(const std::string& yaml, const std::string& output,
                const std::vector<std::string>& overrides = {}) {
  auto source = config::load_config_string(yaml, "test.yaml");
  config::apply_override(source, "output.file=" + output);
  for (const auto& o : overrides) config::apply_override(source, o);
  return parse_run_config(source, testing::builtin_registry());
}

void remove_outputs(const std::string& path) {
  fs::remove(path);
  fs::remove(fs::path(path).replace_extension(".xmf"));
  fs::remove(fs::path(path).replace_extension(".space-time.xmf"));
}

TEST(TransformTraining, PoissonWithItsEquationAloneConvergesAndKeepsItsBoundaryValues) {
  const auto path = temp_path("transform_poisson.h5");
  const auto config = parse(kPoisson, path);
  ASSERT_EQ(config.problem->loss_terms().size(), 1u);
  const auto result = train(config);
  ASSERT_EQ(result.status, "completed") << result.message;
  EXPECT_EQ(result.history.term_names, std::vector<std::string>{"residual"});
  EXPECT_LT(result.metrics.rel_l2, 1e-3);
  const auto& u = result.solution.fields.at(0).values;
  EXPECT_EQ(u.front(), 1.0);  // exact whatever the network
  EXPECT_EQ(u.back(), 2.0);

  // The network rebuilt from the file applies the transform: the same values.
  auto trained = load_trained_network(path, testing::builtin_registry());
  const auto x = torch::tensor(result.solution.axes.at(0), torch::kFloat64).unsqueeze(1);
  torch::NoGradGuard no_grad;
  const auto again = trained.net->forward(x).squeeze(1).contiguous();
  const std::vector<double> values(again.data_ptr<double>(), again.data_ptr<double>() + 101);
  EXPECT_EQ(values, u);
  remove_outputs(path);
}

TEST(TransformTraining, HeatWithItsEquationAloneConvergesAndKeepsItsInitialAndWallValues) {
  const auto path = temp_path("transform_heat.h5");
  const auto config = parse(kHeat, path,
                            {"training.phases=[{optimizer: adam, iterations: 150, "
                             "lr: 0.01}, {optimizer: lbfgs, iterations: 150}]"});
  const auto result = train(config);
  ASSERT_EQ(result.status, "completed") << result.message;
  EXPECT_LT(result.metrics.rel_l2, 1e-2);
  const auto& u = result.solution.fields.at(0).values;
  const auto& xs = result.solution.axes.at(0);
  const size_t times = result.solution.axes.at(1).size();
  for (size_t i = 0; i < xs.size(); ++i) {
    EXPECT_NEAR(u[i * times], std::sin(M_PI * xs[i]), 2e-16) << "t = 0, x = " << xs[i];
  }
  for (size_t j = 0; j < times; ++j) {
    EXPECT_EQ(u[j], 0.0) << "x = 0";
    EXPECT_LE(std::abs(u[(xs.size() - 1) * times + j]), 2e-16) << "x = 1";
  }
  remove_outputs(path);
}

TEST(TransformTraining, ResumedEndsBitForBitAsUninterrupted) {
  const auto full_path = temp_path("transform_full.h5");
  const auto part_path = temp_path("transform_part.h5");
  const auto full_config = parse(kHeat, full_path);
  const auto part_config = parse(kHeat, part_path);
  const auto full = train(full_config);
  ASSERT_EQ(full.status, "completed") << full.message;

  for (const int64_t stop_at : {30, 90}) {  // in Adam, in L-BFGS
    std::atomic<bool> stop{false};
    testing::StopAt observer(stop_at, stop);
    const auto interrupted = train(part_config, &stop, &observer);
    ASSERT_EQ(interrupted.status, "interrupted");
    const auto checkpoint = read_checkpoint(part_config.checkpoint_file);
    const auto resumed = train(part_config, nullptr, nullptr, &checkpoint);
    testing::expect_identical(full, resumed);
  }
  remove_outputs(full_path);
  remove_outputs(part_path);
}

}  // namespace
}  // namespace pinn
