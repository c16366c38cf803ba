#include "solver/autodiff/transformed_streams.h"

#include <ATen/ATen.h>

namespace pinn {

Fields transformed_fields(const MlpImpl& net, const at::Tensor& points, const StreamPlan& plan,
                          const std::vector<at::Tensor>& streams,
                          const std::vector<std::string>& inputs,
                          const std::vector<std::string>& outputs) {
  const auto partials = net.transform()->apply_streams(points, plan, streams, net.unknown_values());
  Fields fields(points, inputs, outputs);
  at::Tensor zero;  // one N x 1 zero for every partial that vanishes
  for (size_t o = 0; o < partials.size(); ++o) {
    for (int s = 0; s < plan.size(); ++s) {
      auto value = partials[o][static_cast<size_t>(s)];
      if (!value.defined()) {
        if (!zero.defined()) zero = at::zeros({points.size(0), 1}, points.options());
        value = zero;
      }
      fields.set(
          Partial(plan.streams()[static_cast<size_t>(s)].axes(), Output{static_cast<int>(o)}),
          value);
    }
  }
  return fields;
}

}  // namespace pinn
