#pragma once
// The choice between the two derivative engines, and one call that runs either.

#include <string>
#include <vector>

#include "solver/autodiff/fields.h"
#include "solver/network/mlp.h"

namespace pinn {

enum class DerivativeEngine {
  Autograd,  // nested reverse mode: any order, any device
  Taylor,    // forward mode, fused on the CPU: up to kTaylorMaxOrder, much faster
};

DerivativeEngine parse_derivative_engine(const std::string& name);  // throws listing valid names
std::string to_string(DerivativeEngine engine);
const std::vector<std::string>& derivative_engine_names();

// The fastest engine that computes derivatives of `max_order`.
DerivativeEngine fastest_engine(int max_order);

// Every output and every partial in `needs` at `points`, differentiable with
// respect to the network's parameters (for training) unless grad mode is off.
// `outputs` names the network's outputs in error messages.
Fields evaluate_fields(DerivativeEngine engine, Mlp& net, const at::Tensor& points,
                       const std::vector<Partial>& needs, const std::vector<std::string>& inputs,
                       const std::vector<std::string>& outputs = {"u"});

}  // namespace pinn
