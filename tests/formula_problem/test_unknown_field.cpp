// Inverse problems written as formulas, trained: an unknown field (an output that no
// equation fixes alone) and an unknown parameter, both identified from a data condition.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "solver/run/run.h"
#include "tests/core/support.h"

namespace pinn {
namespace {

// u = sin(pi x) observed at 20 points of [0, 1].
std::string write_observations() {
  const auto path = testing::temp_path("observed_u.txt");
  std::ofstream out(path);
  out.precision(17);
  out << "x u\n";
  for (int i = 0; i < 20; ++i) {
    const double x = 0.025 + 0.05 * i;
    out << x << " " << std::sin(M_PI * x) << "\n";
  }
  return path;
}

double field_error(const ResultData& result, const std::string& name) {
  for (const auto& f : result.metrics.fields) {
    if (f.name == name) return f.rel_l2;
  }
  ADD_FAILURE() << "no error of field " << name;
  return NAN;
}

// A small network trained briefly: Adam, then SSBroyden.
const std::string kShortTraining = R"yaml(network: {hidden: [16, 16]}
sampling: {residual: {points: 200}}
training:
  threads: 1
  phases: [{optimizer: adam, iterations: 300, lr: 0.01}, {optimizer: ssbroyden, iterations: 300}]
  log_every: 100
output: {grid: {x: 101}}
)yaml";

ResultData train(const std::string& yaml) {
  auto source = config::load_config_string(yaml, "cfg.yaml");
  config::apply_override(source, "output.file=" + testing::temp_path("inverse.h5"));
  const auto config = parse_run_config(source, testing::builtin_registry());
  RunSettings settings;
  settings.log = stdout;
  auto result = run_training(config, settings);
  std::filesystem::remove(config.output_file);
  std::filesystem::remove(config.checkpoint_file);
  return result;
}

// -(a u_x)_x = f with a(x) = 1 + x unknown, a(0) = 1 given, u observed.
TEST(FormulaInverse, AnUnknownFieldIsIdentifiedFromObservations) {
  const auto observed = write_observations();
  const auto result = train(R"yaml(problem:
  inputs: {x: [0, 1]}
  outputs: [u, a]
  equations: ['-(a*u_xx + a_x*u_x) - ((1 + x)*pi^2*sin(pi*x) - pi*cos(pi*x))']
  conditions:
    observed: {data: )yaml" + observed + R"yaml(}
    gauge: {on: x_min, equation: a - 1}
  reference: {exact: {u: sin(pi*x), a: 1 + x}}
)yaml" + kShortTraining);
  // The field starts far from 1 + x (an untrained output) and ends within 1 %.
  EXPECT_LT(field_error(result, "a"), 1e-2);
  EXPECT_LT(field_error(result, "u"), 1e-3);
  std::filesystem::remove(observed);
}

// -k u_xx = k pi^2 sin(pi x) with u = sin(pi x): k is not identifiable from u alone, so
// the source is given with the true k = 2: -k u_xx = 2 pi^2 sin(pi x).
TEST(FormulaInverse, AnUnknownParameterIsIdentifiedFromADataCondition) {
  const auto observed = write_observations();
  const auto result = train(R"yaml(problem:
  inputs: {x: [0, 1]}
  parameters: {k: 2}
  equations: [-k*u_xx - 2*pi^2*sin(pi*x)]
  conditions:
    observed: {data: )yaml" + observed + R"yaml(}
  reference: {exact: {u: sin(pi*x)}}
unknowns: {k: {initial: 0.5, positive: true}}
)yaml" + kShortTraining);
  ASSERT_EQ(result.metrics.unknowns.size(), 1u);
  EXPECT_EQ(result.metrics.unknowns[0].name, "k");
  EXPECT_NEAR(result.metrics.unknowns[0].value, 2.0, 2e-3);
  std::filesystem::remove(observed);
}

}  // namespace
}  // namespace pinn
