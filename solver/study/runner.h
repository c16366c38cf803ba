#pragma once
// Runs the planned runs of a study as child `pinn train` processes, at most
// `jobs` at a time, each with its output in its own log file.

#include <atomic>
#include <cstdio>
#include <string>
#include <vector>

#include "solver/study/plan.h"

namespace pinn::study {

enum class RunState {
  Pending,      // not started (the study was stopped first)
  Earlier,      // finished by an earlier invocation; not run again
  Completed,    // trained; result written
  Diverged,     // the loss became non-finite; result written
  Interrupted,  // stopped by a signal; result marked interrupted, run again next time
  Failed,       // exited with an error; see its log
};
std::string to_string(RunState state);
// Whether a run in `state` has a finished result that the summary counts.
bool has_result(RunState state);

struct RunnerOptions {
  std::string executable;  // the pinn binary
  int64_t jobs = 1;
  std::FILE* log = stderr;  // one line per run started and ended
  // Set from a signal handler: running children get SIGINT (they end their step and
  // write an interrupted result) and nothing new starts.
  const std::atomic<bool>* stop_requested = nullptr;
};

// One state per planned run, in the same order.
std::vector<RunState> execute(const std::vector<PlannedRun>& runs, const RunnerOptions& options);

}  // namespace pinn::study
