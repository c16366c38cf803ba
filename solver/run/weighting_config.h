#pragma once
// training.balance and training.causal of a run config (configs/README.md, "training"),
// read into the trainer's options.

#include <vector>

#include "solver/config/reader.h"
#include "solver/run/run_config.h"

namespace pinn {

// Reads both sections of `training` where present (absent: off) into config.trainer;
// throws config::ConfigError at the key at fault, e.g. balancing a problem of one term or
// causal training of a problem without time.
void read_loss_weighting(const config::Reader& training, const std::vector<LossTerm>& terms,
                         RunConfig& config);

}  // namespace pinn
