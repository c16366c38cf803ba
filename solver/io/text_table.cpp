#include "solver/io/text_table.h"

#include <cmath>
#include <cstdlib>

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

}  // namespace pinn
