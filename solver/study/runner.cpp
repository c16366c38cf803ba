#include "solver/study/runner.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <thread>

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

// Starts `pinn train` for one run with stdout and stderr in its log file. The child gets
// its own process group, so a terminal's Ctrl-C reaches only the study, which passes it
// on once; and it is told to stop should the study die.
pid_t spawn(const std::string& executable, const PlannedRun& run) {
  // The study decides what runs again: from the run's checkpoint where it left one of
  // this config, else from the start, replacing its result.
  std::vector<std::string> args = {executable, "train", run.base_config,
                                   resumable(run) ? "--resume" : "--force"};
  args.insert(args.end(), run.overrides.begin(), run.overrides.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("cannot start a run: ") + std::strerror(errno));
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec.
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(127);
    const int fd = ::open(run.log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      ::dup2(fd, STDOUT_FILENO);
      ::dup2(fd, STDERR_FILENO);
      ::close(fd);
    }
    ::execv(executable.c_str(), argv.data());
    ::_exit(127);
  }
  return pid;
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
