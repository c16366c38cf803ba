#pragma once
// The subcommands of the pinn executable. Each returns the process exit code:
// 0 success, 1 failure at run time, 2 bad input (config or command line),
// 3 training diverged (result still written), 130 interrupted (main turns it into
// 128 + the signal's number).

#include <atomic>
#include <string>
#include <vector>

#include "solver/problem/registry.h"

namespace pinn::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitDiverged = 3;
constexpr int kExitInterrupted = 130;

struct TrainFlags {
  bool resume = false;  // continue from the config's checkpoint
  bool force = false;   // replace an existing result file
};

// How `train` and `resume` run: in this process; as `nproc` local worker processes
// of a data-parallel run; or, with RANK and WORLD_SIZE in the environment, as one
// worker of a run launched elsewhere (torchrun, SLURM, or by hand on each host).
struct LaunchFlags {
  int64_t nproc = 0;  // 0: not asked for
  double peer_timeout_s = 300;
  std::string rendezvous_file;                // a FileStore instead of MASTER_ADDR:MASTER_PORT
  std::string executable;                     // this binary, which local workers run
  std::vector<std::string> worker_arguments;  // their command line: this one without --nproc
};

// A stop request from a signal handler, and which signal it was.
struct StopRequest {
  const std::atomic<bool>& requested;
  const std::atomic<int>& signal;
};

int train(const ProblemRegistry& registry, const std::string& config_path,
          const std::vector<std::string>& overrides, const TrainFlags& flags,
          const LaunchFlags& launch, const StopRequest& stop);
// Continues the run a checkpoint, or a result file whose run left one, belongs to,
// with the config stored in it.
int resume(const ProblemRegistry& registry, const std::string& path, const LaunchFlags& launch,
           const StopRequest& stop);
int check(const ProblemRegistry& registry, const std::string& config_path,
          const std::vector<std::string>& overrides);
int list_problems(const ProblemRegistry& registry);
// Runs every variant x seed of a study file not finished earlier, as child processes of
// `executable` (the pinn binary), and writes the study's HDF5 file. With dry_run, it
// validates every run and prints the plan instead.
int study(const ProblemRegistry& registry, const std::string& study_path,
          const std::vector<std::string>& overrides, bool dry_run, const std::string& executable,
          const std::atomic<bool>& stop_requested);
// Prints the metrics and config of a result file, or a study file's summary table.
int summary(const std::string& result_path);

struct EvalFlags {
  std::string result;                    // a result file of pinn train
  std::string points;                    // text, CSV or HDF5 points
  std::vector<std::string> derivatives;  // u_x, u_xt, ... (comma-separated lists too)
  std::string output;                    // empty: stdout
  std::string format;                    // text | csv | hdf5; empty: by the output's name
  std::string dataset = "points";        // of an HDF5 points file
};
// The trained network's outputs, and any derivatives asked for, at the given points.
int eval(const ProblemRegistry& registry, const EvalFlags& flags);

}  // namespace pinn::cli
