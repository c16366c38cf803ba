#pragma once
// The pieces of a plain text table of numbers that pinn reads (samples, observations,
// points): fields split at spaces, tabs and commas, '#' comments, finite numbers.

#include <string>
#include <vector>

namespace pinn {

struct TextField {
  std::string text;
  size_t column;  // 1-based, of its first character
};

// The fields of one line, its '#' comment dropped.
std::vector<TextField> split_fields(const std::string& line);

// `text` as a finite double; false when it is not one (trailing characters included).
bool parse_finite(const std::string& text, double& value);

}  // namespace pinn
