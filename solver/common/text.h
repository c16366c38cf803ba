#pragma once
// Joins names for messages: "celu, elu, gelu".

#include <string>
#include <vector>

namespace pinn {

inline std::string join(const std::vector<std::string>& names,
                        const std::string& separator = ", ") {
  std::string joined;
  for (const auto& name : names) joined += (joined.empty() ? "" : separator) + name;
  return joined;
}

}  // namespace pinn
