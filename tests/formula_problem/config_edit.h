#pragma once
// Editing a test config's text and finding where in it an error should point.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace pinn::testing {

// "cfg.yaml:LINE:COLUMN" of the first occurrence of `needle` in `yaml` (1-based).
inline std::string location_of(const std::string& yaml, const std::string& needle) {
  const auto at = yaml.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  const auto line_start = yaml.rfind('\n', at);
  const auto line =
      1 + std::count(yaml.begin(), yaml.begin() + static_cast<std::ptrdiff_t>(at), '\n');
  const auto column = at - (line_start == std::string::npos ? 0 : line_start + 1) + 1;
  return "cfg.yaml:" + std::to_string(line) + ":" + std::to_string(column);
}

// `yaml` with the first occurrence of `from` replaced by `to`.
inline std::string with(std::string yaml, const std::string& from, const std::string& to) {
  const auto at = yaml.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at == std::string::npos) return yaml;
  return yaml.replace(at, from.size(), to);
}

}  // namespace pinn::testing
