#include "solver/study/study_run.h"

#include <map>

#include "solver/io/result.h"

namespace pinn::study {

StudyOutcome run_study(const StudyConfig& study, const std::vector<PlannedRun>& runs,
                       const RunnerOptions& options) {
  StudyOutcome outcome;
  outcome.states = execute(runs, options);

  std::map<std::string, std::vector<ResultData>> results;
  for (size_t i = 0; i < runs.size(); ++i) {
    if (has_result(outcome.states[i])) {
      results[runs[i].variant].push_back(read_result(runs[i].result_path));
    }
  }
  for (const auto& variant : study.variants) {
    std::vector<const ResultData*> finished;
    for (const auto& r : results[variant.name]) finished.push_back(&r);
    outcome.summaries.push_back(summarize(variant.name, finished, study.thresholds));
  }

  auto& file = outcome.file;
  file.runs_planned = static_cast<int64_t>(runs.size());
  bool interrupted = false, failed = false;
  for (const auto state : outcome.states) {
    file.runs_finished += has_result(state) ? 1 : 0;
    interrupted |= state == RunState::Interrupted || state == RunState::Pending;
    failed |= state == RunState::Failed;
  }
  file.status = interrupted ? "interrupted" : failed ? "incomplete" : "completed";
  write_study_file(study, runs, outcome.states, outcome.summaries, file);
  return outcome;
}

}  // namespace pinn::study
