#pragma once
// Forward-mode (Taylor) derivative streams written with ATen tensor ops: runs on
// any device, and autograd differentiates it like any other expression. The
// fused CPU kernel (taylor_cpu.h) computes the same streams faster.

#include <ATen/core/Tensor.h>

#include "solver/autodiff/stream_plan.h"
#include "solver/network/mlp.h"

namespace pinn {

// The plan's streams of the network output at `points` (N x inputs): [streams, N, outputs].
at::Tensor taylor_streams_tensor(const MlpImpl& net, const at::Tensor& points,
                                 const StreamPlan& plan);

}  // namespace pinn
