#include "solver/io/samples.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace pinn {
namespace {

std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> fields;
  std::string current;
  for (char c : line) {
    if (c == ' ' || c == '\t' || c == ',' || c == '\r') {
      if (!current.empty()) fields.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) fields.push_back(current);
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
    const auto where = "samples file '" + path + "' line " + std::to_string(number) + ": ";
    if (fields.size() != static_cast<size_t>(dim) + 1) {
      throw std::invalid_argument(where + "expected " + std::to_string(dim + 1) +
                                  " numbers (coordinates, then the value), found " +
                                  std::to_string(fields.size()));
    }
    for (size_t i = 0; i < fields.size(); ++i) {
      char* end = nullptr;
      const double value = std::strtod(fields[i].c_str(), &end);
      if (end != fields[i].c_str() + fields[i].size() || !std::isfinite(value)) {
        throw std::invalid_argument(where + "'" + fields[i] + "' is not a finite number");
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
