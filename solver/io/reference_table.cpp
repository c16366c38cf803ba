#include "solver/io/reference_table.h"

#include <H5Cpp.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <utility>

#include "solver/common/text.h"
#include "solver/io/hdf5_file.h"
#include "solver/io/reference_cells.h"

namespace pinn {
namespace {

const std::vector<std::pair<ReferenceFormat, std::string>> kFormats = {
    {ReferenceFormat::Auto, "auto"},
    {ReferenceFormat::Text, "text"},
    {ReferenceFormat::Csv, "csv"},
    {ReferenceFormat::Hdf5, "hdf5"},
    {ReferenceFormat::Comsol, "comsol"}};

std::invalid_argument error_at(const std::string& place, const std::string& what) {
  return std::invalid_argument(place + ": " + what);
}

std::string expected_columns(const std::vector<std::string>& inputs,
                             const std::vector<std::string>& outputs) {
  return "inputs " + join(inputs) + "; outputs " + join(outputs);
}

// What a column name stands for: input or output `index`, or nothing.
struct Match {
  enum class Kind { None, Input, Output } kind = Kind::None;
  size_t index = 0;
};

Match match_name(const std::string& name, const std::vector<std::string>& inputs,
                 const std::vector<std::string>& outputs) {
  const auto in = std::find(inputs.begin(), inputs.end(), name);
  if (in != inputs.end()) return {Match::Kind::Input, static_cast<size_t>(in - inputs.begin())};
  const auto out = std::find(outputs.begin(), outputs.end(), name);
  if (out != outputs.end()) {
    return {Match::Kind::Output, static_cast<size_t>(out - outputs.begin())};
  }
  // COMSOL names the coordinates X, Y, Z.
  if (name == "X" || name == "Y" || name == "Z") {
    const auto lower = std::string(1, static_cast<char>(name[0] - 'A' + 'a'));
    const auto alias = std::find(inputs.begin(), inputs.end(), lower);
    if (alias != inputs.end()) {
      return {Match::Kind::Input, static_cast<size_t>(alias - inputs.begin())};
    }
  }
  return {};
}

// The time a column's label gives ("@ t=0.1", or the time input's own name), if any.
bool label_time(const ReferenceColumn& column, const std::string& time_name, double& time) {
  for (const auto& [key, value] : column.conditions) {
    if (key != "t" && key != time_name) continue;
    char* end = nullptr;
    time = std::strtod(value.c_str(), &end);
    if (value.empty() || end != value.c_str() + value.size() || !std::isfinite(time)) {
      throw error_at(column.place, "the time '" + value + "' of column '" + column.label +
                                       "' is not a finite number");
    }
    return true;
  }
  return false;
}

// One output column: output `output` at time slot `slot` (0 without times).
struct OutputColumn {
  size_t output, slot, column;
};

class Assembly {
 public:
  Assembly(const ReferenceCells& table, const std::vector<std::string>& inputs,
           const std::vector<std::string>& outputs, int time_axis)
      : table_(table), inputs_(inputs), outputs_(outputs), time_axis_(time_axis) {}

  TestPoints run() {
    classify();
    check_inputs();
    check_outputs();
    return rows();
  }

 private:
  void classify() {
    input_column_.assign(inputs_.size(), -1);
    std::vector<std::pair<bool, double>> times;  // per output column: labelled, time
    for (size_t c = 0; c < table_.columns.size(); ++c) {
      const auto& column = table_.columns[c];
      const auto m = match_name(column.name, inputs_, outputs_);
      if (m.kind == Match::Kind::None) {
        throw error_at(column.place, "column '" + column.label + "' names no input or output (" +
                                         expected_columns(inputs_, outputs_) + ")");
      }
      if (m.kind == Match::Kind::Input) {
        auto& seen = input_column_[m.index];
        if (seen >= 0) {
          throw error_at(column.place, "input '" + inputs_[m.index] + "' is named twice (also " +
                                           table_.columns[seen].place + ")");
        }
        seen = static_cast<int>(c);
        continue;
      }
      double time = 0;
      const bool timed = time_axis_ >= 0 && label_time(column, inputs_[time_axis_], time);
      expand_ |= timed;
      times.emplace_back(timed, time);
      output_columns_.push_back({m.index, 0, c});
    }
    if (!expand_) return;
    if (input_column_[time_axis_] >= 0) {
      throw error_at(table_.columns[input_column_[time_axis_]].place,
                     "input '" + inputs_[time_axis_] +
                         "' has a column, and the output labels give times too (@ t=...): "
                         "give one or the other");
    }
    for (size_t k = 0; k < output_columns_.size(); ++k) {
      const auto& column = table_.columns[output_columns_[k].column];
      if (!times[k].first) {
        throw error_at(column.place, "column '" + column.label +
                                         "' gives no time (@ t=...), while other outputs do");
      }
      const auto slot = std::find(times_.begin(), times_.end(), times[k].second);
      output_columns_[k].slot = static_cast<size_t>(slot - times_.begin());
      if (slot == times_.end()) times_.push_back(times[k].second);
    }
  }

  void check_inputs() const {
    for (size_t k = 0; k < inputs_.size(); ++k) {
      if (input_column_[k] >= 0 || (expand_ && static_cast<int>(k) == time_axis_)) continue;
      std::vector<std::string> labels;
      for (const auto& c : table_.columns) labels.push_back(c.label);
      const bool time = static_cast<int>(k) == time_axis_;
      throw error_at(table_.header_place,
                     "no column for input '" + inputs_[k] + "' (columns: " + join(labels) + ")" +
                         (time ? "; a COMSOL export of a time-dependent solution labels each "
                                 "output column with its time instead, 'u (1) @ t=0.1'"
                               : ""));
    }
  }

  void check_outputs() {
    const size_t slots = expand_ ? times_.size() : 1;
    columns_.assign(outputs_.size(), std::vector<int>(slots, -1));
    for (const auto& o : output_columns_) {
      auto& seen = columns_[o.output][o.slot];
      const auto& column = table_.columns[o.column];
      if (seen >= 0) {
        const auto& other = table_.columns[seen];
        const bool parameters = !column.conditions.empty() && !expand_;
        const bool times = std::any_of(column.conditions.begin(), column.conditions.end(),
                                       [](const auto& c) { return c.first == "t"; });
        throw error_at(
            column.place,
            "output '" + outputs_[o.output] + "' is named twice" +
                (expand_ ? " at " + inputs_[time_axis_] + " = " + shortest_decimal(times_[o.slot])
                         : "") +
                " ('" + column.label + "', also '" + other.label + "' " + other.place + ")" +
                (!parameters ? ""
                 : times     ? "; the labels give times (@ t=...), but the problem has no time "
                               "input"
                             : "; a file holds the solution at one parameter value"));
      }
      seen = static_cast<int>(o.column);
    }
    for (size_t o = 0; o < outputs_.size(); ++o) {
      const auto& slots_of = columns_[o];
      const auto present =
          std::count_if(slots_of.begin(), slots_of.end(), [](int c) { return c >= 0; });
      if (present == 0) continue;
      if (static_cast<size_t>(present) != slots) {
        const auto missing = std::find(slots_of.begin(), slots_of.end(), -1) - slots_of.begin();
        throw error_at(table_.header_place,
                       "no column for output '" + outputs_[o] + "' at " + inputs_[time_axis_] +
                           " = " + shortest_decimal(times_[missing]) + ", which other times have");
      }
      present_.push_back(o);
    }
    if (present_.empty()) {
      throw error_at(table_.header_place,
                     "no column names an output (" + expected_columns(inputs_, outputs_) + ")");
    }
  }

  TestPoints rows() const {
    TestPoints points;
    for (const auto o : present_) points.outputs.push_back(outputs_[o]);
    points.values.resize(present_.size());
    const size_t width = table_.columns.size(), slots = expand_ ? times_.size() : 1;
    const size_t dim = inputs_.size();
    if (table_.rows() == 0) {
      throw error_at(table_.path,
                     "no rows of values follow the column names (" + table_.header_place + ")");
    }
    for (size_t r = 0; r < table_.rows(); ++r) {
      const double* row = table_.cells.data() + r * width;
      if (std::any_of(row, row + width, [](double v) { return std::isnan(v); })) {
        ++points.skipped_rows;
        continue;
      }
      for (size_t s = 0; s < slots; ++s) {
        for (size_t k = 0; k < dim; ++k) {
          const bool time = expand_ && static_cast<int>(k) == time_axis_;
          points.points.push_back(time ? times_[s] : row[input_column_[k]]);
        }
        for (size_t j = 0; j < present_.size(); ++j) {
          points.values[j].push_back(row[columns_[present_[j]][s]]);
        }
      }
    }
    if (points.count() == 0) {
      throw error_at(table_.path, "every row (" + std::to_string(table_.rows()) +
                                      ") holds NaN: no test points are left");
    }
    return points;
  }

  const ReferenceCells& table_;
  const std::vector<std::string>& inputs_;
  const std::vector<std::string>& outputs_;
  int time_axis_;
  std::vector<int> input_column_;             // per input, its column (-1: none)
  std::vector<OutputColumn> output_columns_;  // in file order
  bool expand_ = false;                       // output labels give times: a point per row and time
  std::vector<double> times_;                 // the labels' times, in first-seen order
  std::vector<std::vector<int>> columns_;     // [output][slot]: its column (-1: none)
  std::vector<size_t> present_;               // outputs with values, in problem order
};

// HDF5 datasets at the root, as columns: `points` split into its columns (or one dataset
// per input) and a dataset per output the file holds.
ReferenceCells read_hdf5_cells(const std::string& path, const std::vector<std::string>& inputs,
                               const std::vector<std::string>& outputs) {
  ReferenceCells out;
  out.path = path;
  out.header_place = path;
  std::vector<std::vector<double>> columns;
  const auto dim = inputs.size();
  try {
    H5::Exception::dontPrint();
    const H5::H5File file(path, H5F_ACC_RDONLY);
    std::vector<std::string> names;
    for (hsize_t i = 0; i < file.getNumObjs(); ++i) {
      if (file.getObjTypeByIdx(i) == H5G_DATASET) names.push_back(file.getObjnameByIdx(i));
    }
    const auto listing =
        "(" + expected_columns(inputs, outputs) + "; datasets: " + join(names) + ")";
    auto add = [&](const std::string& name, const std::string& dataset,
                   std::vector<double> values) {
      if (!columns.empty() && values.size() != columns[0].size()) {
        throw error_at(path + ":" + dataset, std::to_string(values.size()) + " values, but " +
                                                 out.columns[0].label + " holds " +
                                                 std::to_string(columns[0].size()));
      }
      out.columns.push_back({name, dataset, path + ":" + dataset, {}});
      columns.push_back(std::move(values));
    };
    auto vector_of = [&](const std::string& dataset) {
      std::vector<uint64_t> shape;
      auto values = hdf5::read_doubles(file, dataset, &shape);
      if (shape.size() != 1 && !(shape.size() == 2 && shape[1] == 1)) {
        throw error_at(path + ":" + dataset, "not a 1-D dataset " + listing);
      }
      return values;
    };
    if (std::count(names.begin(), names.end(), "points") > 0) {
      std::vector<uint64_t> shape;
      const auto points = hdf5::read_doubles(file, "points", &shape);
      if (!((shape.size() == 2 && shape[1] == dim) || (shape.size() == 1 && dim == 1))) {
        std::string dims;
        for (const auto n : shape) dims += (dims.empty() ? "" : " x ") + std::to_string(n);
        throw error_at(path + ":points", "a dataset of " + dims + " values; expected N x " +
                                             std::to_string(dim) + " (" + join(inputs) + ")");
      }
      for (size_t k = 0; k < dim; ++k) {
        std::vector<double> column;
        for (size_t i = k; i < points.size(); i += dim) column.push_back(points[i]);
        add(inputs[k], "points[:, " + std::to_string(k) + "]", std::move(column));
      }
    } else {
      for (size_t k = 0; k < dim; ++k) {
        const auto found = std::find_if(names.begin(), names.end(), [&](const std::string& n) {
          const auto m = match_name(n, inputs, outputs);
          return m.kind == Match::Kind::Input && m.index == k;
        });
        if (found == names.end()) {
          throw error_at(path,
                         "no dataset 'points' and none for input '" + inputs[k] + "' " + listing);
        }
        add(inputs[k], *found, vector_of(*found));
      }
    }
    for (const auto& output : outputs) {
      if (std::count(names.begin(), names.end(), output) > 0) {
        add(output, output, vector_of(output));
      }
    }
    if (out.columns.size() == dim) throw error_at(path, "no dataset names an output " + listing);
  } catch (const H5::Exception& e) {
    throw std::invalid_argument("cannot read reference file '" + path +
                                "' as HDF5: " + e.getDetailMsg());
  }
  const size_t rows = columns[0].size();
  for (size_t r = 0; r < rows; ++r) {
    for (const auto& column : columns) out.cells.push_back(column[r]);
  }
  return out;
}

}  // namespace

std::string to_string(ReferenceFormat format) {
  for (const auto& [f, name] : kFormats) {
    if (f == format) return name;
  }
  return "?";
}

ReferenceFormat reference_format(const std::string& name) {
  std::vector<std::string> names;
  for (const auto& [format, n] : kFormats) {
    if (n == name) return format;
    names.push_back(n);
  }
  throw std::invalid_argument("unknown reference format '" + name + "' (formats: " + join(names) +
                              ")");
}

ReferenceFormat detect_reference_format(const std::string& path) {
  if (ends_with(path, ".h5") || ends_with(path, ".hdf5")) return ReferenceFormat::Hdf5;
  std::ifstream in(path);
  if (!in) {
    throw std::invalid_argument("cannot read reference file '" + path + "': " + strerror(errno));
  }
  std::string line;
  while (std::getline(in, line)) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    if (line[first] == '%') return ReferenceFormat::Comsol;
    break;
  }
  return ends_with(path, ".csv") ? ReferenceFormat::Csv : ReferenceFormat::Text;
}

TestPoints read_reference_table(const std::string& path, const std::vector<std::string>& inputs,
                                const std::vector<std::string>& outputs, int time_axis,
                                ReferenceFormat format) {
  if (format == ReferenceFormat::Auto) format = detect_reference_format(path);
  const auto cells =
      format == ReferenceFormat::Hdf5
          ? read_hdf5_cells(path, inputs, outputs)
          : read_text_cells(path, format == ReferenceFormat::Csv, format == ReferenceFormat::Comsol,
                            expected_columns(inputs, outputs));
  auto points = Assembly(cells, inputs, outputs, time_axis).run();
  points.source = path;
  return points;
}

}  // namespace pinn
