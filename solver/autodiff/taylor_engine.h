#pragma once
// Derivatives of the network output by forward mode: the requested partials are
// carried through the network together with the values (Taylor streams), so
// training needs only first-order reverse mode. On the CPU a fused kernel does
// the work; on other devices the same streams are written with tensor ops.

#include <string>
#include <vector>

#include "solver/autodiff/fields.h"
#include "solver/network/mlp.h"

namespace pinn {

// Highest derivative order the Taylor engine computes.
constexpr int kTaylorMaxOrder = 4;

// Evaluates every output and every partial in `needs` at `points`; differentiable
// with respect to the network's parameters when grad mode is on. A network with an
// output transform gives the transformed outputs' partials (transformed_streams.h).
Fields evaluate_taylor(const MlpImpl& net, const at::Tensor& points,
                       const std::vector<Partial>& needs, const std::vector<std::string>& inputs,
                       const std::vector<std::string>& outputs = {"u"});

}  // namespace pinn
