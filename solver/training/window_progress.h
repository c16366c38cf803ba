#pragma once
// Where a time-marching run (training.windows) stands: the window in training, and what
// each finished window left, its network and how its training went. Checkpoints hold it,
// so that a run resumed inside any window continues bit for bit.

#include <cstdint>
#include <string>
#include <vector>

namespace pinn {

struct FinishedWindow {
  std::string network;  // LibTorch archive of the network as the window ended
  int64_t iterations = 0;
  double final_loss = 0;
  double wall_time_s = 0;
  int64_t rollbacks = 0;
  std::string message;                // why its training stopped early, its rollbacks; or empty
  std::vector<int64_t> phase_starts;  // counted from the window's start
  std::vector<int64_t> resampled_at;
};

struct WindowProgress {
  int64_t window = -1;  // the window in training; -1: a run without windows
  std::vector<FinishedWindow> finished;

  bool used() const { return window >= 0; }
  // Iterations and training time of the finished windows: where the window in training
  // begins in the history's count and clock.
  int64_t iterations() const {
    int64_t sum = 0;
    for (const auto& w : finished) sum += w.iterations;
    return sum;
  }
  double wall_time_s() const {
    double sum = 0;
    for (const auto& w : finished) sum += w.wall_time_s;
    return sum;
  }
};

}  // namespace pinn
