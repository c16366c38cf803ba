#pragma once
// The inverse-problem part of a run config: `unknowns` (problem coefficients
// trained with the network) and `observations` (what identifies them).

#include "solver/config/reader.h"
#include "solver/problem/registry.h"
#include "solver/run/run_config.h"

namespace pinn {

// Reads both sections where present; absent, the run is a forward problem. Fills
// config.network.unknowns and config.observations and adds the observations term
// to config.problem. Throws config::ConfigError naming the key: a name that is not
// a coefficient of the problem (listing those that are), positive: true with an
// initial value <= 0, unknowns without observations, a bad observation file.
// `coefficients`: the problem's parameters that `unknowns` may name.
void read_inverse_problem(const config::Reader& root, const std::vector<std::string>& coefficients,
                          RunConfig& config);

}  // namespace pinn
