#pragma once
// The per-field and profile errors of a result, as the CLI prints them:
//   "  errors per field: u 9.2e-07, v 1.1e-06, p 2.0e-06 (relative L2)"
//   "  max_centreline_error 7.698e-03"
// Nothing for a one-field result without profiles, whose overall figures say it all.

#include <string>

#include "solver/common/text.h"
#include "solver/io/result.h"

namespace pinn {

inline std::string metrics_lines(const Metrics& metrics) {
  std::string text;
  if (metrics.fields.size() > 1) {
    std::vector<std::string> parts;
    for (const auto& f : metrics.fields)
      parts.push_back(f.name + " " + format_scientific(f.rel_l2));
    text += "  relative L2 error per field: " + join(parts) + "\n";
  }
  for (const auto& [name, value] : metrics.profile_errors) {
    text += "  " + name + " " + format_scientific(value) + "\n";
  }
  return text;
}

}  // namespace pinn
