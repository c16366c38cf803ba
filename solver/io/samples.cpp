#include "solver/io/samples.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace pinn {
namespace {

struct Field {
  std::string text;
  size_t column;  // 1-based, of its first character
};

std::vector<Field> fields_of(const std::string& line) {
  std::vector<Field> fields;
  std::string current;
  for (size_t i = 0; i <= line.size(); ++i) {
    const char c = i < line.size() ? line[i] : ' ';
    if (c == ' ' || c == '\t' || c == ',' || c == '\r') {
      if (!current.empty()) fields.push_back({current, i - current.size() + 1});
      current.clear();
    } else {
      current += c;
    }
  }
  return fields;
}

}  // namespace

Samples read_samples(const std::string& path, int dim) {
  std::ifstream in(path);
  if (!in) {
    throw std::invalid_argument("cannot read samples file '" + path + "': " + std::strerror(errno));
  }
  Samples samples;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const auto fields = fields_of(line.substr(0, line.find('#')));
    if (fields.empty()) continue;
    const auto line_place = path + ":" + std::to_string(number);
    if (fields.size() != static_cast<size_t>(dim) + 1) {
      throw std::invalid_argument(line_place + ": expected " + std::to_string(dim + 1) +
                                  " numbers (coordinates, then the value), found " +
                                  std::to_string(fields.size()));
    }
    for (size_t i = 0; i < fields.size(); ++i) {
      const auto& text = fields[i].text;
      char* end = nullptr;
      const double value = std::strtod(text.c_str(), &end);
      if (end != text.c_str() + text.size() || !std::isfinite(value)) {
        throw std::invalid_argument(line_place + ":" + std::to_string(fields[i].column) + ": '" +
                                    text + "' is not a finite number");
      }
      (i + 1 < fields.size() ? samples.points : samples.values).push_back(value);
    }
  }
  if (in.bad()) {
    throw std::invalid_argument("cannot read samples file '" + path + "': " + std::strerror(errno));
  }
  if (samples.values.empty()) {
    throw std::invalid_argument("samples file '" + path + "' holds no samples");
  }
  return samples;
}

}  // namespace pinn
