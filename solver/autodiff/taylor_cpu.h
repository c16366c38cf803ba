#pragma once
// The fused CPU kernel of the Taylor engine. Per hidden layer it runs one GEMM
// over all derivative streams stacked, then one elementwise pass that computes
// sigma and its derivatives and assembles every output stream; the backward pass
// is written out by hand the same way. Collocation points are split into one
// chunk per thread, each running single-threaded GEMMs on its own rows.

#include <ATen/core/Tensor.h>

#include "solver/autodiff/stream_plan.h"
#include "solver/network/mlp.h"

namespace pinn {

// The plan's streams of the network output at `points` (N x inputs, float32 or
// float64 on the CPU): [streams, N, outputs]. When grad mode is on and a parameter
// requires grad, the result is differentiable with respect to every parameter
// (weights, biases, slopes, prelu's w); never with respect to the points.
at::Tensor taylor_streams_cpu(const MlpImpl& net, const at::Tensor& points, const StreamPlan& plan);

}  // namespace pinn
