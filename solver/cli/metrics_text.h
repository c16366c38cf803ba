#pragma once
// The errors of a result, as the CLI prints them:
//   "relative L2 error 3.070e-07, max abs error 5.400e-06"
// or, for a problem with test points,
//   "relative L2 error 1.2e-03 at the 1010 test points (L2RE), max abs error 4.5e-03"
// and below it
//   "  on the grid: relative L2 error 1.1e-03, max abs error 4.0e-03"   (where it has a reference)
//   "  relative L2 error per field: u 9.2e-07, v 1.1e-06, p 2.0e-06"
//   "  relative L2 error per field at the test points: u 1.0e-03, v 2.0e-03"
//   "  max_centreline_error 7.698e-03"
// The lines below are left out where the first says it all (one field, no profiles).

#include <cmath>
#include <string>

#include "solver/common/text.h"
#include "solver/io/result.h"

namespace pinn {

// The errors a run is judged by (Metrics::judged_rel_l2), for the end of a status line.
inline std::string headline_errors(const Metrics& metrics) {
  if (metrics.test_point_count == 0) {
    return "relative L2 error " + format_scientific(metrics.rel_l2) + ", max abs error " +
           format_scientific(metrics.max_abs_error);
  }
  return "relative L2 error " + format_scientific(metrics.test_rel_l2) + " at the " +
         std::to_string(metrics.test_point_count) + " test points (L2RE), max abs error " +
         format_scientific(metrics.test_max_abs_error);
}

inline std::string per_field(const std::vector<FieldError>& fields, const std::string& where) {
  std::vector<std::string> parts;
  for (const auto& f : fields) parts.push_back(f.name + " " + format_scientific(f.rel_l2));
  return "  relative L2 error per field" + where + ": " + join(parts) + "\n";
}

inline std::string metrics_lines(const Metrics& metrics) {
  std::string text;
  const bool tested = metrics.test_point_count > 0;
  if (tested && !std::isnan(metrics.rel_l2)) {
    text += "  on the grid: relative L2 error " + format_scientific(metrics.rel_l2) +
            ", max abs error " + format_scientific(metrics.max_abs_error) + "\n";
  }
  if (metrics.fields.size() > 1) text += per_field(metrics.fields, tested ? " on the grid" : "");
  if (metrics.test_fields.size() > 1) text += per_field(metrics.test_fields, " at the test points");
  for (const auto& [name, value] : metrics.profile_errors) {
    text += "  " + name + " " + format_scientific(value) + "\n";
  }
  return text;
}

}  // namespace pinn
