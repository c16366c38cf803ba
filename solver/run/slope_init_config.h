#pragma once
// network.adaptive.init and network.adaptive.gain: how a run config's adaptive slopes start.

#include "solver/config/reader.h"
#include "solver/network/network_options.h"

namespace pinn {

// Reads both keys of `adaptive` into net.slope_init, after net.mode and net.hidden. Without
// init nothing is written into the resolved config, so configs without these keys resolve
// (and resume) as before; with init xavier_uniform the resolved config names its gain. Throws
// config::ConfigError naming the key: an unknown init; gain not > 0, or given without init
// xavier_uniform; init xavier_uniform with mode fixed, or in neuron mode with hidden layers of
// different widths.
void read_slope_init(const config::Reader& adaptive, NetworkOptions& net);

}  // namespace pinn
