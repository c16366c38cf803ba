#include "solver/cli/commands.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "solver/config/config_error.h"
#include "solver/config/reader.h"
#include "solver/config/source.h"
#include "solver/distributed/gradient_all_reduce.h"
#include "solver/distributed/local_launcher.h"
#include "solver/distributed/process_group.h"
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

// A run ready to start: its config, and the checkpoint it continues.
struct Prepared {
  RunConfig config;
  std::optional<Checkpoint> checkpoint;
};

// Loads and checks what a command asks for; throws std::runtime_error for bad
// input. With `check_output`, an existing result is refused (without --force);
// in a data-parallel run only the process that writes it checks.
using Prepare = std::function<Prepared(bool check_output)>;

// Trains `prepared` (on `shard`'s share of the points when data-parallel) and
// reports the outcome; only the process that writes output prints it.
int run(const Prepared& prepared, const StopRequest& stop, const Shard& shard,
        StepReduction* reduction) {
  const auto& config = prepared.config;
  const bool writer = shard.writes_output();
  const std::string who = shard.count > 1 ? "rank " + std::to_string(shard.rank) + " of " +
                                                std::to_string(shard.count) + ": "
                                          : "";
  if (writer) {
    std::cerr << "pinn " << PINN_VERSION << ": " << config.problem_name << " on " << config.device
              << " (" << config.dtype << ", ";
    if (shard.count > 1) std::cerr << shard.count << " processes of ";
    std::cerr << config.threads << " threads, " << to_string(config.derivatives)
              << " derivatives) -> " << config.output_file << "\n";
    if (prepared.checkpoint) {
      std::cerr << "resuming from " << config.checkpoint_file << " at iteration "
                << prepared.checkpoint->trainer.iteration << " ("
                << prepared.checkpoint->trainer.phase << ")\n";
    }
  }
  RunSettings settings;
  settings.log = stderr;
  settings.live_progress = ::isatty(::fileno(stderr)) != 0;
  settings.stop_requested = &stop.requested;
  settings.resume_from = prepared.checkpoint ? &*prepared.checkpoint : nullptr;
  settings.shard = shard;
  settings.reduction = reduction;
  ResultData result;
  try {
    result = run_training(config, settings);
  } catch (const std::exception& e) {
    std::cerr << "error: " << who << e.what() << "\n";
    if (writer && std::filesystem::exists(config.checkpoint_file)) {
      std::cerr << "the last checkpoint, " << config.checkpoint_file
                << ", is intact (continue with: pinn resume " << config.checkpoint_file << ")\n";
    }
    // Too few points for the processes sharing them is bad input, like a config error.
    return dynamic_cast<const std::invalid_argument*>(&e) ? kExitBadInput : kExitFailure;
  }
  if (writer) {
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
  }
  if (result.status == "diverged") return kExitDiverged;
  if (result.status == "interrupted") return kExitInterrupted;
  return kExitOk;
}

// One worker of a data-parallel run: meets its peers, agrees with them that the
// run can start (each says why when it cannot), then trains its share.
int run_worker(const Prepare& prepare, const distributed::Rendezvous& rendezvous,
               const StopRequest& stop) {
  const std::string who = "rank " + std::to_string(rendezvous.rank) + " of " +
                          std::to_string(rendezvous.world_size) + ": ";
  std::optional<Prepared> prepared;
  bool refused = false;
  try {
    prepared = prepare(rendezvous.rank == 0);
  } catch (const std::runtime_error& e) {
    // Said now, and the peers are still met, so that they stop at once rather
    // than wait for this process until the timeout.
    std::cerr << "error: " << who << e.what() << "\n";
    refused = true;
  }
  try {
    distributed::ProcessGroup group(rendezvous);
    if (!group.all_agree(!refused) || refused) return kExitBadInput;
    distributed::GradientAllReduce reduction(group);
    return run(*prepared, stop, Shard{rendezvous.rank, rendezvous.world_size}, &reduction);
  } catch (const std::runtime_error& e) {
    std::cerr << "error: " << who << e.what() << "\n";
    return refused ? kExitBadInput : kExitFailure;
  }
}

// Runs what `prepare` gives in the way `flags` and the environment ask for.
int launch(const Prepare& prepare, const LaunchFlags& flags, const StopRequest& stop) {
  distributed::Rendezvous rendezvous;
  try {
    rendezvous = distributed::rendezvous_from_environment();
    rendezvous.timeout_s = flags.peer_timeout_s;
    rendezvous.file = flags.rendezvous_file;
    rendezvous.validate();
    if (rendezvous.distributed() && flags.nproc > 0) {
      throw std::invalid_argument(
          "--nproc " + std::to_string(flags.nproc) +
          ": pinn was started as one worker of a launched run (RANK and WORLD_SIZE are set); "
          "--nproc starts workers itself, so give one or the other");
    }
    if (!flags.rendezvous_file.empty() && !rendezvous.distributed() && flags.nproc < 2) {
      throw std::invalid_argument("--rendezvous-file " + flags.rendezvous_file +
                                  ": needs several processes (--nproc, or RANK and WORLD_SIZE)");
    }
  } catch (const std::invalid_argument& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitBadInput;
  }
  if (rendezvous.distributed()) return run_worker(prepare, rendezvous, stop);
  std::optional<Prepared> prepared;
  try {
    prepared = prepare(true);
  } catch (const std::runtime_error& e) {  // config errors, unreadable checkpoints
    std::cerr << "error: " << e.what() << "\n";
    return kExitBadInput;
  }
  if (flags.nproc > 1) {
    distributed::LocalLaunch local;
    local.processes = flags.nproc;
    local.executable = flags.executable;
    local.arguments = flags.worker_arguments;
    local.timeout_s = flags.peer_timeout_s;
    try {
      return distributed::launch_local(local, stop.requested, stop.signal, stderr);
    } catch (const std::exception& e) {
      std::cerr << "error: " << e.what() << "\n";
      return kExitFailure;
    }
  }
  return run(*prepared, stop, {}, nullptr);
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
          const LaunchFlags& launch_flags, const StopRequest& stop) {
  const Prepare prepare = [&](bool check_output) {
    Prepared prepared;
    prepared.config = load(registry, config_path, overrides);
    const auto& output = prepared.config.output_file;
    if (flags.resume) {
      prepared.checkpoint = checkpoint_for(prepared.config);
    } else if (check_output && !flags.force && std::filesystem::exists(output)) {
      throw std::runtime_error("result file '" + output +
                               "' exists; pass --force to replace it, or --resume to continue "
                               "its run");
    }
    return prepared;
  };
  return launch(prepare, launch_flags, stop);
}

int resume(const ProblemRegistry& registry, const std::string& path,
           const LaunchFlags& launch_flags, const StopRequest& stop) {
  const Prepare prepare = [&](bool) {
    Prepared prepared;
    std::string stored;
    if (is_checkpoint_file(path)) {
      prepared.checkpoint = read_checkpoint(path);
      stored = prepared.checkpoint->config;
    } else {
      stored = read_result(path).config;
    }
    auto source = config::load_config_string(stored, path + " (its stored config)");
    prepared.config = parse_run_config(source, registry);
    if (prepared.checkpoint) {
      prepared.config.checkpoint_file = path;  // go on writing where it was found
    } else {
      prepared.checkpoint = checkpoint_for(prepared.config);
    }
    return prepared;
  };
  return launch(prepare, launch_flags, stop);
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
              << " threads";
    if (r.processes > 1) {
      std::cout << " x " << r.processes << " processes (" << describe(r.communication_s)
                << " s summing with the others)";
    }
    std::cout << ", " << r.derivatives << " derivatives, pinn " << r.version << ", "
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
