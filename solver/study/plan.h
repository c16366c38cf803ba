#pragma once
// Every run of a study: the `pinn train` overrides that make it, where its result
// and log go, and whether an earlier invocation already finished it.

#include <cstdint>
#include <string>
#include <vector>

#include "solver/problem/registry.h"
#include "solver/study/study_config.h"

namespace pinn::study {

struct PlannedRun {
  std::string variant;
  int64_t seed = 0;
  std::string base_config;             // the study's base run config
  std::vector<std::string> overrides;  // key=value arguments of `pinn train <base_config>`
  std::string result_path;
  std::string checkpoint_path;  // where the run's checkpoints go
  std::string log_path;
  std::string resolved_yaml;          // the config the run's result will hold
  std::vector<std::string> warnings;  // RunConfig::warnings of its config
};

// The warnings of all `runs`, each once, in order: the same override warns for every
// seed and variant it applies to, and is said once, when the study is planned.
std::vector<std::string> plan_warnings(const std::vector<PlannedRun>& runs);

// One run per variant and seed, variants outermost. Validates each run exactly as
// `pinn train` will, so a bad value fails here, before anything runs; the
// config::ConfigError points into the study file.
std::vector<PlannedRun> plan_runs(const StudyConfig& study, const ProblemRegistry& registry);

// True when the run's result file holds a finished (completed or diverged) result of
// this very config; the thread count may differ, since it only reorders sums.
bool finished_earlier(const PlannedRun& run);

// True when the run left a checkpoint of this very config (the thread count may
// differ): it continues from there instead of starting again.
bool resumable(const PlannedRun& run);

}  // namespace pinn::study
