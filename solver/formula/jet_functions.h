#pragma once
// The derivatives of the built-in functions of one variable and of powers, up to the
// fourth, in closed form: what JetArithmetic::compose needs. Internal to solver/formula.

#include <ATen/core/Tensor.h>

#include <vector>

#include "solver/expression/builtins.h"

namespace pinn::formula {

// phi^(m)(y), m = 1 .. order (order <= 4), of the built-in function `id` of one
// argument, whose value phi(y) is `value`; undefined where a derivative is zero.
std::vector<at::Tensor> function_derivatives(builtins::FunctionId id, const at::Tensor& y,
                                             const at::Tensor& value, int order);

// The derivatives of y^c for a constant c, m = 1 .. order: c (c - 1) ... (c - m + 1)
// y^(c - m), undefined from the first whose coefficient is 0 (c a smaller whole number).
std::vector<at::Tensor> power_derivatives(const at::Tensor& y, double c, int order);

}  // namespace pinn::formula
