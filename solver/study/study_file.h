#pragma once
// The study's HDF5 file (README, "Study result"): every finished run's full result
// under /runs/<variant>/seed_<s>/, and /summary with one row per variant.

#include <string>
#include <vector>

#include "solver/study/plan.h"
#include "solver/study/runner.h"
#include "solver/study/study_config.h"
#include "solver/study/summary.h"

namespace pinn::study {

struct StudyFile {
  std::string status;  // completed | interrupted | incomplete (some runs failed)
  int64_t runs_planned = 0;
  int64_t runs_finished = 0;
};

// Writes `study.output` atomically from the runs whose state has a result.
void write_study_file(const StudyConfig& study, const std::vector<PlannedRun>& runs,
                      const std::vector<RunState>& states,
                      const std::vector<VariantSummary>& summaries, const StudyFile& file);

// True when `path` is a study file (it has the attribute kind = "study").
bool is_study_file(const std::string& path);

// The status line and the summary table of a study file (for `pinn summary`).
std::string describe_study_file(const std::string& path);

}  // namespace pinn::study
