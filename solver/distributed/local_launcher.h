#pragma once
// `pinn train --nproc N`: N worker processes of pinn on this machine, meeting at
// a TCPStore on a free loopback port, as torchrun would start them.

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace pinn::distributed {

struct LocalLaunch {
  int64_t processes = 2;
  std::string executable;              // the pinn binary
  std::vector<std::string> arguments;  // every worker's command line after the executable
  // Once a worker has failed, how long the others get to stop by themselves.
  double timeout_s = 300;
};

// Starts the workers with RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT set, each
// in a process group of its own, so that a terminal's Ctrl-C reaches the launcher
// alone: the first stop request is passed on to every worker (signal
// `stop_signal`), and they stop together after the step. Workers die with the
// launcher. Returns rank 0's exit code, or, when rank 0 succeeded but another
// failed, that one's (1 for a worker killed by a signal), after reporting to `log`.
int launch_local(const LocalLaunch& launch, const std::atomic<bool>& stop_requested,
                 const std::atomic<int>& stop_signal, std::FILE* log);

}  // namespace pinn::distributed
