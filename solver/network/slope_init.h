#pragma once
// The initial slopes a of adaptive activations drawn at random (SlopeInitOptions):
// PINNacle's LAAF draws them as a matrix with torch.nn.init.xavier_uniform_.

#include <torch/types.h>

#include <cstdint>

#include "solver/network/network_options.h"

namespace pinn {

// b of xavier_uniform for a (rows x columns) matrix: gain sqrt(6 / (fan_in + fan_out)),
// with fan_in = columns and fan_out = rows as PyTorch counts them.
double xavier_slope_bound(int64_t rows, int64_t columns, double gain);

// The slopes of every hidden layer in one float64 matrix, row k for hidden layer k:
// (layers x width) in neuron mode, (layers x 1) in layer mode, (1 x 1) in global mode.
// Undefined when the slopes are not drawn (constant, or mode fixed). Drawn serially
// from a generator of its own, so the same seed gives the same slopes whatever the
// thread count and whatever else the run draws.
torch::Tensor draw_slopes(const NetworkOptions& options);

}  // namespace pinn
