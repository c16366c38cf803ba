#pragma once
// The typed, validated form of a study file (README, "Studies"): a base run
// config, settings common to every run, a grid of variants and a list of seeds.

#include <cstdint>
#include <string>
#include <vector>

#include "solver/config/source.h"
#include "solver/study/grid.h"

namespace pinn::study {

struct StudyConfig {
  std::string base;             // the base run config, as a path usable from here
  std::vector<Setting> common;  // `set`: applied to every run before the variant's settings
  std::vector<Variant> variants;
  std::vector<int64_t> seeds;
  int64_t jobs = 1;                                           // runs at the same time
  int64_t threads = 1;                                        // LibTorch threads of each run
  std::vector<double> thresholds = {1e-1, 1e-2, 1e-3, 1e-4};  // loss levels timed in the summary
  std::string output;                                         // the study's HDF5 file
  std::string resolved_yaml;                                  // every setting, defaults included
};

// Reads and validates a study file; throws config::ConfigError naming the key, the
// value, the rule and the location. `base` is taken relative to the study file.
StudyConfig parse_study_config(config::ConfigSource& source);

// Where the runs of a study keep their own result files and logs: "out.runs" for "out.h5".
std::string runs_directory(const std::string& output);

}  // namespace pinn::study
