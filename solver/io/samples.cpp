#include "solver/io/samples.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "solver/common/text.h"

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
    samples.lines.push_back(number);
  }
  if (in.bad()) {
    throw std::invalid_argument("cannot read samples file '" + path + "': " + std::strerror(errno));
  }
  if (samples.values.empty()) {
    throw std::invalid_argument("samples file '" + path + "' holds no samples");
  }
  return samples;
}

void require_points_inside(const std::string& path, const std::vector<double>& points,
                           const std::vector<int64_t>& lines, const PointBox& box,
                           const std::string& fix) {
  const size_t dim = box.names.size();
  for (size_t i = 0; i * dim < points.size(); ++i) {
    for (size_t k = 0; k < dim; ++k) {
      const double x = points[i * dim + k];
      if (x >= box.lo[k] && x <= box.hi[k]) continue;
      std::string point;
      for (size_t j = 0; j < dim; ++j) {
        point += (j == 0 ? "" : ", ") + box.names[j] + "=" + shortest_decimal(points[i * dim + j]);
      }
      const std::string place =
          i < lines.size() ? path + ":" + std::to_string(lines[i])
                           : path + ": row " + std::to_string(i + 1) + " of dataset 'points'";
      throw std::invalid_argument(place + ": point (" + point +
                                  ") lies outside the domain: " + box.names[k] + " must be in [" +
                                  shortest_decimal(box.lo[k]) + ", " + shortest_decimal(box.hi[k]) +
                                  "]" + (fix.empty() ? "" : "; " + fix));
    }
  }
}

}  // namespace pinn
