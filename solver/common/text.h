#pragma once
// Text for messages: joined names ("celu, elu, gelu"), short numbers ("0.5", "1e-06"),
// numbers that read back exactly,
// durations ("12.3s", "5m40s"), counted nouns ("1 iteration", "2 iterations").

#include <charconv>
#include <cmath>
#include <cstdint>
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

inline bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// `word` as a POSIX shell reads it back as one argument: as it is when it holds only
// characters no shell treats specially, else in single quotes ('\'' for a quote inside).
inline std::string shell_word(const std::string& word) {
  constexpr const char* kPlain =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./=,:+@%-";
  if (!word.empty() && word.find_first_not_of(kPlain) == std::string::npos) return word;
  std::string quoted = "'";
  for (const char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// A number as printf's %g writes it: six significant digits, no trailing zeros.
inline std::string format_g(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

// The shortest decimal that reads back as the same double ("0.003183098861837907",
// "1e-06", "2000"); YAML's spelling for the non-finite ones.
inline std::string shortest_decimal(double value) {
  if (std::isnan(value)) return ".nan";
  if (std::isinf(value)) return value > 0 ? ".inf" : "-.inf";
  char text[64];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;
  return std::string(text, end);
}

// A number in scientific notation with `digits` decimals ("3.250e-02"); "n/a" for NaN,
// which stands for "none" in pinn's metrics.
inline std::string format_scientific(double value, int digits = 3) {
  if (std::isnan(value)) return "n/a";
  char text[32];
  std::snprintf(text, sizeof text, "%.*e", digits, value);
  return text;
}

// Seconds as a person reads them: "0.4s", "59.9s", "5m40s", "2h05m"; "?" when unknown.
inline std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  char text[32];
  if (seconds < 59.95) {
    std::snprintf(text, sizeof text, "%.1fs", seconds);
    return text;
  }
  const auto s = static_cast<long>(seconds + 0.5);
  if (s >= 3600) {
    std::snprintf(text, sizeof text, "%ldh%02ldm", s / 3600, (s / 60) % 60);
  } else {
    std::snprintf(text, sizeof text, "%ldm%02lds", s / 60, s % 60);
  }
  return text;
}

// "1 iteration", "0 iterations", "3 iterations".
inline std::string count_of(int64_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

}  // namespace pinn
