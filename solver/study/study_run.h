#pragma once
// A whole study: runs what is not finished yet, summarises every variant over its
// seeds and writes the study's HDF5 file, also when it was stopped part-way.

#include <vector>

#include "solver/study/plan.h"
#include "solver/study/runner.h"
#include "solver/study/study_config.h"
#include "solver/study/study_file.h"
#include "solver/study/summary.h"

namespace pinn::study {

struct StudyOutcome {
  StudyFile file;
  std::vector<RunState> states;  // per planned run
  std::vector<VariantSummary> summaries;
};

StudyOutcome run_study(const StudyConfig& study, const std::vector<PlannedRun>& runs,
                       const RunnerOptions& options);

}  // namespace pinn::study
