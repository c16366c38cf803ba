#pragma once

#include "solver/problem/registry.h"

namespace pinn::problems {

// Adds every problem shipped with pinn to `registry`.
void register_builtin(ProblemRegistry& registry);

}  // namespace pinn::problems
