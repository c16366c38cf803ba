#pragma once
// Partial derivatives written by name, as a user types them: u_x, u_xt, v_yy.

#include <string>
#include <vector>

#include "solver/autodiff/partial.h"

namespace pinn {

// The highest order a name may ask for.
constexpr int kMaxNamedOrder = 4;

// Parses OUTPUT_INPUTS: an output name, '_', then input names written one after the
// other ("u_xt" with inputs x, t; "rho_x1x2" with inputs x1, x2). The output is the
// longest output name followed by '_'; the rest must split into input names in exactly
// one way. A bare output name ("u") is the output itself. Throws std::invalid_argument
// naming the spec, the valid outputs and inputs, and the rule broken.
Partial parse_partial_name(const std::string& spec, const std::vector<std::string>& inputs,
                           const std::vector<std::string>& outputs);

}  // namespace pinn
