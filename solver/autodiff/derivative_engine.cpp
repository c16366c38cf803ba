#include "solver/autodiff/derivative_engine.h"

#include <stdexcept>

#include "solver/autodiff/autograd_engine.h"
#include "solver/autodiff/taylor_engine.h"
#include "solver/common/text.h"

namespace pinn {

const std::vector<std::string>& derivative_engine_names() {
  static const std::vector<std::string> names = {"autograd", "taylor"};
  return names;
}

DerivativeEngine parse_derivative_engine(const std::string& name) {
  if (name == "autograd") return DerivativeEngine::Autograd;
  if (name == "taylor") return DerivativeEngine::Taylor;
  throw std::invalid_argument("unknown derivative engine '" + name +
                              "'; valid engines: " + join(derivative_engine_names()));
}

std::string to_string(DerivativeEngine engine) {
  return engine == DerivativeEngine::Taylor ? "taylor" : "autograd";
}

DerivativeEngine fastest_engine(int max_order) {
  return max_order <= kTaylorMaxOrder ? DerivativeEngine::Taylor : DerivativeEngine::Autograd;
}

Fields evaluate_fields(DerivativeEngine engine, Mlp& net, const at::Tensor& points,
                       const std::vector<Partial>& needs, const std::vector<std::string>& inputs,
                       const std::vector<std::string>& outputs) {
  if (engine == DerivativeEngine::Taylor) {
    return evaluate_taylor(*net, points, needs, inputs, outputs);
  }
  return evaluate_autograd(net, points, needs, inputs, outputs);
}

}  // namespace pinn
