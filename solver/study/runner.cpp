#include "solver/study/runner.h"

#include <sys/wait.h>

#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "solver/common/child_process.h"

namespace pinn::study {
namespace {

namespace fs = std::filesystem;

// pinn train's exit codes (solver/cli/commands.h).
RunState state_of_exit(int status) {
  if (!WIFEXITED(status)) return RunState::Failed;
  switch (WEXITSTATUS(status)) {
    case 0:
      return RunState::Completed;
    case 3:
      return RunState::Diverged;
    case 128 + SIGINT:
    case 128 + SIGTERM:
      return RunState::Interrupted;
    default:
      return RunState::Failed;
  }
}

// Starts `pinn train` for one run with stdout and stderr in its log file (see
// spawn_child: a Ctrl-C reaches only the study, which passes it on once).
pid_t spawn(const std::string& executable, const PlannedRun& run) {
  // The study decides what runs again: from the run's checkpoint where it left one of
  // this config, else from the start, replacing its result.
  ChildProcess child;
  child.arguments = {executable, "train", run.base_config, resumable(run) ? "--resume" : "--force"};
  child.arguments.insert(child.arguments.end(), run.overrides.begin(), run.overrides.end());
  child.log_path = run.log_path;
  try {
    return spawn_child(child);
  } catch (const std::system_error& e) {
    throw std::runtime_error(std::string("cannot start a run: ") + std::strerror(e.code().value()));
  }
}

}  // namespace

std::string to_string(RunState state) {
  switch (state) {
    case RunState::Pending:
      return "pending";
    case RunState::Earlier:
      return "done earlier";
    case RunState::Completed:
      return "completed";
    case RunState::Diverged:
      return "diverged";
    case RunState::Interrupted:
      return "interrupted";
    case RunState::Failed:
      return "failed";
  }
  return "unknown";
}

bool has_result(RunState state) {
  return state == RunState::Earlier || state == RunState::Completed || state == RunState::Diverged;
}

std::vector<RunState> execute(const std::vector<PlannedRun>& runs, const RunnerOptions& options) {
  std::vector<RunState> states(runs.size(), RunState::Pending);
  std::vector<size_t> queue;
  for (size_t i = 0; i < runs.size(); ++i) {
    if (finished_earlier(runs[i])) {
      states[i] = RunState::Earlier;
    } else {
      queue.push_back(i);
    }
  }
  std::fprintf(options.log, "%zu runs: %zu done earlier, %zu to run, %lld at a time\n", runs.size(),
               runs.size() - queue.size(), queue.size(), static_cast<long long>(options.jobs));
  std::map<pid_t, size_t> running;
  std::map<pid_t, std::chrono::steady_clock::time_point> started;
  size_t next = 0, done = 0, launched = 0;
  bool stopping = false;
  const auto stop_requested = [&]() {
    return options.stop_requested && options.stop_requested->load();
  };
  while (next < queue.size() || !running.empty()) {
    if (!stopping && stop_requested()) {
      stopping = true;
      for (const auto& [pid, index] : running) ::kill(pid, SIGINT);
      std::fprintf(options.log, "stopping: waiting for %zu running runs to write their results\n",
                   running.size());
    }
    while (!stopping && next < queue.size() &&
           static_cast<int64_t>(running.size()) < options.jobs) {
      const size_t index = queue[next++];
      const auto& run = runs[index];
      fs::create_directories(fs::path(run.result_path).parent_path());
      const pid_t pid = spawn(options.executable, run);
      running[pid] = index;
      started[pid] = std::chrono::steady_clock::now();
      std::fprintf(options.log, "[%zu/%zu] start %s seed %lld (log %s)\n", ++launched, queue.size(),
                   run.variant.c_str(), static_cast<long long>(run.seed), run.log_path.c_str());
    }
    if (stopping && next < queue.size()) next = queue.size();
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid <= 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    const auto found = running.find(pid);
    if (found == running.end()) continue;
    const size_t index = found->second;
    states[index] = state_of_exit(status);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started[pid]).count();
    running.erase(found);
    ++done;
    std::fprintf(options.log, "[%zu/%zu] %s: %s seed %lld in %.1f s\n", done, queue.size(),
                 to_string(states[index]).c_str(), runs[index].variant.c_str(),
                 static_cast<long long>(runs[index].seed), seconds);
    std::fflush(options.log);
  }
  return states;
}

}  // namespace pinn::study
