#include "solver/io/point_file.h"

#include <H5Cpp.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "solver/common/text.h"
#include "solver/io/hdf5_file.h"
#include "solver/io/text_table.h"

namespace pinn {
namespace {

bool is_hdf5_name(const std::string& path) {
  return ends_with(path, ".h5") || ends_with(path, ".hdf5");
}

// For a header line, the input each column holds; throws unless it names each input once.
std::vector<size_t> header_columns(const std::vector<TextField>& fields,
                                   const std::vector<std::string>& inputs,
                                   const std::string& place) {
  const auto expected = " (the header must name each input once: " + join(inputs) + ")";
  if (fields.size() != inputs.size()) {
    throw std::invalid_argument(place + ": the header names " + std::to_string(fields.size()) +
                                " columns for " + std::to_string(inputs.size()) + " inputs" +
                                expected);
  }
  std::vector<size_t> columns;
  for (const auto& field : fields) {
    const auto found = std::find(inputs.begin(), inputs.end(), field.text);
    const auto index = static_cast<size_t>(found - inputs.begin());
    if (found == inputs.end() || std::count(columns.begin(), columns.end(), index) > 0) {
      throw std::invalid_argument(
          place + ":" + std::to_string(field.column) + ": '" + field.text + "' is " +
          (found == inputs.end() ? "not an input" : "named twice") + expected);
    }
    columns.push_back(index);
  }
  return columns;
}

// "point (x=1.5, t=0.2) lies outside the domain: x must be in [-1, 1]" for the point whose
// coordinate `axis` is outside `box`.
std::string outside_domain_text(const PointBox& box, const double* point, size_t axis) {
  std::string coordinates;
  for (size_t j = 0; j < box.names.size(); ++j) {
    coordinates += (j == 0 ? "" : ", ") + box.names[j] + "=" + shortest_decimal(point[j]);
  }
  return "point (" + coordinates + ") lies outside the domain: " + box.names[axis] +
         " must be in [" + shortest_decimal(box.lo[axis]) + ", " + shortest_decimal(box.hi[axis]) +
         "]";
}

PointTable read_text(const std::string& path, const std::vector<std::string>& inputs) {
  std::ifstream in(path);
  if (!in)
    throw std::invalid_argument("cannot read points file '" + path + "': " + strerror(errno));
  const size_t dim = inputs.size();
  PointTable table;
  std::vector<size_t> columns;  // input of each column; empty until the first line decides
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const auto fields = split_fields(line);
    if (fields.empty()) continue;
    const auto place = path + ":" + std::to_string(number);
    double value = 0;
    if (columns.empty()) {
      if (!parse_finite(fields.front().text, value) && table.size() == 0) {
        columns = header_columns(fields, inputs, place);
        continue;
      }
      for (size_t k = 0; k < dim; ++k) columns.push_back(k);
    }
    if (fields.size() != dim) {
      throw std::invalid_argument(place + ": expected " + std::to_string(dim) + " numbers (" +
                                  join(inputs) + "), found " + std::to_string(fields.size()));
    }
    std::vector<double> point(dim);
    for (size_t i = 0; i < dim; ++i) {
      if (!parse_finite(fields[i].text, value)) {
        throw std::invalid_argument(place + ":" + std::to_string(fields[i].column) + ": '" +
                                    fields[i].text + "' is not a finite number");
      }
      point[columns[i]] = value;
    }
    table.points.insert(table.points.end(), point.begin(), point.end());
    table.at.push_back(place);
  }
  if (in.bad()) throw std::invalid_argument("cannot read points file '" + path + "'");
  return table;
}

PointTable read_hdf5(const std::string& path, const std::vector<std::string>& inputs,
                     const std::string& dataset) {
  const size_t dim = inputs.size();
  std::vector<uint64_t> shape;
  PointTable table;
  try {
    H5::Exception::dontPrint();
    const H5::H5File file(path, H5F_ACC_RDONLY);
    if (!file.nameExists(dataset)) {
      throw std::invalid_argument("points file '" + path + "' has no dataset '" + dataset +
                                  "' (name another with --dataset)");
    }
    table.points = hdf5::read_doubles(file, dataset, &shape);
  } catch (const H5::Exception& e) {
    throw std::invalid_argument("cannot read points file '" + path +
                                "' as HDF5: " + e.getDetailMsg());
  }
  const bool fits = (shape.size() == 2 && shape[1] == dim) || (shape.size() == 1 && dim == 1);
  if (!fits) {
    std::string dims;
    for (const auto n : shape) dims += (dims.empty() ? "" : " x ") + std::to_string(n);
    throw std::invalid_argument(path + ":" + dataset + ": a dataset of " + dims +
                                " values; expected N x " + std::to_string(dim) + " (" +
                                join(inputs) + ")");
  }
  for (size_t i = 0; i < shape[0]; ++i) {
    const double* row = table.points.data() + i * dim;
    const auto place = path + ":" + dataset + "[" + std::to_string(i) + "]";
    for (size_t k = 0; k < dim; ++k) {
      if (!std::isfinite(row[k])) {
        throw std::invalid_argument(place + ": " + inputs[k] + " is not a finite number");
      }
    }
    table.at.push_back(place);
  }
  return table;
}

}  // namespace

PointTable read_point_table(const std::string& path, const std::vector<std::string>& inputs,
                            const std::string& dataset) {
  auto table = is_hdf5_name(path) ? read_hdf5(path, inputs, dataset) : read_text(path, inputs);
  if (table.size() == 0) throw std::invalid_argument("points file '" + path + "' holds no points");
  return table;
}

std::vector<std::string> points_outside(const std::vector<double>& points,
                                        const std::vector<std::string>& at, const PointBox& box,
                                        double slack) {
  const size_t dim = box.names.size();
  std::vector<std::string> messages;
  for (size_t i = 0; i < at.size(); ++i) {
    const double* point = points.data() + i * dim;
    for (size_t k = 0; k < dim; ++k) {
      const double margin = slack * (box.hi[k] - box.lo[k]);
      if (point[k] >= box.lo[k] - margin && point[k] <= box.hi[k] + margin) continue;
      messages.push_back(at[i] + ": " + outside_domain_text(box, point, k));
      break;
    }
  }
  return messages;
}

}  // namespace pinn
