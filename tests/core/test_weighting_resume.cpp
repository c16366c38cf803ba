// Resume bit for bit with loss weights on: a run interrupted inside Adam, SSBroyden or
// L-BFGS with grad_norm or ntk factors, residual-based point weights or causal weights
// (held or updated in the quasi-Newton phases, the residual points redrawn by RAD) ends
// where the uninterrupted run ends, its weights' records included.

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>

#include "solver/config/source.h"
#include "solver/io/checkpoint.h"
#include "solver/io/result.h"
#include "solver/run/run.h"
#include "tests/core/resume_checks.h"
#include "tests/core/support.h"

namespace pinn {
namespace {

namespace fs = std::filesystem;
using testing::temp_path;
using testing::train;

RunConfig parse(const std::string& yaml, const std::string& output) {
  auto source = config::load_config_string(yaml, "test.yaml");
  config::apply_override(source, "output.file=" + output);
  return parse_run_config(source, testing::builtin_registry());
}

struct WeightingCase {
  const char* name;
  const char* weighting;  // the training keys, flow YAML
  int64_t stop;           // 25: inside Adam; 45: inside SSBroyden; 70: inside L-BFGS
  const char* dtype = "float64";
};

// Neuron-wise slopes with slope recovery; Adam, SSBroyden, L-BFGS; RAD redraws the
// residual points every 20 iterations; records every 10, checkpoints every 20.
std::string burgers(const WeightingCase& c) {
  return std::string(
             "problem: {name: burgers}\n"
             "network: {hidden: [10, 10], adaptive: {mode: neuron, scale: 2, slope_recovery: "
             "0.1}}\n"
             "sampling: {residual: {points: 300, resample: {every: 20, candidates: 900}},"
             " initial: {points: 20}, boundary: {points: 20}}\n"
             "training: {threads: 1, dtype: ") +
         c.dtype + ", log_every: 10, " + c.weighting +
         ", phases: [{optimizer: adam, iterations: 30, lr: 0.01},"
         " {optimizer: ssbroyden, iterations: 30}, {optimizer: lbfgs, iterations: 20}]}\n"
         "output: {checkpoint_every: 20, grid: {x: 11, t: 6}}\n";
}

class WeightingResume : public ::testing::TestWithParam<WeightingCase> {};

TEST_P(WeightingResume, InterruptedAndResumedEndsBitForBitAsUninterrupted) {
  const auto& c = GetParam();
  const auto full_path = temp_path(std::string("wfull_") + c.name + ".h5");
  const auto part_path = temp_path(std::string("wpart_") + c.name + ".h5");
  const auto full_config = parse(burgers(c), full_path);
  const auto part_config = parse(burgers(c), part_path);

  const auto full = train(full_config);
  ASSERT_EQ(full.status, "completed") << full.message;
  std::atomic<bool> stop{false};
  testing::StopAt observer(c.stop, stop);
  const auto interrupted = train(part_config, &stop, &observer);
  ASSERT_EQ(interrupted.status, "interrupted");
  const auto checkpoint = read_checkpoint(part_config.checkpoint_file);
  EXPECT_GE(checkpoint.trainer.iteration, c.stop);
  EXPECT_FALSE(checkpoint.trainer.weighting.empty());
  const auto resumed = train(part_config, nullptr, nullptr, &checkpoint);
  testing::expect_identical(full, resumed);
  EXPECT_TRUE(!full.history.term_weight.empty() || !full.history.causal_min_weight.empty());
  for (const auto& path : {full_path, part_path}) {
    for (const auto* extension : {".h5", ".xmf", ".space-time.xmf"}) {
      fs::remove(fs::path(path).replace_extension(extension));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    EveryMethod, WeightingResume,
    ::testing::Values(
        WeightingCase{"grad_norm_adam", "balance: {method: grad_norm, every: 10}", 25},
        WeightingCase{"grad_norm_ssbroyden",
                      "balance: {method: grad_norm, every: 10, quasi_newton: update}", 45},
        WeightingCase{"grad_norm_lbfgs",
                      "balance: {method: grad_norm, every: 10, quasi_newton: update}", 70},
        WeightingCase{"grad_norm_float32", "balance: {method: grad_norm, every: 10}", 25,
                      "float32"},
        WeightingCase{"ntk_adam", "balance: {method: ntk, every: 10, points: 16}", 25},
        WeightingCase{"ntk_ssbroyden",
                      "balance: {method: ntk, every: 10, points: 16, quasi_newton: update}", 45},
        WeightingCase{"rba_adam", "balance: {method: rba}", 25},
        WeightingCase{"rba_ssbroyden_held", "balance: {method: rba}", 45},
        WeightingCase{"rba_ssbroyden", "balance: {method: rba, every: 5, quasi_newton: update}",
                      45},
        WeightingCase{"causal_adam", "causal: {bins: 8, epsilon: [0.01, 1]}", 25},
        WeightingCase{"causal_ssbroyden",
                      "causal: {bins: 8, epsilon: [0.01, 1], every: 5, quasi_newton: update}", 45},
        WeightingCase{"causal_and_grad_norm_lbfgs",
                      "causal: {bins: 8, epsilon: 0.1}, balance: {method: grad_norm, every: 10}",
                      70},
        WeightingCase{"causal_float32", "causal: {bins: 4}", 45, "float32"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace pinn
