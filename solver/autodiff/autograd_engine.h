#pragma once
// Derivatives of the network output by nested reverse-mode automatic
// differentiation: each order differentiates the previous one again, keeping the
// graph so that the loss can be differentiated with respect to the parameters.

#include <vector>

#include "solver/autodiff/fields.h"
#include "solver/network/mlp.h"

namespace pinn {

// Evaluates every output and every partial in `needs` (and their parents) at
// `points`. With create_graph, the results stay differentiable for training.
Fields evaluate_autograd(Mlp& net, const at::Tensor& points, const std::vector<Partial>& needs,
                         const std::vector<std::string>& inputs,
                         const std::vector<std::string>& outputs = {"u"}, bool create_graph = true);

}  // namespace pinn
