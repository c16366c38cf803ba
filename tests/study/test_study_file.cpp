// The study's HDF5 file: runs copied in full under /runs, /summary rows, and the
// description `pinn summary` prints.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "solver/io/hdf5_file.h"
#include "solver/io/result.h"
#include "solver/study/study_file.h"

namespace pinn::study {
namespace {

namespace fs = std::filesystem;

ResultData small_result(int64_t seed, double loss) {
  ResultData r;
  r.problem = "poisson";
  r.config = "seed: " + std::to_string(seed) + "\n";
  r.seed = seed;
  r.dtype = "float64";
  r.device = "cpu";
  r.version = "test";
  r.status = "completed";
  r.history.iteration = {0, 10};
  r.history.phase = {"adam", "adam"};
  r.history.time_s = {0.0, 1.0};
  r.history.loss = {1.0, loss};
  r.history.rel_l2 = {0.9, 0.1};
  r.history.term_names = {"residual"};
  r.history.term_loss = {{1.0, loss}};
  r.history.slopes = {{1.0, 1.0}};
  r.history.slope_widths = {1};
  r.solution.inputs = {"x"};
  r.solution.axes = {{0.0, 1.0}};
  r.solution.fields = {{"u", {0.0, 0.5}, {}, {}}};
  r.metrics = {0.1, 0.2, loss, 10};
  return r;
}

TEST(StudyFile, HoldsEveryFinishedRunAndTheSummary) {
  const fs::path dir =
      fs::temp_directory_path() / ("pinn_study_file_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  StudyConfig study;
  study.base = "base.yaml";
  study.variants = {{"mode=fixed", {{"network.adaptive.mode", "fixed", "here"}}},
                    {"mode=global", {{"network.adaptive.mode", "global", "here"}}}};
  study.seeds = {1, 2};
  study.thresholds = {0.5};
  study.output = (dir / "study.h5").string();
  study.resolved_yaml = "base: base.yaml\n";
  std::vector<PlannedRun> runs;
  std::vector<RunState> states;
  for (const auto& v : study.variants) {
    for (int64_t seed : study.seeds) {
      PlannedRun run;
      run.variant = v.name;
      run.seed = seed;
      run.result_path = (dir / (v.name + std::to_string(seed) + ".h5")).string();
      write_result(run.result_path, small_result(seed, 0.1 * static_cast<double>(seed)));
      runs.push_back(run);
      states.push_back(runs.size() == 4 ? RunState::Pending : RunState::Completed);
    }
  }
  std::vector<const ResultData*> none;
  const auto first = read_result(runs[0].result_path);
  const auto second = read_result(runs[1].result_path);
  const std::vector<VariantSummary> summaries = {
      summarize("mode=fixed", {&first, &second}, study.thresholds),
      summarize("mode=global", none, study.thresholds)};
  write_study_file(study, runs, states, summaries, {"interrupted", 4, 3});

  EXPECT_TRUE(is_study_file(study.output));
  EXPECT_FALSE(is_study_file(runs[0].result_path));
  H5::H5File file(study.output, H5F_ACC_RDONLY);
  const auto root = file.openGroup("/");
  EXPECT_EQ(hdf5::read_string_attribute(root, "status"), "interrupted");
  EXPECT_EQ(hdf5::read_int_attribute(root, "runs_finished"), 3);
  const auto fixed = file.openGroup("runs/mode=fixed");
  EXPECT_EQ(hdf5::read_string_attribute(fixed, "settings"), "network.adaptive.mode=fixed\n");
  // A copied run keeps the layout of a pinn train file: attributes, history, metrics.
  const auto seed2 = file.openGroup("runs/mode=fixed/seed_2");
  EXPECT_EQ(hdf5::read_int_attribute(seed2, "seed"), 2);
  EXPECT_EQ(hdf5::read_doubles(seed2.openGroup("history"), "loss"),
            (std::vector<double>{1.0, 0.2}));
  EXPECT_DOUBLE_EQ(hdf5::read_double_attribute(seed2.openGroup("metrics"), "final_loss"), 0.2);
  EXPECT_TRUE(file.nameExists("runs/mode=global/seed_1"));
  EXPECT_FALSE(file.nameExists("runs/mode=global/seed_2"));  // pending: no result
  const auto summary = file.openGroup("summary");
  EXPECT_EQ(hdf5::read_strings(summary, "variant"),
            (std::vector<std::string>{"mode=fixed", "mode=global"}));
  EXPECT_EQ(hdf5::read_ints(summary, "runs"), (std::vector<int64_t>{2, 0}));
  const auto loss_mean = hdf5::read_doubles(summary, "final_loss_mean");
  EXPECT_NEAR(loss_mean[0], 0.15, 1e-15);
  EXPECT_TRUE(std::isnan(loss_mean[1]));
  std::vector<uint64_t> shape;
  hdf5::read_doubles(summary, "iteration_to_threshold", &shape);
  EXPECT_EQ(shape, (std::vector<uint64_t>{2, 1}));
  const auto text = describe_study_file(study.output);
  EXPECT_NE(text.find("interrupted, 3 of 4 runs finished"), std::string::npos) << text;
  EXPECT_NE(text.find("| mode=fixed | 2 |"), std::string::npos) << text;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace pinn::study
