// pinn: trains physics-informed neural networks from YAML configs.
//
//   pinn train CONFIG [key=value ...]    train and write the HDF5 result
//        [--resume] [--force]            continue from its checkpoint; replace a result
//        [--nproc N]                     data-parallel over N local processes
//   pinn resume CHECKPOINT|RESULT        continue an interrupted or diverged run
//   (train and resume also run as one worker of a launched data-parallel run when
//   RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT are set, as torchrun sets them)
//   pinn check CONFIG [key=value ...]    validate and print the resolved config
//   pinn problems                        list problems and their parameters
//   pinn study STUDY [key=value ...]     run variants x seeds, summarise in one HDF5 file
//   pinn summary RESULT                  print a result's metrics and config, or a study's table
//   pinn eval RESULT POINTS [-d u_x,...] the network (and derivatives) at a file's points

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>

#include "problems/register_builtin.h"
#include "solver/cli/commands.h"
#include "solver/common/closest.h"
#include "solver/common/process_tuning.h"
#include "solver/common/text.h"

namespace {

// What a signal handler may touch must outlive main's frames; these are the only
// process-wide state, read through stop_flag() and stop_signal().
std::atomic<bool>& stop_flag() {
  static std::atomic<bool> flag{false};
  return flag;
}

std::atomic<int>& stop_signal() {
  static std::atomic<int> number{SIGINT};
  return number;
}

extern "C" void on_signal(int signal) {
  // First signal: finish the step and write the result. Second: leave now; the
  // result and checkpoint files are only ever replaced by an atomic rename, so
  // nothing is torn.
  if (stop_flag().exchange(true)) ::_exit(128 + signal);
  stop_signal().store(signal);
}

void catch_stop_signals() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

// No command, or a first word that names none: say so, with the commands and the
// likeliest meant, before CLI11 reads it as a stray argument. False when there is
// nothing to say.
bool refuse_unknown_command(const CLI::App& app, int argc, char** argv) {
  if (argc >= 2 && argv[1][0] == '-') return false;
  std::vector<std::string> names;
  for (const auto* command : app.get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(command->get_name());
  }
  if (argc < 2) {
    std::fprintf(stderr, "error: a command is required; the commands are %s\n",
                 pinn::join(names).c_str());
  } else {
    const std::string given = argv[1];
    if (std::find(names.begin(), names.end(), given) != names.end()) return false;
    std::fprintf(stderr, "error: '%s' is not a pinn command; the commands are %s", given.c_str(),
                 pinn::join(names).c_str());
    const auto meant = pinn::closest_name(given, names);
    if (!meant.empty()) std::fprintf(stderr, ". Did you mean '%s'?", meant.c_str());
    std::fprintf(stderr, "\n");
  }
  std::fprintf(stderr, "Run pinn --help for more information.\n");
  return true;
}

// CLI11's own messages, in the style of pinn's: "error: ...".
std::string failure_message(const CLI::App* app, const CLI::Error& e) {
  // The root app reports its subcommands' errors: name the one that was given.
  std::string command = app->get_name();
  const auto given = app->get_subcommands();
  if (!given.empty()) command += " " + given.back()->get_name();
  return std::string("error: ") + e.what() + "\nRun " + command + " --help for more information.\n";
}

// An interrupted run exits with 128 + the signal's number, as a shell reports it.
int exit_code(int code) {
  return code == pinn::cli::kExitInterrupted ? 128 + stop_signal().load() : code;
}

}  // namespace

int main(int argc, char** argv) {
  pinn::tune_process();
  pinn::ProblemRegistry registry;
  pinn::problems::register_builtin(registry);

  CLI::App app{"pinn: physics-informed neural networks with adaptive activations"};
  app.set_version_flag("--version", std::string("pinn ") + PINN_VERSION);
  app.require_subcommand(1);
  app.name("pinn");
  app.failure_message(failure_message);

  std::string config_path;
  std::vector<std::string> overrides;
  auto* train = app.add_subcommand("train", "train a network as a config describes, write HDF5");
  train->add_option("config", config_path, "YAML config file")->required();
  train->add_option("overrides", overrides, "dotted key=value settings applied over the file");
  pinn::cli::TrainFlags flags;
  train->add_flag("--resume", flags.resume,
                  "continue from the checkpoint the config names (output.checkpoint)");
  train->add_flag("--force", flags.force, "replace an existing result file");
  std::string resume_path;
  auto* resume = app.add_subcommand("resume", "continue an interrupted or diverged run");
  resume->add_option("path", resume_path, "its checkpoint, or its result file")->required();
  pinn::cli::LaunchFlags launch;
  for (auto* command : {train, resume}) {
    command
        ->add_option("--nproc", launch.nproc,
                     "train data-parallel in N processes on this machine (c10d, Gloo)")
        ->check(CLI::Range(int64_t{1}, int64_t{4096}));
    command
        ->add_option("--peer-timeout", launch.peer_timeout_s,
                     "seconds a data-parallel process waits for its peers (default 300)")
        ->check(CLI::PositiveNumber);
    command->add_option("--rendezvous-file", launch.rendezvous_file,
                        "meet through a c10d FileStore at this path (on a file system every "
                        "process sees) instead of MASTER_ADDR:MASTER_PORT");
  }
  auto* check = app.add_subcommand("check", "validate a config and print it fully resolved");
  check->add_option("config", config_path, "YAML config file")->required();
  check->add_option("overrides", overrides, "dotted key=value settings applied over the file");
  auto* problems = app.add_subcommand("problems", "list the problems and their parameters");
  bool dry_run = false;
  auto* study = app.add_subcommand("study", "run a study: every variant x seed, one HDF5 summary");
  study->add_option("study", config_path, "study YAML file")->required();
  study->add_option("overrides", overrides, "dotted key=value settings applied over the file");
  study->add_flag("--dry-run", dry_run, "validate every run and print the plan; run nothing");
  std::string result_path;
  auto* summary = app.add_subcommand("summary", "print a result's metrics and config");
  summary->add_option("result", result_path, "HDF5 result of pinn train or pinn study")->required();

  pinn::cli::EvalFlags eval_flags;
  auto* eval = app.add_subcommand("eval", "evaluate a trained network (and derivatives) at points");
  eval->add_option("result", eval_flags.result, "HDF5 result of pinn train")->required();
  eval->add_option("points", eval_flags.points,
                   "points: text or .csv (one per line, optional header of input names), "
                   "or .h5 (an N x inputs dataset)")
      ->required();
  eval->add_option("-d,--derivative", eval_flags.derivatives,
                   "derivatives to add as columns: u_x, u_xx, v_xy, ... (order up to 4; "
                   "repeat or separate by commas)");
  eval->add_option("-o,--output", eval_flags.output, "write to this file instead of stdout");
  eval->add_option("--format", eval_flags.format, "text, csv or hdf5 (default: by -o's name)")
      ->check(CLI::IsMember({"text", "csv", "hdf5"}));
  eval->add_option("--dataset", eval_flags.dataset, "the dataset of an HDF5 points file");

  if (refuse_unknown_command(app, argc, argv)) return pinn::cli::kExitBadInput;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : pinn::cli::kExitBadInput;
  }

  // Local workers of a data-parallel run are this same binary with this command
  // line, less --nproc.
  launch.executable = std::filesystem::read_symlink("/proc/self/exe").string();
  auto& worker = launch.worker_arguments;
  char timeout[32];
  std::snprintf(timeout, sizeof timeout, "%.17g", launch.peer_timeout_s);
  const pinn::cli::StopRequest stop{stop_flag(), stop_signal()};
  if (train->parsed()) {
    worker = {"train", config_path};
    worker.insert(worker.end(), overrides.begin(), overrides.end());
    if (flags.resume) worker.push_back("--resume");
    if (flags.force) worker.push_back("--force");
  } else if (resume->parsed()) {
    worker = {"resume", resume_path};
  }
  if (!worker.empty()) {
    worker.insert(worker.end(), {"--peer-timeout", timeout});
    if (!launch.rendezvous_file.empty()) {
      worker.insert(worker.end(), {"--rendezvous-file", launch.rendezvous_file});
    }
  }
  if (train->parsed()) {
    catch_stop_signals();
    return exit_code(pinn::cli::train(registry, config_path, overrides, flags, launch, stop));
  }
  if (resume->parsed()) {
    catch_stop_signals();
    return exit_code(pinn::cli::resume(registry, resume_path, launch, stop));
  }
  if (study->parsed()) {
    catch_stop_signals();
    // Runs are this same binary; /proc/self/exe finds it wherever it was started from.
    return exit_code(pinn::cli::study(registry, config_path, overrides, dry_run, launch.executable,
                                      stop_flag()));
  }
  if (summary->parsed()) return pinn::cli::summary(result_path);
  if (eval->parsed()) return pinn::cli::eval(registry, eval_flags);
  if (check->parsed()) return pinn::cli::check(registry, config_path, overrides);
  if (problems->parsed()) return pinn::cli::list_problems(registry);
  return pinn::cli::kExitBadInput;
}
