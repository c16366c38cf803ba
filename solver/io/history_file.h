#pragma once
// The training history in an HDF5 file, as results and checkpoints store it:
//
//   /history/        iteration, phase, time_s, loss, problem_loss, loss_<term>, rel_l2;
//                    weight_<term> (training.balance), causal_min_weight and
//                    causal_epsilon (training.causal) where they were on
//   /activations/    slopes_<k>: (records x neurons) effective slope n*a

#include <H5Cpp.h>

#include "solver/training/history.h"

namespace pinn {

void write_history(H5::H5File& file, const History& history);

// Throws H5::Exception when the groups or datasets are missing.
History read_history(const H5::H5File& file);

}  // namespace pinn
