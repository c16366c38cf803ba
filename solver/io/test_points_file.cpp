#include "solver/io/test_points_file.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "solver/common/text.h"
#include "solver/io/hdf5_file.h"

namespace pinn {
namespace {

std::vector<std::string> split_names(const std::string& text) {
  std::vector<std::string> names;
  for (size_t start = 0; !text.empty() && start <= text.size();) {
    const auto end = std::min(text.find(',', start), text.size());
    names.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return names;
}

// Points on a grid in time (every time an input named t takes holds two or more points):
// per field, the error over the points of each time. Scattered points get nothing.
void write_by_time(H5::Group& parent, const TestPointFields& t) {
  const auto axis = std::find(t.inputs.begin(), t.inputs.end(), "t") - t.inputs.begin();
  if (axis == static_cast<long>(t.inputs.size())) return;
  const size_t dim = t.inputs.size(), n = t.count();
  // Each time's count of points, then its position among the times (increasing).
  std::map<double, size_t> slot;
  for (size_t i = 0; i < n; ++i) ++slot[t.points[i * dim + axis]];
  if (slot.size() < 2) return;
  std::vector<double> times;
  for (auto& [time, entry] : slot) {
    if (entry < 2) return;
    entry = times.size();
    times.push_back(time);
  }
  auto group = parent.createGroup("by_time");
  hdf5::write_dataset(group, "t", times);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const auto& f : t.fields) {
    std::vector<double> error(times.size(), 0.0), norm(times.size(), 0.0),
        largest(times.size(), 0.0);
    for (size_t i = 0; i < n; ++i) {
      const size_t j = slot.at(t.points[i * dim + axis]);
      error[j] += f.abs_error[i] * f.abs_error[i];
      norm[j] += f.exact[i] * f.exact[i];
      largest[j] = std::max(largest[j], f.abs_error[i]);
    }
    for (size_t j = 0; j < times.size(); ++j) {
      error[j] = norm[j] > 0 ? std::sqrt(error[j] / norm[j]) : nan;
    }
    hdf5::write_dataset(group, "rel_l2_" + f.name, error);
    hdf5::write_dataset(group, "max_abs_error_" + f.name, largest);
  }
}

}  // namespace

void write_test_points(H5::H5File& file, const TestPointFields& t) {
  const uint64_t n = t.count();
  if (n == 0) return;
  auto group = file.createGroup("test_points");
  hdf5::write_dataset(group, "points", t.points, {n, static_cast<uint64_t>(t.inputs.size())});
  std::vector<std::string> names;
  for (const auto& f : t.fields) {
    names.push_back(f.name);
    hdf5::write_dataset(group, f.name, f.values);
    hdf5::write_dataset(group, f.name + "_exact", f.exact);
    hdf5::write_dataset(group, f.name + "_abs_error", f.abs_error);
  }
  hdf5::write_attribute(group, "axes", join(t.inputs, ","));
  hdf5::write_attribute(group, "source", t.source);
  hdf5::write_attribute(group, "skipped_rows", t.skipped_rows);
  hdf5::write_attribute(group, "outputs", join(names, ","));
  hdf5::write_attribute(group, "up_to_constant", join(t.up_to_constant, ","));
  write_by_time(group, t);
}

TestPointFields read_test_points(H5::H5File& file) {
  TestPointFields t;
  if (!file.nameExists("test_points")) return t;
  const auto group = file.openGroup("test_points");
  t.inputs = split_names(hdf5::read_string_attribute(group, "axes"));
  t.source = hdf5::read_string_attribute(group, "source");
  t.skipped_rows = hdf5::read_int_attribute(group, "skipped_rows");
  t.up_to_constant = split_names(hdf5::read_string_attribute(group, "up_to_constant"));
  t.points = hdf5::read_doubles(group, "points");
  for (const auto& name : split_names(hdf5::read_string_attribute(group, "outputs"))) {
    t.fields.push_back({name, hdf5::read_doubles(group, name),
                        hdf5::read_doubles(group, name + "_exact"),
                        hdf5::read_doubles(group, name + "_abs_error")});
  }
  return t;
}

void write_test_point_metrics(H5::Group& metrics, const Metrics& m) {
  if (m.test_point_count == 0) return;
  hdf5::write_attribute(metrics, "test_point_count", m.test_point_count);
  hdf5::write_attribute(metrics, "test_rel_l2", m.test_rel_l2);
  hdf5::write_attribute(metrics, "test_max_abs_error", m.test_max_abs_error);
  for (const auto& f : m.test_fields) {
    hdf5::write_attribute(metrics, "test_rel_l2_" + f.name, f.rel_l2);
    hdf5::write_attribute(metrics, "test_max_abs_error_" + f.name, f.max_abs_error);
  }
}

void read_test_point_metrics(const H5::Group& metrics, const TestPointFields& points, Metrics& m) {
  if (!metrics.attrExists("test_point_count")) return;
  m.test_point_count = hdf5::read_int_attribute(metrics, "test_point_count");
  m.test_rel_l2 = hdf5::read_double_attribute(metrics, "test_rel_l2");
  m.test_max_abs_error = hdf5::read_double_attribute(metrics, "test_max_abs_error");
  m.test_fields.clear();
  for (const auto& f : points.fields) {
    if (!metrics.attrExists("test_rel_l2_" + f.name)) continue;
    m.test_fields.push_back({f.name, hdf5::read_double_attribute(metrics, "test_rel_l2_" + f.name),
                             hdf5::read_double_attribute(metrics, "test_max_abs_error_" + f.name)});
  }
}

}  // namespace pinn
