#pragma once
// network.fourier and network.factorization: the input embeddings of a run config.

#include "solver/config/reader.h"
#include "solver/geometry/domain.h"
#include "solver/network/network_options.h"

namespace pinn {

// Reads both sections of `network` where present (absent or null: off) into `net`,
// after net.periodic. Throws config::ConfigError naming the key: scale not > 0,
// features not a positive integer, an input that is not the domain's, repeated or
// periodic, no input left to read, a negative seed or std.
void read_embeddings(const config::Reader& network, const Domain& domain, NetworkOptions& net);

}  // namespace pinn
