#include "solver/cli/commands.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "solver/config/config_error.h"
#include "solver/config/reader.h"
#include "solver/config/source.h"
#include "solver/io/checkpoint.h"
#include "solver/io/hdf5_file.h"
#include "solver/run/resume.h"
#include "solver/run/run.h"
#include "solver/study/study_run.h"

namespace pinn::cli {
namespace {

// A bad output path fails before training rather than after it.
void require_writable_directory(const config::Reader& section, const std::string& key,
                                const std::string& file) {
  const auto parent = std::filesystem::absolute(file).parent_path();
  if (!std::filesystem::is_directory(parent) || ::access(parent.c_str(), W_OK) != 0) {
    section.fail(key, "value '" + file + "': directory '" + parent.string() +
                          "' does not exist or is not writable");
  }
}

// Loads, overrides and validates; also checks that the result can be written.
RunConfig load(const ProblemRegistry& registry, const std::string& path,
               const std::vector<std::string>& overrides) {
  auto source = config::load_config_file(path);
  const YAML::Node root = source.root();
  if (root["base"] && !root["problem"]) {
    throw config::ConfigError(path,
                              "this is a study file (it names a 'base' config): run it with "
                              "'pinn study " +
                                  path + "', or validate every run with 'pinn study " + path +
                                  " --dry-run'");
  }
  for (const auto& o : overrides) config::apply_override(source, o);
  auto config = parse_run_config(source, registry);
  require_writable_directory(config::Reader(source).section("output"), "file", config.output_file);
  return config;
}

std::string describe(double value) {
  if (std::isnan(value)) return "n/a";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3e", value);
  return buffer;
}

// Trains `config` (continuing `checkpoint` when given) and reports the outcome.
int run(const RunConfig& config, const Checkpoint* checkpoint,
        const std::atomic<bool>& stop_requested) {
  std::cerr << "pinn " << PINN_VERSION << ": " << config.problem_name << " on " << config.device
            << " (" << config.dtype << ", " << config.threads << " threads, "
            << to_string(config.derivatives) << " derivatives) -> " << config.output_file << "\n";
  if (checkpoint) {
    std::cerr << "resuming from " << config.checkpoint_file << " at iteration "
              << checkpoint->trainer.iteration << " (" << checkpoint->trainer.phase << ")\n";
  }
  RunSettings settings;
  settings.log = stderr;
  settings.live_progress = ::isatty(::fileno(stderr)) != 0;
  settings.stop_requested = &stop_requested;
  settings.resume_from = checkpoint;
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
  if (result.status != "completed") {
    std::cerr << "checkpoint " << config.checkpoint_file << " (continue with: pinn resume "
              << config.checkpoint_file << ")\n";
  }
  if (result.status == "diverged") return kExitDiverged;
  if (result.status == "interrupted") return kExitInterrupted;
  return kExitOk;
}

// The checkpoint `config` continues from; refused when the config changed a
// setting that decides the result.
Checkpoint checkpoint_for(const RunConfig& config) {
  auto checkpoint = read_checkpoint(config.checkpoint_file);
  const auto changed = changed_settings(checkpoint.config, config.resolved_yaml);
  if (!changed.empty()) {
    std::string keys;
    for (const auto& key : changed) keys += (keys.empty() ? "" : ", ") + key;
    throw std::runtime_error("cannot resume from '" + config.checkpoint_file +
                             "': these settings differ from the run it was written by: " + keys +
                             " (only output.* and training.threads may change)");
  }
  return checkpoint;
}

}  // namespace

int train(const ProblemRegistry& registry, const std::string& config_path,
          const std::vector<std::string>& overrides, const TrainFlags& flags,
          const std::atomic<bool>& stop_requested) {
  RunConfig config;
  std::optional<Checkpoint> checkpoint;
  try {
    config = load(registry, config_path, overrides);
    if (flags.resume) {
      checkpoint = checkpoint_for(config);
    } else if (!flags.force && std::filesystem::exists(config.output_file)) {
      std::cerr << "error: result file '" << config.output_file
                << "' exists; pass --force to replace it, or --resume to continue its run\n";
      return kExitBadInput;
    }
  } catch (const std::runtime_error& e) {  // config errors, unreadable checkpoints
    std::cerr << "error: " << e.what() << "\n";
    return kExitBadInput;
  }
  return run(config, checkpoint ? &*checkpoint : nullptr, stop_requested);
}

int resume(const ProblemRegistry& registry, const std::string& path,
           const std::atomic<bool>& stop_requested) {
  RunConfig config;
  std::optional<Checkpoint> checkpoint;
  try {
    std::string stored;
    if (is_checkpoint_file(path)) {
      checkpoint = read_checkpoint(path);
      stored = checkpoint->config;
    } else {
      stored = read_result(path).config;
    }
    auto source = config::load_config_string(stored, path + " (its stored config)");
    config = parse_run_config(source, registry);
    if (checkpoint) {
      config.checkpoint_file = path;  // go on writing where it was found
    } else {
      checkpoint = checkpoint_for(config);
    }
  } catch (const std::runtime_error& e) {  // config errors, unreadable checkpoints
    std::cerr << "error: " << e.what() << "\n";
    return kExitBadInput;
  }
  return run(config, &*checkpoint, stop_requested);
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

int study(const ProblemRegistry& registry, const std::string& study_path,
          const std::vector<std::string>& overrides, bool dry_run, const std::string& executable,
          const std::atomic<bool>& stop_requested) {
  study::StudyConfig config;
  std::vector<study::PlannedRun> runs;
  try {
    auto source = config::load_config_file(study_path);
    for (const auto& o : overrides) config::apply_override(source, o);
    config = study::parse_study_config(source);
    require_writable_directory(config::Reader(source), "output", config.output);
    runs = study::plan_runs(config, registry);
  } catch (const config::ConfigError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitBadInput;
  }
  std::cerr << "study " << study_path << ": " << config.variants.size() << " variants x "
            << config.seeds.size() << " seeds of " << config.base << " -> " << config.output
            << " (runs in " << study::runs_directory(config.output) << ")\n";
  if (dry_run) {
    for (const auto& run : runs) {
      const char* state = study::finished_earlier(run) ? "done earlier: "
                          : study::resumable(run)      ? "to resume: "
                                                       : "to run: ";
      std::cout << state << run.variant << " seed " << run.seed << ": pinn train "
                << run.base_config;
      for (const auto& o : run.overrides) std::cout << " " << o;
      std::cout << "\n";
    }
    return kExitOk;
  }
  study::RunnerOptions options;
  options.executable = executable;
  options.jobs = config.jobs;
  options.log = stderr;
  options.stop_requested = &stop_requested;
  study::StudyOutcome outcome;
  try {
    outcome = study::run_study(config, runs, options);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitFailure;
  }
  std::cout << study::markdown_table(outcome.summaries, config.thresholds);
  std::cerr << outcome.file.status << ": " << outcome.file.runs_finished << " of "
            << outcome.file.runs_planned << " runs finished; wrote " << config.output << "\n";
  if (outcome.file.status == "interrupted") return kExitInterrupted;
  if (outcome.file.status == "incomplete") {
    for (size_t i = 0; i < runs.size(); ++i) {
      if (outcome.states[i] == study::RunState::Failed) {
        std::cerr << "failed: " << runs[i].variant << " seed " << runs[i].seed << " (log "
                  << runs[i].log_path << ")\n";
      }
    }
    return kExitFailure;
  }
  return kExitOk;
}

int summary(const std::string& result_path) {
  try {
    if (study::is_study_file(result_path)) {
      std::cout << study::describe_study_file(result_path);
      return kExitOk;
    }
    if (is_checkpoint_file(result_path)) {
      const auto c = read_checkpoint(result_path);
      std::cout << "checkpoint " << result_path << ": iteration " << c.trainer.iteration << " ("
                << c.trainer.phase << "), " << c.history.iteration.size() << " records, "
                << c.trainer.rollbacks << " rollbacks, " << describe(c.trainer.elapsed_s)
                << " s of training, pinn " << c.version << "\n"
                << "config:\n"
                << c.config;
      return kExitOk;
    }
    const auto r = read_result(result_path);
    std::cout << "result " << result_path << ": " << r.problem << ", " << r.status;
    if (!r.message.empty()) std::cout << " (" << r.message << ")";
    std::cout << "\n  seed " << r.seed << ", " << r.dtype << " on " << r.device << ", " << r.threads
              << " threads, " << r.derivatives << " derivatives, pinn " << r.version << ", "
              << describe(r.wall_time_s) << " s\n"
              << "  iterations " << r.metrics.iterations << ", final loss "
              << describe(r.metrics.final_loss) << ", relative L2 error "
              << describe(r.metrics.rel_l2) << ", max abs error "
              << describe(r.metrics.max_abs_error) << "\n";
    for (size_t i = 0; i < r.history.term_names.size(); ++i) {
      const auto& values = r.history.term_loss[i];
      std::cout << "  loss_" << r.history.term_names[i] << " "
                << describe(values.empty() ? std::nan("") : values.back()) << "\n";
    }
    const auto slopes = final_layer_slopes(r.history);
    for (size_t k = 0; k < slopes.size(); ++k) {
      const auto width = r.history.slope_widths[k];
      std::cout << "  slope n*a of hidden layer " << k << " (mean over " << width
                << (width == 1 ? " neuron" : " neurons") << ") " << describe(slopes[k]) << "\n";
    }
    std::cout << "config:\n" << r.config;
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitBadInput;
  }
}

}  // namespace pinn::cli
