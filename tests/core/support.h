#pragma once
// Helpers shared by the core test files.

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "problems/register_builtin.h"
#include "solver/config/config_error.h"
#include "solver/config/source.h"
#include "solver/io/checkpoint.h"
#include "solver/run/run.h"
#include "solver/run/run_config.h"
#include "tests/core/resume_checks.h"

namespace pinn::testing {

// A registry holding the problems shipped with pinn.
inline ProblemRegistry builtin_registry() {
  ProblemRegistry registry;
  problems::register_builtin(registry);
  return registry;
}

// A path in the temporary directory, unique to this process.
inline std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("pinn_test_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

// A run config from YAML text (named cfg.yaml in messages) and overrides.
inline RunConfig parse_config(const std::string& yaml,
                              const std::vector<std::string>& overrides = {}) {
  auto source = config::load_config_string(yaml, "cfg.yaml");
  for (const auto& o : overrides) config::apply_override(source, o);
  return parse_run_config(source, builtin_registry());
}

// Trains `config` as pinn train does, logging to stdout; `stop`, `observer` and `resume` as
// in RunSettings (a stop flag, one more observer, the checkpoint to continue from).
inline ResultData train(const RunConfig& config, const std::atomic<bool>* stop = nullptr,
                        TrainingObserver* observer = nullptr, const Checkpoint* resume = nullptr) {
  RunSettings settings;
  settings.log = stdout;
  settings.stop_requested = stop;
  settings.resume_from = resume;
  if (observer) settings.observers.push_back(observer);
  return run_training(config, settings);
}

// `yaml` trained whole, and again stopped at iteration `stop_at` and resumed from its
// checkpoint: the two runs end bit for bit, every parameter included. `tag` names the
// runs' files (removed afterwards) and the failures.
inline void expect_resume_bit_for_bit(const std::string& yaml, int64_t stop_at,
                                      const std::string& tag) {
  const auto full_path = temp_path(tag + "_full.h5");
  const auto part_path = temp_path(tag + "_part.h5");
  const auto full = train(parse_config(yaml, {"output.file=" + full_path}));
  ASSERT_EQ(full.status, "completed") << tag << ": " << full.message;
  const auto part_config = parse_config(yaml, {"output.file=" + part_path});
  std::atomic<bool> stop{false};
  StopAt observer(stop_at, stop);
  ASSERT_EQ(train(part_config, &stop, &observer).status, "interrupted") << tag;
  const auto checkpoint = read_checkpoint(part_config.checkpoint_file);
  const auto resumed = train(part_config, nullptr, nullptr, &checkpoint);
  expect_identical(full, resumed);
  ASSERT_EQ(resumed.parameters.size(), full.parameters.size()) << tag;
  for (size_t i = 0; i < full.parameters.size(); ++i) {
    EXPECT_EQ(resumed.parameters[i].values, full.parameters[i].values)
        << tag << " " << full.parameters[i].name;
  }
  for (const auto& path : {full_path, part_path}) {
    for (const auto* suffix : {".h5", ".xmf", ".space-time.xmf", ".checkpoint.h5"}) {
      std::filesystem::remove(std::filesystem::path(path).replace_extension(suffix));
    }
  }
}

// The message of the ConfigError that parsing `yaml` raises.
inline std::string config_error_of(const std::string& yaml,
                                   const std::vector<std::string>& overrides = {}) {
  try {
    parse_config(yaml, overrides);
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for:\n" << yaml;
  return "";
}

}  // namespace pinn::testing
