#include "solver/io/samples.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "solver/io/text_table.h"

namespace pinn {

Samples read_samples(const std::string& path, int dim) {
  std::ifstream in(path);
  if (!in) {
    throw std::invalid_argument("cannot read samples file '" + path + "': " + std::strerror(errno));
  }
  Samples samples;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const auto fields = split_fields(line);
    if (fields.empty()) continue;
    const auto line_place = path + ":" + std::to_string(number);
    if (fields.size() != static_cast<size_t>(dim) + 1) {
      throw std::invalid_argument(line_place + ": expected " + std::to_string(dim + 1) +
                                  " numbers (coordinates, then the value), found " +
                                  std::to_string(fields.size()));
    }
    for (size_t i = 0; i < fields.size(); ++i) {
      double value = 0;
      if (!parse_finite(fields[i].text, value)) {
        throw std::invalid_argument(line_place + ":" + std::to_string(fields[i].column) + ": '" +
                                    fields[i].text + "' is not a finite number");
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
  std::vector<std::string> at;
  for (size_t i = 0; i * box.names.size() < points.size(); ++i) {
    at.push_back(i < lines.size()
                     ? path + ":" + std::to_string(lines[i])
                     : path + ": row " + std::to_string(i + 1) + " of dataset 'points'");
  }
  const auto outside = points_outside(points, at, box, /*slack=*/0);
  if (!outside.empty()) {
    throw std::invalid_argument(outside.front() + (fix.empty() ? "" : "; " + fix));
  }
}

}  // namespace pinn
