// pinn: trains physics-informed neural networks from YAML configs.
//
//   pinn train CONFIG [key=value ...]    train and write the HDF5 result
//        [--resume] [--force]            continue from its checkpoint; replace a result
//   pinn resume CHECKPOINT|RESULT        continue an interrupted or diverged run
//   pinn check CONFIG [key=value ...]    validate and print the resolved config
//   pinn problems                        list problems and their parameters
//   pinn study STUDY [key=value ...]     run variants x seeds, summarise in one HDF5 file
//   pinn summary RESULT                  print a result's metrics and config, or a study's table

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <filesystem>

#include "problems/register_builtin.h"
#include "solver/cli/commands.h"
#include "solver/common/process_tuning.h"

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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : pinn::cli::kExitBadInput;
  }

  if (train->parsed()) {
    catch_stop_signals();
    return exit_code(pinn::cli::train(registry, config_path, overrides, flags, stop_flag()));
  }
  if (resume->parsed()) {
    catch_stop_signals();
    return exit_code(pinn::cli::resume(registry, resume_path, stop_flag()));
  }
  if (study->parsed()) {
    catch_stop_signals();
    // Runs are this same binary; /proc/self/exe finds it wherever it was started from.
    const auto executable = std::filesystem::read_symlink("/proc/self/exe").string();
    return exit_code(
        pinn::cli::study(registry, config_path, overrides, dry_run, executable, stop_flag()));
  }
  if (summary->parsed()) return pinn::cli::summary(result_path);
  if (check->parsed()) return pinn::cli::check(registry, config_path, overrides);
  if (problems->parsed()) return pinn::cli::list_problems(registry);
  return pinn::cli::kExitBadInput;
}
