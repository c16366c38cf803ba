#include "solver/problem/coefficient.h"

#include <ATen/ATen.h>

namespace pinn {

at::Tensor Coefficient::operator()(const Fields& fields) const {
  if (const auto* trained = fields.unknown(name_)) return *trained;
  return at::scalar_tensor(value_, fields.points().options());
}

}  // namespace pinn
