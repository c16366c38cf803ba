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
#include "solver/run/run.h"
#include "solver/run/run_config.h"

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
