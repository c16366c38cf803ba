#pragma once
// One training run from a parsed config to its HDF5 result: samples the point
// sets, builds the network, trains, evaluates on the grid and writes the file.

#include <atomic>
#include <cstdio>

#include "solver/io/checkpoint.h"
#include "solver/io/result.h"
#include "solver/run/run_config.h"
#include "solver/training/loss.h"

namespace pinn {

struct RunSettings {
  std::FILE* log = stderr;  // progress lines
  bool live_progress = false;
  const std::atomic<bool>* stop_requested = nullptr;
  // Continue from this checkpoint (read and checked against the config by the caller).
  const Checkpoint* resume_from = nullptr;
  std::vector<TrainingObserver*> observers;  // besides the history and progress display
};

// Every loss term's point set, sampled (or read) as configured, in `options`.
std::vector<TermBatch> sample_terms(const RunConfig& config, const at::TensorOptions& options);

// What training starts from: the seeded network in the configured dtype and
// device, and its loss over freshly sampled points.
struct TrainingSetup {
  at::TensorOptions options;
  Mlp net;
  Loss loss;
};

// Seeds the generator, sets the thread count and builds the network and loss.
TrainingSetup prepare_training(const RunConfig& config);

// Trains as configured and writes config.output_file; returns what was written.
// Checkpoints go to config.checkpoint_file every output.checkpoint_every iterations
// and when training is interrupted.
ResultData run_training(const RunConfig& config, const RunSettings& settings);

}  // namespace pinn
