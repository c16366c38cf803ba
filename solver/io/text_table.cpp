#include "solver/io/text_table.h"

#include <cmath>
#include <cstdlib>

#include "solver/common/text.h"

namespace pinn {

std::vector<TextField> split_fields(const std::string& line) {
  const auto content = line.substr(0, line.find('#'));
  std::vector<TextField> fields;
  std::string current;
  for (size_t i = 0; i <= content.size(); ++i) {
    const char c = i < content.size() ? content[i] : ' ';
    if (c == ' ' || c == '\t' || c == ',' || c == '\r') {
      if (!current.empty()) fields.push_back({current, i - current.size() + 1});
      current.clear();
    } else {
      current += c;
    }
  }
  return fields;
}

bool parse_finite(const std::string& text, double& value) {
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return !text.empty() && end == text.c_str() + text.size() && std::isfinite(value);
}

std::string outside_domain_text(const std::vector<std::string>& names, const double* point,
                                size_t axis, const std::vector<double>& lo,
                                const std::vector<double>& hi) {
  std::string coordinates;
  for (size_t j = 0; j < names.size(); ++j) {
    coordinates += (j == 0 ? "" : ", ") + names[j] + "=" + shortest_decimal(point[j]);
  }
  return "point (" + coordinates + ") lies outside the domain: " + names[axis] + " must be in [" +
         shortest_decimal(lo[axis]) + ", " + shortest_decimal(hi[axis]) + "]";
}

}  // namespace pinn
