#pragma once
// The loss weights' state in a checkpoint (training.balance, training.causal):
//
//   /weighting/      terms (the factor per problem term), causal (the weight per time
//                    bin), attribute causal_stage (into causal.epsilon); points/<term>:
//                    rba's weight per point of the term's whole set, in row order

#include <H5Cpp.h>

#include "solver/training/weighting_state.h"

namespace pinn {

// Writes nothing for an empty state.
void write_weighting(H5::H5File& file, const WeightingState& state);

// An empty state where the file has none (weights off, or an earlier pinn).
WeightingState read_weighting(const H5::H5File& file);

}  // namespace pinn
