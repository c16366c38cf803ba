#include "solver/distributed/local_launcher.h"

#include <sys/wait.h>

#include <chrono>
#include <csignal>
#include <cstring>
#include <optional>
#include <system_error>
#include <thread>

#include "solver/common/child_process.h"
#include "solver/distributed/rendezvous.h"

extern char** environ;

namespace pinn::distributed {
namespace {

using Clock = std::chrono::steady_clock;

// This process's environment without the variables the launcher sets itself.
std::vector<std::string> inherited_environment() {
  static const char* const kOwn[] = {
      "RANK=", "WORLD_SIZE=", "MASTER_ADDR=", "MASTER_PORT=", "LOCAL_RANK="};
  std::vector<std::string> out;
  for (char** e = environ; *e; ++e) {
    bool own = false;
    for (const char* prefix : kOwn) own = own || std::strncmp(*e, prefix, std::strlen(prefix)) == 0;
    if (!own) out.emplace_back(*e);
  }
  return out;
}

// How a worker ended, as a shell would report it.
int exit_code(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string describe(int64_t rank, int64_t count, int status) {
  const std::string who = "rank " + std::to_string(rank) + " of " + std::to_string(count);
  if (WIFSIGNALED(status)) {
    return who + " was killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
           strsignal(WTERMSIG(status)) + ")";
  }
  return who + " exited with code " + std::to_string(WEXITSTATUS(status));
}

}  // namespace

int launch_local(const LocalLaunch& launch, const std::atomic<bool>& stop_requested,
                 const std::atomic<int>& stop_signal, std::FILE* log) {
  const int64_t count = launch.processes;
  const auto port = free_loopback_port();
  std::vector<pid_t> pids;
  auto kill_all = [&](int signal) {
    for (const pid_t pid : pids) {
      if (pid > 0) ::kill(pid, signal);
    }
  };
  for (int64_t rank = 0; rank < count; ++rank) {
    ChildProcess worker;
    worker.arguments = {launch.executable};
    worker.arguments.insert(worker.arguments.end(), launch.arguments.begin(),
                            launch.arguments.end());
    worker.environment = inherited_environment();
    worker.environment.push_back("RANK=" + std::to_string(rank));
    worker.environment.push_back("LOCAL_RANK=" + std::to_string(rank));
    worker.environment.push_back("WORLD_SIZE=" + std::to_string(count));
    worker.environment.push_back("MASTER_ADDR=127.0.0.1");
    worker.environment.push_back("MASTER_PORT=" + std::to_string(port));
    try {
      pids.push_back(spawn_child(worker));
    } catch (const std::system_error&) {
      kill_all(SIGKILL);
      for (const pid_t p : pids) ::waitpid(p, nullptr, 0);
      throw;
    }
  }

  std::vector<std::optional<int>> statuses(pids.size());
  size_t running = pids.size();
  bool passed_on = false;
  std::optional<Clock::time_point> first_failure;
  bool killed = false;
  while (running > 0) {
    if (stop_requested.load() && !passed_on) {
      kill_all(stop_signal.load());
      passed_on = true;
    }
    for (size_t rank = 0; rank < pids.size(); ++rank) {
      if (statuses[rank]) continue;
      int status = 0;
      if (::waitpid(pids[rank], &status, WNOHANG) != pids[rank]) continue;
      statuses[rank] = status;
      pids[rank] = -1;
      --running;
      if (exit_code(status) != 0 && !passed_on) {
        std::fprintf(log, "pinn: %s\n",
                     describe(static_cast<int64_t>(rank), count, status).c_str());
        if (!first_failure) first_failure = Clock::now();
      }
    }
    if (first_failure && !killed && running > 0 &&
        std::chrono::duration<double>(Clock::now() - *first_failure).count() > launch.timeout_s) {
      std::fprintf(log,
                   "pinn: %zu workers still running %g s after the first failure; killing them\n",
                   running, launch.timeout_s);
      kill_all(SIGKILL);
      killed = true;
    }
    if (running > 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }

  const int first = exit_code(*statuses[0]);
  if (first != 0) return first;
  for (const auto& status : statuses) {
    if (exit_code(*status) != 0) return WIFSIGNALED(*status) ? 1 : exit_code(*status);
  }
  return 0;
}

}  // namespace pinn::distributed
