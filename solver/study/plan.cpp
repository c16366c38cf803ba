#include "solver/study/plan.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>

#include "solver/config/source.h"
#include "solver/io/checkpoint.h"
#include "solver/io/result.h"
#include "solver/run/resume.h"
#include "solver/run/run_config.h"

namespace pinn::study {
namespace {

namespace fs = std::filesystem;

// Whether a stored run was made with `resolved` settings; the thread count only
// reorders sums.
bool same_settings(const std::string& stored, const std::string& resolved) {
  return differing_settings(stored, resolved,
                            [](const std::string& key) { return key == "training.threads"; })
      .empty();
}

}  // namespace

std::vector<PlannedRun> plan_runs(const StudyConfig& study, const ProblemRegistry& registry) {
  const fs::path runs = runs_directory(study.output);
  std::vector<PlannedRun> planned;
  for (const auto& variant : study.variants) {
    for (const auto seed : study.seeds) {
      PlannedRun run;
      run.variant = variant.name;
      run.seed = seed;
      run.base_config = study.base;
      const auto stem = runs / variant.name / ("seed_" + std::to_string(seed));
      run.result_path = stem.string() + ".h5";
      run.log_path = stem.string() + ".log";

      auto source = config::load_config_file(study.base);
      auto apply = [&](const std::string& assignment, const std::string& origin) {
        config::apply_override(source, assignment, origin);
        run.overrides.push_back(assignment);
      };
      for (const auto& s : study.common) apply(s.assignment(), s.origin);
      for (const auto& s : variant.settings) apply(s.assignment(), s.origin);
      apply("training.seed=" + std::to_string(seed), "study seeds");
      apply("training.threads=" + std::to_string(study.threads), "study threads");
      apply("output.file=" + run.result_path, "study output");
      const auto config = parse_run_config(source, registry);
      run.resolved_yaml = config.resolved_yaml;
      run.checkpoint_path = config.checkpoint_file;
      run.warnings = config.warnings;
      planned.push_back(std::move(run));
    }
  }
  return planned;
}

std::vector<std::string> plan_warnings(const std::vector<PlannedRun>& runs) {
  std::vector<std::string> warnings;
  for (const auto& run : runs) {
    for (const auto& w : run.warnings) {
      if (std::find(warnings.begin(), warnings.end(), w) == warnings.end()) warnings.push_back(w);
    }
  }
  return warnings;
}

bool finished_earlier(const PlannedRun& run) {
  if (!fs::is_regular_file(run.result_path)) return false;
  try {
    const auto stored = read_result(run.result_path);
    if (stored.status != "completed" && stored.status != "diverged") return false;
    return same_settings(stored.config, run.resolved_yaml);
  } catch (const std::exception&) {
    return false;  // unreadable or foreign: run it again
  }
}

bool resumable(const PlannedRun& run) {
  if (!fs::is_regular_file(run.checkpoint_path)) return false;
  try {
    const auto checkpoint = read_checkpoint(run.checkpoint_path);
    return same_settings(checkpoint.config, run.resolved_yaml);
  } catch (const std::exception&) {
    return false;  // unreadable or foreign: run it again from the start
  }
}

}  // namespace pinn::study
