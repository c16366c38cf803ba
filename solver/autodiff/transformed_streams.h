#pragma once
// The Taylor engine's fields of a network with an output transform u = F(x, N(x)), from
// the streams of its raw outputs N.
//
// The streams hold every partial N_beta for beta in the plan, which is closed under
// taking sub-multisets. The truncated Taylor polynomial
//   P(x + h) = sum_beta N_beta h^beta / beta!
// matches N at x in every partial of the plan, so every partial of F(x + h, P(x + h))
// at h = 0 by one of the plan's multisets equals that partial of u exactly: nested
// reverse mode with respect to the (zero) perturbation h gives it. F is elementwise and
// cheap next to the network, so the cost stays small.

#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

#include "solver/autodiff/fields.h"
#include "solver/autodiff/stream_plan.h"
#include "solver/network/mlp.h"

namespace pinn {

// The fields of `net`'s transformed outputs at `points`: every partial in `needs` of the
// transformed outputs, every stream of the others. `streams[s]` (N x outputs) holds
// stream s of `plan` for every raw output. Differentiable with respect to the streams and
// the network's parameters when grad mode is on.
Fields transformed_fields(const MlpImpl& net, const at::Tensor& points, const StreamPlan& plan,
                          const std::vector<at::Tensor>& streams, const std::vector<Partial>& needs,
                          const std::vector<std::string>& inputs,
                          const std::vector<std::string>& outputs);

}  // namespace pinn
