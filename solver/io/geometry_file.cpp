#include "solver/io/geometry_file.h"

#include <algorithm>

#include "solver/common/text.h"
#include "solver/io/hdf5_file.h"

namespace pinn {
namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> items;
  if (text.empty()) return items;
  for (size_t start = 0; start <= text.size();) {
    const auto end = std::min(text.find(separator, start), text.size());
    items.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return items;
}

void write_rows(H5::Group& group, const std::string& name, const std::vector<double>& values,
                size_t columns) {
  hdf5::write_dataset(group, name, values, {values.size() / columns, columns});
}

}  // namespace

void write_geometry(H5::H5File& file, const GeometrySample& g) {
  if (g.empty()) return;
  auto group = file.createGroup("geometry");
  const auto d = g.inputs.size();
  write_rows(group, "interior_points", g.interior, d);
  write_rows(group, "boundary_points", g.boundary, d);
  write_rows(group, "boundary_normals", g.normals, d);
  hdf5::write_dataset(group, "boundary_part", g.part);
  hdf5::write_attribute(group, "inputs", join(g.inputs, ","));
  hdf5::write_attribute(group, "parts", join(g.parts, ","));
  hdf5::write_attribute(group, "description", join(g.description, "\n"));
}

GeometrySample read_geometry(H5::H5File& file) {
  GeometrySample g;
  if (!file.nameExists("geometry")) return g;
  const auto group = file.openGroup("geometry");
  g.inputs = split(hdf5::read_string_attribute(group, "inputs"), ',');
  g.parts = split(hdf5::read_string_attribute(group, "parts"), ',');
  g.description = split(hdf5::read_string_attribute(group, "description"), '\n');
  g.interior = hdf5::read_doubles(group, "interior_points");
  g.boundary = hdf5::read_doubles(group, "boundary_points");
  g.normals = hdf5::read_doubles(group, "boundary_normals");
  g.part = hdf5::read_ints(group, "boundary_part");
  return g;
}

}  // namespace pinn
