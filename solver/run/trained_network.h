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
  Mlp net{nullptr};
  NetworkDescription description;
  c10::ScalarType dtype = c10::kDouble;  // the one it was trained in
};

// The network of the result file at `path`, on the CPU in its training dtype. Files
// written before /network carried its description are described by their stored config
// (which needs the problem in `registry`). Throws std::invalid_argument for a file that
// is not a result, or whose parameters do not fit the description.
TrainedNetwork load_trained_network(const std::string& path, const ProblemRegistry& registry);

}  // namespace pinn
