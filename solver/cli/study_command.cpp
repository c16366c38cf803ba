// pinn study: every variant x seed of a study file, then its summary.

#include <iostream>

#include "solver/cli/commands.h"
#include "solver/cli/input_checks.h"
#include "solver/common/text.h"
#include "solver/config/config_error.h"
#include "solver/config/reader.h"
#include "solver/config/source.h"
#include "solver/study/study_run.h"

namespace pinn::cli {

int study(const ProblemRegistry& registry, const std::string& study_path,
          const std::vector<std::string>& overrides, bool dry_run, const std::string& executable,
          const std::atomic<bool>& stop_requested) {
  study::StudyConfig config;
  std::vector<study::PlannedRun> runs;
  try {
    refuse_hdf5_as_config(study_path);
    auto source = config::load_config_file(study_path);
    if (source.root()["problem"] && !source.root()["base"]) {
      throw config::ConfigError(study_path,
                                "this is a run config (it has 'problem' and no 'base'): train it "
                                "with 'pinn train " +
                                    study_path + "'; a study file names its run config as 'base'");
    }
    for (const auto& o : overrides) config::apply_override(source, o);
    config = study::parse_study_config(source);
    require_writable_file_path(config::Reader(source), "output", config.output);
    runs = study::plan_runs(config, registry);
  } catch (const config::ConfigError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitBadInput;
  }
  // Once here: each run's log repeats them, but the terminal hears them once per study.
  for (const auto& w : study::plan_warnings(runs)) std::cerr << "warning: " << w << "\n";
  std::cerr << "study " << study_path << ": " << config.variants.size() << " variants x "
            << config.seeds.size() << " seeds of " << config.base << " -> " << config.output
            << " (runs in " << study::runs_directory(config.output) << ")\n";
  if (dry_run) {
    for (const auto& run : runs) {
      const char* state = study::finished_earlier(run) ? "done earlier: "
                          : study::resumable(run)      ? "to resume: "
                                                       : "to run: ";
      // Each line can be pasted into a shell as it is.
      std::cout << state << run.variant << " seed " << run.seed << ": pinn train "
                << shell_word(run.base_config);
      for (const auto& o : run.overrides) std::cout << " " << shell_word(o);
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

}  // namespace pinn::cli
