#pragma once

#include <string>
#include <vector>

namespace pinn {

// How a point set is drawn: i.i.d. uniform, Latin hypercube, or digitally shifted Sobol.
enum class SamplingMethod { Uniform, Lhs, Sobol };

// Parses "uniform", "lhs" or "sobol"; throws std::invalid_argument listing the valid names.
SamplingMethod parse_sampling_method(const std::string& name);

std::string to_string(SamplingMethod method);

// The valid names, sorted: lhs, sobol, uniform.
const std::vector<std::string>& sampling_method_names();

}  // namespace pinn
