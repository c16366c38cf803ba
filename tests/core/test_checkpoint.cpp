// Checkpoints: a run interrupted in Adam, between the phases or in L-BFGS and then
// resumed ends bit for bit where the uninterrupted run ends; checkpoint files that
// are missing, truncated or foreign are refused with a clear message; a resume
// with changed settings names them; divergence rolls back with halved rates.

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "solver/config/source.h"
#include "solver/io/checkpoint.h"
#include "solver/io/result.h"
#include "solver/run/resume.h"
#include "solver/run/run.h"
#include "tests/core/resume_checks.h"
#include "tests/core/support.h"
#include "tests/formula_problem/formula_burgers.h"

namespace pinn {
namespace {

namespace fs = std::filesystem;
using testing::expect_identical;
using testing::StopAt;
using testing::temp_path;
using testing::train;

RunConfig parse(const std::string& yaml, const std::string& output) {
  auto source = config::load_config_string(yaml, "test.yaml");
  config::apply_override(source, "output.file=" + output);
  return parse_run_config(source, testing::builtin_registry());
}

// Adam then L-BFGS.
const char* kAdamLbfgs =
    "[{optimizer: adam, iterations: 60, lr: 0.01}, {optimizer: lbfgs, iterations: 40}]";
// Adam, then two dense quasi-Newton phases (one minimising log L), with the
// residual points redrawn by RAD every 20 iterations across all of them.
const char* kDense =
    "[{optimizer: adam, iterations: 30, lr: 0.01}, {optimizer: ssbroyden, iterations: 30},"
    " {optimizer: bfgs, iterations: 20, loss_transform: log}]";
const char* kRad = ", resample: {every: 20, candidates: 900}";
// Two unknown coefficients, one with its own Adam rate, identified from observations.
const char* kInverse =
    "unknowns: {nu: {initial: 0.05, positive: true, lr: 0.02}, c: {initial: 0.5}}\n"
    "observations: {reference: {points: 200, seed: 3, grid: {x: 21, t: 11}}}\n";

// The formula problem's unknown, trained from its data condition.
const char* kFormulaInverse = "unknowns: {nu: {initial: 0.05, positive: true, lr: 0.02}}\n";

// Burgers with neuron-wise slopes and slope recovery: every kind of parameter.
// Records every 10 iterations, checkpoints every 20. `formula`: Burgers written as
// formulas (tests/formula_problem/formula_burgers.h), with a data file.
std::string burgers(const std::string& dtype, const std::string& phases = kAdamLbfgs,
                    const std::string& resample = "", const std::string& inverse = "",
                    bool formula = false) {
  std::string problem = "problem: {name: burgers}\n";
  std::string terms = "initial: {points: 20}, boundary: {points: 20}";
  if (formula) {
    const auto data = temp_path("formula_burgers_data.txt");
    testing::write_formula_burgers_data(data);
    problem = testing::formula_burgers_problem(data);
    terms = "initial: {points: 20}, inflow: {points: 10}, outflow: {points: 10}";
  }
  return problem + inverse +
         "network: {hidden: [10, 10], adaptive: {mode: neuron, scale: 2, slope_recovery: 0.1}}\n"
         "sampling: {residual: {points: 300" +
         resample + "}, " + terms +
         "}\n"
         "training: {threads: 1, dtype: " +
         dtype + ", log_every: 10, phases: " + phases +
         "}\n"
         "output: {checkpoint_every: 20, grid: {x: 11, t: 6}}\n";
}

struct StopCase {
  const char* dtype;
  int64_t stop;          // iteration at which training is asked to stop
  bool dense = false;    // kDense and kRad instead of kAdamLbfgs
  bool inverse = false;  // with kInverse's unknowns (kFormulaInverse's with `formula`)
  bool formula = false;  // Burgers written as formulas
};

class Resume : public ::testing::TestWithParam<StopCase> {};

TEST_P(Resume, InterruptedAndResumedEndsBitForBitAsUninterrupted) {
  const auto [dtype, stop_at, dense, inverse, formula] = GetParam();

  const std::string tag = std::string(dtype) + std::to_string(stop_at) + (dense ? "d" : "") +
                          (inverse ? "i" : "") + (formula ? "f" : "");
  const auto full_path = temp_path("full_" + tag + ".h5");
  const auto part_path = temp_path("part_" + tag + ".h5");
  const std::string unknowns = inverse ? (formula ? kFormulaInverse : kInverse) : "";
  const auto yaml = dense ? burgers(dtype, kDense, kRad, unknowns, formula)
                          : burgers(dtype, kAdamLbfgs, "", unknowns, formula);
  const auto full_config = parse(yaml, full_path);
  const auto part_config = parse(yaml, part_path);

  const auto full = train(full_config);
  ASSERT_EQ(full.status, "completed") << full.message;
  EXPECT_FALSE(fs::exists(full_config.checkpoint_file));  // a finished run keeps none

  std::atomic<bool> stop{false};
  StopAt observer(stop_at, stop);
  const auto interrupted = train(part_config, &stop, &observer);
  ASSERT_EQ(interrupted.status, "interrupted");
  ASSERT_TRUE(fs::exists(part_config.checkpoint_file));
  const auto checkpoint = read_checkpoint(part_config.checkpoint_file);
  EXPECT_EQ(checkpoint.trainer.iteration, interrupted.metrics.iterations);
  EXPECT_GE(checkpoint.trainer.iteration, stop_at);
  EXPECT_EQ(checkpoint.config, part_config.resolved_yaml);

  const auto resumed = train(part_config, nullptr, nullptr, &checkpoint);
  expect_identical(full, resumed);
  EXPECT_EQ(read_result(part_path).history.loss, full.history.loss);  // and so is the file
  EXPECT_FALSE(fs::exists(part_config.checkpoint_file));
  if (formula) fs::remove(temp_path("formula_burgers_data.txt"));
  for (const auto& path : {full_path, part_path}) {
    fs::remove(path);
    fs::remove(fs::path(path).replace_extension(".xmf"));
    fs::remove(fs::path(path).replace_extension(".space-time.xmf"));
  }
}

INSTANTIATE_TEST_SUITE_P(AdamBoundaryAndLbfgs, Resume,
                         ::testing::Values(StopCase{"float64",
                                                    7},  // inside Adam, between checkpoints
                                           StopCase{"float64", 40},  // inside Adam, on a checkpoint
                                           StopCase{"float64", 60},  // between Adam and L-BFGS
                                           StopCase{"float64", 75},  // inside L-BFGS
                                           StopCase{"float32", 33},  // float32, inside Adam
                                           StopCase{"float32", 85}),  // float32, inside L-BFGS
                         [](const auto& info) {
                           return std::string(info.param.dtype) + "_at_" +
                                  std::to_string(info.param.stop);
                         });

// Unknown coefficients and their optimizer state (Adam's groups, L-BFGS's and the
// dense methods' vectors) are part of the checkpoint.
INSTANTIATE_TEST_SUITE_P(
    InverseProblem, Resume,
    ::testing::Values(StopCase{"float64", 40, false, true},  // inside Adam, own rate for nu
                      StopCase{"float64", 75, false, true},  // inside L-BFGS
                      StopCase{"float64", 35, true, true}),  // inside SSBroyden
    [](const auto& info) {
      return std::string(info.param.dtype) + "_at_" + std::to_string(info.param.stop) +
             (info.param.dense ? "_dense" : "");
    });

// Stops inside every dense phase and on each phase boundary, with RAD redrawing
// the residual points at 20, 40 and 60 (a resumed run must redraw the same).
INSTANTIATE_TEST_SUITE_P(
    DenseQuasiNewtonAndResampling, Resume,
    ::testing::Values(StopCase{"float64", 30, true},   // between Adam and SSBroyden
                      StopCase{"float64", 35, true},   // inside SSBroyden, between checkpoints
                      StopCase{"float64", 41, true},   // just after a resampling
                      StopCase{"float64", 60, true},   // between SSBroyden and BFGS
                      StopCase{"float64", 73, true},   // inside BFGS on log L
                      StopCase{"float32", 47, true}),  // float32 master copy of x
    [](const auto& info) {
      return std::string(info.param.dtype) + "_at_" + std::to_string(info.param.stop);
    });

// A problem written as formulas (a face condition with a predicate, a data condition)
// resumes as a compiled one does, its unknown trained from the data condition included.
INSTANTIATE_TEST_SUITE_P(
    FormulaProblem, Resume,
    ::testing::Values(StopCase{"float64", 40, false, false, true},  // inside Adam
                      StopCase{"float64", 75, false, true, true},   // inside L-BFGS, unknown nu
                      StopCase{"float64", 41, true, true, true}),   // after a resampling
    [](const auto& info) {
      return std::string(info.param.dtype) + "_at_" + std::to_string(info.param.stop) +
             (info.param.dense ? "_dense" : "") + (info.param.inverse ? "_inverse" : "");
    });

TEST(Checkpoint, RoundTripsEveryField) {
  const auto path = temp_path("roundtrip.checkpoint.h5");
  Checkpoint c;
  c.version = "9.9.9";
  c.config = "problem: {name: burgers}\n";
  c.network = std::string("\0\1\2\3 bytes", 10);
  c.trainer.phase_index = 1;
  c.trainer.phase = "lbfgs";
  c.trainer.iteration = 1234;
  c.trainer.phase_first_iteration = 1000;
  c.trainer.previous_loss = 0.125;
  c.trainer.phase_starts = {0, 1000};
  c.trainer.resampling.iterations = {500, 1000};
  c.trainer.resampling.sets = {{"residual", 2, {0.5, 0.25, -0.5, 1.0, 0.125, 0.75}}};
  c.trainer.elapsed_s = 3.5;
  c.trainer.optimizer = std::string("\xff\0state", 7);
  c.trainer.rollbacks = 2;
  c.trainer.lr_scale = 0.25;
  c.history.term_names = {"residual"};
  c.history.term_loss = {{1.0, 0.5}};
  c.history.iteration = {0, 10};
  c.history.phase = {"adam", "adam"};
  c.history.time_s = {0.0, 1.0};
  c.history.loss = {1.0, 0.5};
  c.history.problem_loss = {1.0, 0.5};
  c.history.rel_l2 = {0.9, 0.8};
  c.history.slopes = {{1.0, 1.5}};
  c.history.slope_widths = {1};
  write_checkpoint(path, c);
  EXPECT_TRUE(is_checkpoint_file(path));
  const auto r = read_checkpoint(path);
  EXPECT_EQ(r.version, c.version);
  EXPECT_EQ(r.config, c.config);
  EXPECT_EQ(r.network, c.network);
  EXPECT_EQ(r.trainer.phase_index, 1);
  EXPECT_EQ(r.trainer.phase, "lbfgs");
  EXPECT_EQ(r.trainer.iteration, 1234);
  EXPECT_EQ(r.trainer.phase_first_iteration, 1000);
  EXPECT_EQ(r.trainer.previous_loss, 0.125);
  EXPECT_EQ(r.trainer.phase_starts, c.trainer.phase_starts);
  EXPECT_EQ(r.trainer.resampling.iterations, c.trainer.resampling.iterations);
  ASSERT_EQ(r.trainer.resampling.sets.size(), 1u);
  EXPECT_EQ(r.trainer.resampling.sets[0].term, "residual");
  EXPECT_EQ(r.trainer.resampling.sets[0].columns, 2);
  EXPECT_EQ(r.trainer.resampling.sets[0].points, c.trainer.resampling.sets[0].points);
  EXPECT_EQ(r.trainer.elapsed_s, 3.5);
  EXPECT_EQ(r.trainer.optimizer, c.trainer.optimizer);
  EXPECT_EQ(r.trainer.rollbacks, 2);
  EXPECT_EQ(r.trainer.lr_scale, 0.25);
  EXPECT_EQ(r.history.loss, c.history.loss);
  EXPECT_EQ(r.history.slopes, c.history.slopes);
  fs::remove(path);
}

void expect_refused(const std::string& path, const std::string& reason) {
  try {
    read_checkpoint(path);
    ADD_FAILURE() << path << " was read";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot read checkpoint '" + path + "': " + reason);
  }
}

TEST(Checkpoint, MissingTruncatedAndForeignFilesAreRefused) {
  expect_refused(temp_path("absent.h5"), "no such file");

  const auto text = temp_path("text.h5");
  std::ofstream(text) << "not HDF5 at all";
  expect_refused(text, "not an HDF5 file (missing, truncated or foreign)");

  // A real checkpoint cut in half, as a copy interrupted by a full disk leaves it.
  const auto good = temp_path("good.checkpoint.h5");
  Checkpoint c;
  c.config = "a: 1\n";
  c.network = std::string(100000, 'x');
  write_checkpoint(good, c);
  const auto size = fs::file_size(good);
  const auto cut = temp_path("cut.checkpoint.h5");
  fs::copy_file(good, cut, fs::copy_options::overwrite_existing);
  fs::resize_file(cut, size / 2);
  try {
    read_checkpoint(cut);
    ADD_FAILURE() << "a truncated checkpoint was read";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("cannot read checkpoint '" + cut + "': ", 0), 0u)
        << e.what();
  }

  // A result file is HDF5 but not a checkpoint.
  const auto result_path = temp_path("result_not_checkpoint.h5");
  const auto config = parse(
      "problem: {name: poisson, dim: 1}\nnetwork: {hidden: [4]}\n"
      "training: {threads: 1, phases: [{optimizer: adam, iterations: 2}]}\n",
      result_path);
  train(config);
  expect_refused(result_path,
                 "not a pinn checkpoint (a result file? checkpoints are written beside it)");
  EXPECT_FALSE(is_checkpoint_file(result_path));
  for (const auto& p : {text, good, cut, result_path}) fs::remove(p);
  fs::remove(fs::path(result_path).replace_extension(".xmf"));
  fs::remove(fs::path(result_path).replace_extension(".space-time.xmf"));
}

TEST(Checkpoint, ChangedSettingsAreNamedExceptFilesAndThreads) {
  const std::string saved =
      "problem: {name: burgers, nu: 0.01}\nnetwork: {hidden: [20, 20]}\n"
      "training: {threads: 2, seed: 1}\noutput: {file: a.h5}\n";
  EXPECT_TRUE(changed_settings(saved, saved).empty());
  const std::string moved =
      "problem: {name: burgers, nu: 0.01}\nnetwork: {hidden: [20, 20]}\n"
      "training: {threads: 8, seed: 1}\noutput: {file: b.h5, checkpoint_every: 5}\n";
  EXPECT_TRUE(changed_settings(saved, moved).empty());
  const std::string changed =
      "problem: {name: burgers, nu: 0.02}\nnetwork: {hidden: [20, 20, 20]}\n"
      "training: {threads: 2, seed: 1, dtype: float32}\noutput: {file: a.h5}\n";
  EXPECT_EQ(changed_settings(saved, changed),
            (std::vector<std::string>{"problem.nu", "network.hidden[2]", "training.dtype"}));
}

// float32 with a learning rate of 1e30 overflows the loss at once. Rolled back with
// the rate halved each time, training runs again from the start until the rate is
// small enough to stay finite, and the history holds no record of the failed tries.
TEST(Rollback, HalvesTheRatesUntilTrainingStaysFinite) {
  const auto path = temp_path("rollback.h5");
  const std::string yaml =
      "problem: {name: poisson, dim: 1}\nnetwork: {hidden: [8]}\n"
      "training: {threads: 1, dtype: float32, log_every: 5, phases: [{optimizer: adam, iterations: "
      "20, lr: 1e30}], "
      "on_divergence: rollback, max_rollbacks: 100}\n";
  const auto r = train(parse(yaml, path));
  EXPECT_EQ(r.status, "completed") << r.message;
  EXPECT_GT(r.rollbacks, 0);
  EXPECT_LT(r.rollbacks, 100);
  EXPECT_NE(r.message.find("non-finite loss at iteration"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("rolled back to iteration 0, learning rates x0.5"), std::string::npos)
      << r.message;
  EXPECT_EQ(r.history.iteration, (std::vector<int64_t>{0, 5, 10, 15, 20}));
  EXPECT_EQ(read_result(path).rollbacks, r.rollbacks);

  // Bounded: with at most two rollbacks the run still diverges, and says so.
  auto source = config::load_config_string(yaml, "test.yaml");
  config::apply_override(source, "training.max_rollbacks=2");
  config::apply_override(source, "output.file=" + path);
  const auto capped = train(parse_run_config(source, testing::builtin_registry()));
  EXPECT_EQ(capped.status, "diverged");
  EXPECT_EQ(capped.rollbacks, 2);
  EXPECT_NE(capped.message.find("learning rates x0.25"), std::string::npos) << capped.message;
  fs::remove(path);
  fs::remove(fs::path(path).replace_extension(".xmf"));
  fs::remove(fs::path(path).replace_extension(".space-time.xmf"));
  fs::remove(parse(yaml, path).checkpoint_file);
}

}  // namespace
}  // namespace pinn
