#pragma once
// Where the processes of a data-parallel run meet: rank and world size, and the
// c10d store they rendezvous through (TCPStore at MASTER_ADDR:MASTER_PORT, held
// by rank 0, or a FileStore on a file system they all see).

#include <cstdint>
#include <string>

namespace pinn::distributed {

struct Rendezvous {
  int64_t rank = 0;
  int64_t world_size = 1;
  std::string address = "127.0.0.1";  // MASTER_ADDR: the host of rank 0
  int64_t port = 29500;               // MASTER_PORT
  std::string file;                   // a FileStore's path; when set, used instead of TCP
  // How long a process waits for its peers: to arrive, and at every collective.
  double timeout_s = 300;

  bool distributed() const { return world_size > 1; }
  // Throws std::invalid_argument naming the setting, its value and the rule broken.
  void validate() const;
};

// RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT as torchrun sets them (a SLURM
// job script sets them from SLURM_PROCID and SLURM_NTASKS). Without RANK and
// WORLD_SIZE: one process. Throws std::invalid_argument naming the variable and its value.
Rendezvous rendezvous_from_environment();

// A TCP port on the loopback interface that is free now (for local workers).
int64_t free_loopback_port();

}  // namespace pinn::distributed
