#include "solver/cli/commands.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "solver/cli/input_checks.h"
#include "solver/cli/metrics_text.h"
#include "solver/common/text.h"
#include "solver/config/config_error.h"
#include "solver/config/reader.h"
#include "solver/config/source.h"
#include "solver/distributed/gradient_all_reduce.h"
#include "solver/distributed/local_launcher.h"
#include "solver/distributed/process_group.h"
#include "solver/io/checkpoint.h"
#include "solver/io/file_kind.h"
#include "solver/io/hdf5_file.h"
#include "solver/run/resume.h"
#include "solver/run/run.h"

namespace pinn::cli {
namespace {

// Loads, overrides and validates; also checks that the result can be written.
RunConfig load(const ProblemRegistry& registry, const std::string& path,
               const std::vector<std::string>& overrides) {
  refuse_hdf5_as_config(path);
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
  const auto output = config::Reader(source).section("output");
  require_writable_file_path(output, "file", config.output_file);
  require_writable_file_path(output, "checkpoint", config.checkpoint_file);
  return config;
}

// Why a run's result cannot be continued, when it cannot (empty when its checkpoint
// is there): a finished run has none left to continue from.
std::string nothing_to_resume(const RunConfig& config) {
  if (std::filesystem::exists(config.checkpoint_file)) return "";
  std::string what = "no checkpoint '" + config.checkpoint_file + "' to continue from";
  if (file_kind_of(config.output_file) == FileKind::Result) {
    const auto result = read_result(config.output_file);
    if (result.status == "completed") {
      what = "the run in '" + config.output_file + "' is complete (" +
             count_of(result.metrics.iterations, "iteration") + "), so there is nothing to resume";
    }
  }
  return what +
         ": to train again, pass --force to replace the result, or set output.file to "
         "another path (an override such as output.file=run2.h5)";
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
    for (const auto& w : config.warnings) std::cerr << "warning: " << w << "\n";
    std::cerr << "pinn " << PINN_VERSION << ": " << config.problem_name << " on " << config.device
              << " (" << config.dtype << ", ";
    if (shard.count > 1) std::cerr << shard.count << " processes of ";
    std::cerr << count_of(config.threads, "thread") << ", " << to_string(config.derivatives)
              << " derivatives) -> " << config.output_file << "\n";
    if (prepared.checkpoint) {
      std::cerr << "resuming from " << config.checkpoint_file << " at iteration "
                << prepared.checkpoint->trainer.iteration << " ("
                << prepared.checkpoint->trainer.phase << ")";
      if (prepared.checkpoint->windows.used()) {
        std::cerr << " in time window " << prepared.checkpoint->windows.window + 1 << " of "
                  << config.window_edges.size() - 1;
      }
      std::cerr << "\n";
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
    std::cerr << result.status << " after " << count_of(result.metrics.iterations, "iteration")
              << " in " << format_duration(result.wall_time_s) << " (and "
              << format_duration(result.setup_s) << " of set-up): final loss "
              << format_scientific(result.metrics.final_loss) << ", "
              << headline_errors(result.metrics) << "\n"
              << metrics_lines(result.metrics);
    // The status line already says where an interrupted run stopped.
    const bool repeats_status =
        result.status == "interrupted" && result.message.rfind("interrupted at iteration", 0) == 0;
    if (!result.message.empty() && !repeats_status) std::cerr << result.message << "\n";
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
  if (const auto why = nothing_to_resume(config); !why.empty()) throw std::runtime_error(why);
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
      if (const auto why = nothing_to_resume(prepared.config); !why.empty()) {
        throw std::runtime_error("result file '" + output + "' exists; " + why);
      }
      throw std::runtime_error("result file '" + output +
                               "' exists, from a run that stopped early: pass --resume to "
                               "continue it from " +
                               prepared.config.checkpoint_file +
                               ", or --force to start again and replace it");
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
    const auto kind = file_kind_of(path);
    if (kind == FileKind::Checkpoint) {
      prepared.checkpoint = read_checkpoint(path);
      stored = prepared.checkpoint->config;
    } else if (kind == FileKind::Result) {
      stored = read_result(path).config;
    } else {
      throw std::runtime_error("cannot resume from '" + path + "': it is " + describe(kind) +
                               " (pinn resume takes a run's checkpoint or result file)");
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
    for (const auto& w : config.warnings) std::cerr << "warning: " << w << "\n";
    // A formula problem as pinn understood it, as comments: the output stays a config.
    const auto description = config.problem->description();
    if (!description.empty()) std::cout << "# the problem as read:\n";
    for (const auto& line : description) std::cout << "#   " << line << "\n";
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
                << p.description << (p.coefficient ? "; a coefficient unknowns may identify" : "")
                << "\n";
    }
  }
  return kExitOk;
}

}  // namespace pinn::cli
