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
  const size_t dim = box.names.size();
  for (size_t i = 0; i * dim < points.size(); ++i) {
    for (size_t k = 0; k < dim; ++k) {
      const double x = points[i * dim + k];
      if (x >= box.lo[k] && x <= box.hi[k]) continue;
      const std::string place =
          i < lines.size() ? path + ":" + std::to_string(lines[i])
                           : path + ": row " + std::to_string(i + 1) + " of dataset 'points'";
      throw std::invalid_argument(
          place + ": " + outside_domain_text(box.names, &points[i * dim], k, box.lo, box.hi) +
          (fix.empty() ? "" : "; " + fix));
    }
  }
}

}  // namespace pinn
