#include "solver/cli/commands.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "solver/config/config_error.h"
#include "solver/config/reader.h"
#include "solver/config/source.h"
#include "solver/run/run.h"

namespace pinn::cli {
namespace {

// Loads, overrides and validates; also checks that the result can be written,
// so that a bad path fails before training rather than after.
RunConfig load(const ProblemRegistry& registry, const std::string& path,
               const std::vector<std::string>& overrides) {
  auto source = config::load_config_file(path);
  for (const auto& o : overrides) config::apply_override(source, o);
  auto config = parse_run_config(source, registry);
  const auto parent = std::filesystem::absolute(config.output_file).parent_path();
  if (!std::filesystem::is_directory(parent) || ::access(parent.c_str(), W_OK) != 0) {
    config::Reader output = config::Reader(source).section("output");
    output.fail("file", "value '" + config.output_file + "': directory '" + parent.string() +
                            "' does not exist or is not writable");
  }
  return config;
}

std::string describe(double value) {
  if (std::isnan(value)) return "n/a";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3e", value);
  return buffer;
}

}  // namespace

int train(const ProblemRegistry& registry, const std::string& config_path,
          const std::vector<std::string>& overrides, const std::atomic<bool>& stop_requested) {
  RunConfig config;
  try {
    config = load(registry, config_path, overrides);
  } catch (const config::ConfigError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitBadInput;
  }
  std::cerr << "pinn " << PINN_VERSION << ": " << config.problem_name << " on " << config.device
            << " (" << config.dtype << ", " << config.threads << " threads) -> "
            << config.output_file << "\n";
  RunSettings settings;
  settings.log = stderr;
  settings.live_progress = ::isatty(::fileno(stderr)) != 0;
  settings.stop_requested = &stop_requested;
  ResultData result;
  try {
    result = run_training(config, settings);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitFailure;
  }
  std::cerr << result.status << " after " << result.metrics.iterations << " iterations in "
            << describe(result.wall_time_s) << " s: final loss "
            << describe(result.metrics.final_loss) << ", relative L2 error "
            << describe(result.metrics.rel_l2) << ", max abs error "
            << describe(result.metrics.max_abs_error) << "\n";
  if (!result.message.empty()) std::cerr << result.message << "\n";
  std::cerr << "wrote " << config.output_file << "\n";
  if (result.status == "diverged") return kExitDiverged;
  if (result.status == "interrupted") return kExitInterrupted;
  return kExitOk;
}

int check(const ProblemRegistry& registry, const std::string& config_path,
          const std::vector<std::string>& overrides) {
  try {
    const auto config = load(registry, config_path, overrides);
    std::cout << config.resolved_yaml;
    if (!config.resolved_yaml.empty() && config.resolved_yaml.back() != '\n') std::cout << "\n";
    return kExitOk;
  } catch (const config::ConfigError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitBadInput;
  }
}

int list_problems(const ProblemRegistry& registry) {
  for (const auto& name : registry.names()) {
    const auto& entry = registry.find(name);
    std::cout << entry.name << ": " << entry.summary << "\n";
    for (const auto& p : entry.parameters) {
      std::cout << "  problem." << p.name << " = " << to_string(p.default_value) << "  # "
                << p.description << "\n";
    }
  }
  return kExitOk;
}

}  // namespace pinn::cli
