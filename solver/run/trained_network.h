#pragma once
// A trained network rebuilt from its result file, to evaluate anywhere.

#include <c10/core/ScalarType.h>

#include <string>

#include "solver/io/result.h"
#include "solver/network/mlp.h"
#include "solver/problem/registry.h"
#include "solver/run/run_config.h"

namespace pinn {

// What a result's /network attributes record of the run's network.
NetworkDescription describe_network(const RunConfig& config);

struct TrainedNetwork {
  Mlp net{nullptr};  // with time windows, the last window's
  NetworkDescription description;
  c10::ScalarType dtype = c10::kDouble;  // the one it was trained in
  // Time marching (training.windows): each window's network, the windows' edges in time and
  // the time input's index; empty for a run without windows. `description`'s box then spans
  // every window.
  std::vector<Mlp> windows;
  std::vector<double> window_edges;
  int time_axis = -1;
};

// The network of the result file at `path`, on the CPU in its training dtype. Files
// written before /network carried its description are described by their stored config
// (which needs the problem in `registry`). Throws std::invalid_argument for a file that
// is not a result, or whose parameters do not fit the description.
TrainedNetwork load_trained_network(const std::string& path, const ProblemRegistry& registry);

}  // namespace pinn
