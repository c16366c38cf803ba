#pragma once
// Text for messages: joined names ("celu, elu, gelu"), short numbers ("0.5", "1e-06").

#include <cstdio>
#include <string>
#include <vector>

namespace pinn {

inline std::string join(const std::vector<std::string>& names,
                        const std::string& separator = ", ") {
  std::string joined;
  for (const auto& name : names) joined += (joined.empty() ? "" : separator) + name;
  return joined;
}

// A number as printf's %g writes it: six significant digits, no trailing zeros.
inline std::string format_g(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

}  // namespace pinn
