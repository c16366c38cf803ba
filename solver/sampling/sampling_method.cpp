#include "solver/sampling/sampling_method.h"

#include <stdexcept>

namespace pinn {

SamplingMethod parse_sampling_method(const std::string& name) {
  if (name == "uniform") return SamplingMethod::Uniform;
  if (name == "lhs") return SamplingMethod::Lhs;
  if (name == "sobol") return SamplingMethod::Sobol;
  std::string valid;
  for (const std::string& n : sampling_method_names()) {
    valid += (valid.empty() ? "" : ", ") + n;
  }
  throw std::invalid_argument("unknown sampling method '" + name + "' (valid: " + valid + ")");
}

std::string to_string(SamplingMethod method) {
  switch (method) {
    case SamplingMethod::Uniform:
      return "uniform";
    case SamplingMethod::Lhs:
      return "lhs";
    case SamplingMethod::Sobol:
      return "sobol";
  }
  throw std::invalid_argument("invalid SamplingMethod value " +
                              std::to_string(static_cast<int>(method)));
}

const std::vector<std::string>& sampling_method_names() {
  static const std::vector<std::string> names = {"lhs", "sobol", "uniform"};
  return names;
}

}  // namespace pinn
