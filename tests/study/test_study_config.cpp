// Study files: parsing, defaults, flattening of nested maps, and errors located
// in the study file, including errors that only show when a run is validated.

#include <gtest/gtest.h>

#include "problems/register_builtin.h"
#include "solver/config/config_error.h"
#include "solver/study/plan.h"
#include "solver/study/study_config.h"

namespace pinn::study {
namespace {

// Study files named as if they lived in configs/studies/, so that `base` resolves.
const std::string kName = std::string(PINN_SOURCE_DIR) + "/configs/studies/test.yaml";
const std::string kBase = "base: ../poisson_1d.yaml\n";

StudyConfig parse(const std::string& text) {
  auto source = config::load_config_string(text, kName);
  return parse_study_config(source);
}

std::string error_of(const std::string& text) {
  try {
    auto study = parse(text);
    ProblemRegistry registry;
    problems::register_builtin(registry);
    plan_runs(study, registry);
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return "";
}

TEST(StudyConfig, DefaultsAndTheBasePathRelativeToTheStudyFile) {
  const auto study = parse(kBase);
  EXPECT_EQ(study.base, std::string(PINN_SOURCE_DIR) + "/configs/poisson_1d.yaml");
  EXPECT_EQ(study.seeds, (std::vector<int64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(study.jobs, 1);
  EXPECT_GE(study.threads, 1);
  EXPECT_EQ(study.thresholds, (std::vector<double>{1e-1, 1e-2, 1e-3, 1e-4}));
  EXPECT_EQ(study.output, "test.h5");
  EXPECT_EQ(runs_directory(study.output), "test.runs");
  ASSERT_EQ(study.variants.size(), 1u);
  EXPECT_EQ(study.variants[0].name, "base");
  EXPECT_NE(study.resolved_yaml.find("jobs: 1"), std::string::npos) << study.resolved_yaml;
}

TEST(StudyConfig, NestedMapsAreDottedKeysAndScalarsSingleValues) {
  const auto dotted = parse(kBase +
                            "set: {training.adam.iterations: 10}\n"
                            "grid: {network.adaptive.mode: global, network.adaptive.scale: [1, 10]}"
                            "\nthresholds: [1.0e-3, 1]\njobs: 2\nthreads: 3\n");
  const auto nested = parse(kBase +
                            "set: {training: {adam: {iterations: 10}}}\n"
                            "grid:\n  network:\n    adaptive: {mode: global, scale: [1, 10]}\n"
                            "thresholds: [1.0e-3, 1]\njobs: 2\nthreads: 3\n");
  for (const auto* study : {&dotted, &nested}) {
    ASSERT_EQ(study->common.size(), 1u);
    EXPECT_EQ(study->common[0].assignment(), "training.adam.iterations=10");
    ASSERT_EQ(study->variants.size(), 2u);
    EXPECT_EQ(study->variants[1].name, "mode=global,scale=10");
    EXPECT_EQ(study->thresholds, (std::vector<double>{1, 1e-3}));  // falling
    EXPECT_EQ(study->jobs, 2);
    EXPECT_EQ(study->threads, 3);
  }
  EXPECT_EQ(dotted.variants[1].settings[1].origin, kName + ":3:67");
}

TEST(StudyConfig, ListValuedSettingsAreListsOfLists) {
  const auto study = parse(kBase + "grid: {network.hidden: [[8], [16, 16]]}\n");
  ASSERT_EQ(study.variants.size(), 2u);
  EXPECT_EQ(study.variants[1].settings[0].assignment(), "network.hidden=[16, 16]");
  EXPECT_EQ(study.variants[1].name, "hidden=[16,16]");
}

TEST(StudyConfig, ErrorsNameKeyValueRuleAndLocation) {
  EXPECT_NE(error_of("seeds: [1]\n").find("key 'base': missing required key"), std::string::npos);
  EXPECT_NE(error_of("base: nothing.yaml\n")
                .find("test.yaml:1:7: key 'base': value 'nothing.yaml': no such config file"),
            std::string::npos)
      << error_of("base: nothing.yaml\n");
  EXPECT_NE(error_of(kBase + "seeds: [1, 2, 1]\n").find("has a seed twice"), std::string::npos);
  EXPECT_NE(error_of(kBase + "seeds: [-1]\n").find("key 'seeds[0]': value -1 must be >= 0"),
            std::string::npos);
  EXPECT_NE(error_of(kBase + "jobs: 0\n").find("key 'jobs': value 0 must be in [1, 256]"),
            std::string::npos);
  EXPECT_NE(error_of(kBase + "thresholds: [0.1, 0]\n").find("must be > 0"), std::string::npos);
  EXPECT_NE(error_of(kBase + "seed: [1]\n").find("unknown key; valid keys here: base, grid, jobs"),
            std::string::npos);
  const auto owned = error_of(kBase + "grid: {training.seed: [1, 2]}\n");
  EXPECT_NE(owned.find("test.yaml:2:23: key 'grid.training.seed': training.seed is set by the "
                       "study"),
            std::string::npos)
      << owned;
  EXPECT_NE(error_of(kBase + "set: {output.file: x.h5}\n").find("is set by the study"),
            std::string::npos);
  EXPECT_NE(error_of(kBase + "grid: {network.hidden: []}\n").find("the list of values is empty"),
            std::string::npos);
  EXPECT_NE(error_of(kBase + "grid: [1, 2]\n").find("key 'grid[0]': must be a map"),
            std::string::npos);
  EXPECT_NE(error_of(kBase + "grid: 3\n").find("key 'grid': must be a map of key: [values]"),
            std::string::npos);
  EXPECT_NE(error_of(kBase + "set: [1]\n").find("key 'set': must be a map"), std::string::npos);
  EXPECT_NE(error_of(kBase + "grid: [{network.adaptive.mode: fixed}, {network.adaptive.mode: "
                             "[global, fixed]}]\n")
                .find("variant 'mode=fixed' appears twice"),
            std::string::npos);
}

TEST(StudyConfig, RunErrorsPointIntoTheStudyFile) {
  const auto message = error_of(kBase +
                                "grid: {network.adaptive.mode: global, "
                                "network.adaptive.scale: [10, 0.5]}\n");
  EXPECT_EQ(message,
            kName +
                ":2:68: in 'network.adaptive.scale=0.5': key 'network.adaptive.scale': value "
                "0.5 must be >= 1");
  const auto typo = error_of(kBase + "set:\n  network.activaton: sin\n");
  EXPECT_NE(
      typo.find(kName + ":3:22: in 'network.activaton=sin': key 'network.activaton': unknown key"),
      std::string::npos)
      << typo;
}

TEST(StudyConfig, FixedSlopesCrossedWithScalesAreRefusedNamingTheBlockLayout) {
  EXPECT_EQ(error_of(kBase + "grid: {network.adaptive.mode: [fixed, layer], "
                             "network.adaptive.scale: [1, 5]}\n"),
            kName +
                ":2:75: network.adaptive.scale 5 meets network.adaptive.mode fixed in the same "
                "grid block: scale applies to adaptive slopes only, so the fixed network would "
                "run once per scale. Put mode fixed in a grid block of its own: grid: "
                "[{network.adaptive.mode: fixed}, {network.adaptive.mode: [layer], "
                "network.adaptive.scale: [1, 5]}]");
  // The layout it names plans one fixed variant and the adaptive ones.
  const auto study = parse(kBase +
                           "grid: [{network.adaptive.mode: fixed}, {network.adaptive.mode: "
                           "[layer], network.adaptive.scale: [1, 5]}]\n");
  ASSERT_EQ(study.variants.size(), 3u);
  EXPECT_EQ(study.variants[0].name, "mode=fixed");
  // A scale grid over a base whose mode is fixed meets the run config's rule, in the study file.
  EXPECT_EQ(error_of(kBase + "grid: {network.adaptive.scale: [1, 5]}\n"),
            kName +
                ":2:36: in 'network.adaptive.scale=5': key 'network.adaptive.scale': value 5 "
                "with network.adaptive.mode fixed: scale applies to adaptive slopes only; use "
                "mode global, layer or neuron, or drop scale (or set it to 1)");
}

TEST(StudyPlan, AWarningOfEveryRunIsSaidOnce) {
  auto study = parse(kBase +
                     "set:\n  training.phases: [{optimizer: adam, iterations: 30}]\n"
                     "grid: {network.adaptive.mode: [fixed, layer]}\nseeds: [3, 7]\n");
  ProblemRegistry registry;
  problems::register_builtin(registry);
  const auto runs = plan_runs(study, registry);
  ASSERT_EQ(runs.size(), 4u);
  for (const auto& run : runs) EXPECT_EQ(run.warnings.size(), 1u);
  const auto warnings = plan_warnings(runs);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].rfind(kName + ":3:20: in 'training.phases=[{optimizer: adam, "
                                      "iterations: 30}]': the override replaces the whole list "
                                      "training.phases",
                              0),
            0u)
      << warnings[0];
}

// `~` in set or grid turns a section off, as `key=~` does on the command line: here
// the base's RAD resampling, and causal weighting in one variant only.
TEST(StudyPlan, ANullSettingTurnsItsSectionOff) {
  auto study = parse(
      "base: ../burgers.yaml\nset: {sampling.residual.resample: ~}\n"
      "grid: {training.causal: [~, {bins: 4}]}\nseeds: [1]\nthreads: 1\n");
  ProblemRegistry registry;
  problems::register_builtin(registry);
  const auto runs = plan_runs(study, registry);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].overrides[0], "sampling.residual.resample=~");
  EXPECT_EQ(runs[0].overrides[1], "training.causal=~");
  EXPECT_EQ(runs[1].overrides[1], "training.causal={bins: 4}");
  for (const auto& run : runs) {
    EXPECT_NE(run.resolved_yaml.find("resample: ~"), std::string::npos) << run.resolved_yaml;
    EXPECT_EQ(run.resolved_yaml.find("method: rad"), std::string::npos) << run.resolved_yaml;
  }
  EXPECT_NE(runs[0].resolved_yaml.find("causal: ~"), std::string::npos) << runs[0].resolved_yaml;
  EXPECT_NE(runs[1].resolved_yaml.find("bins: 4"), std::string::npos) << runs[1].resolved_yaml;
}

TEST(StudyPlan, OneRunPerVariantAndSeedWithItsOwnFiles) {
  auto study = parse(kBase +
                     "grid: {network.adaptive.mode: [fixed, layer]}\nseeds: [3, 7]\n"
                     "threads: 1\noutput: out/s.h5\n");
  ProblemRegistry registry;
  problems::register_builtin(registry);
  const auto runs = plan_runs(study, registry);
  ASSERT_EQ(runs.size(), 4u);
  EXPECT_EQ(runs[1].variant, "mode=fixed");
  EXPECT_EQ(runs[1].seed, 7);
  EXPECT_EQ(runs[2].variant, "mode=layer");
  EXPECT_EQ(runs[2].result_path, "out/s.runs/mode=layer/seed_3.h5");
  EXPECT_EQ(runs[2].log_path, "out/s.runs/mode=layer/seed_3.log");
  EXPECT_EQ(runs[2].overrides,
            (std::vector<std::string>{"network.adaptive.mode=layer", "training.seed=3",
                                      "training.threads=1",
                                      "output.file=out/s.runs/mode=layer/seed_3.h5"}));
  EXPECT_NE(runs[2].resolved_yaml.find("mode: layer"), std::string::npos);
  EXPECT_NE(runs[2].resolved_yaml.find("seed: 3"), std::string::npos);
  EXPECT_FALSE(finished_earlier(runs[2]));  // no result file yet
}

}  // namespace
}  // namespace pinn::study
