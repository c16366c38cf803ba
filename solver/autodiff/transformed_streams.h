#pragma once
// The Taylor engine's fields of a network with an output transform u = F(x, N(x)), from
// the streams of its raw outputs N.
//
// The streams hold every partial N_beta for beta in the plan, which is closed under
// taking sub-multisets, so Taylor arithmetic on F's formula (the products by Leibniz's
// rule, functions of one variable by Faa di Bruno's formula) gives every partial of u by
// the plan's multisets exactly (OutputTransform::apply_streams). Only first-order tensor
// operations are recorded: training differentiates them once, as it does the streams.

#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

#include "solver/autodiff/fields.h"
#include "solver/autodiff/stream_plan.h"
#include "solver/network/mlp.h"

namespace pinn {

// The fields of `net`'s transformed outputs at `points`: every stream of every output.
// `streams[s]` (N x outputs) holds stream s of `plan` for every raw output.
// Differentiable with respect to the streams and the network's parameters when grad mode
// is on.
Fields transformed_fields(const MlpImpl& net, const at::Tensor& points, const StreamPlan& plan,
                          const std::vector<at::Tensor>& streams,
                          const std::vector<std::string>& inputs,
                          const std::vector<std::string>& outputs);

}  // namespace pinn
