#pragma once
// Starting pinn's own child processes (study runs, data-parallel workers).

#include <sys/types.h>

#include <string>
#include <vector>

namespace pinn {

struct ChildProcess {
  std::vector<std::string> arguments;  // arguments[0] is the executable's path
  // The child's whole environment; empty: this process's.
  std::vector<std::string> environment;
  // Where the child's stdout and stderr go; empty: where this process's go.
  std::string log_path;
};

// Starts `child` in a process group of its own, so that a terminal's Ctrl-C reaches
// only this process, which passes it on; the child is sent SIGTERM should this
// process die. Throws std::system_error when it cannot fork.
pid_t spawn_child(const ChildProcess& child);

}  // namespace pinn
