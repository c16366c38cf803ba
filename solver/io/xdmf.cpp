#include "solver/io/xdmf.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "solver/io/atomic_write.h"
#include "solver/io/xdmf_cells.h"
#include "solver/io/xdmf_layout.h"

namespace pinn {
namespace {

using xdmf::is_section;
using xdmf::kNoTime;
using xdmf::middle;
using xdmf::section_space;
using xdmf::time_axis;

std::string dimensions(const std::vector<uint64_t>& shape) {
  std::string text;
  for (auto n : shape) text += (text.empty() ? "" : " ") + std::to_string(n);
  return text;
}

// Round-trips a double, so that the viewer's times are the stored ones.
std::string exact_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

std::string hdf_item(const std::string& h5_name, const std::string& dataset,
                     const std::vector<uint64_t>& shape) {
  return "<DataItem Dimensions=\"" + dimensions(shape) +
         "\" NumberType=\"Float\" Precision=\"8\" Format=\"HDF\">" + h5_name + ":/solution/" +
         dataset + "</DataItem>";
}

// Cell connectivity: int64 node indices.
std::string index_item(const std::string& h5_name, const std::string& dataset,
                       const std::vector<uint64_t>& shape) {
  return "<DataItem Dimensions=\"" + dimensions(shape) +
         "\" NumberType=\"Int\" Precision=\"8\" Format=\"HDF\">" + h5_name + ":/solution/" +
         dataset + "</DataItem>";
}

// A part of a stored dataset read in place: `count` values from `start` with `stride`
// along each of its dimensions. This is the hyperslab form of ParaView's Xdmf3 readers
// (the HDF path followed by |start:stride:count:dataset shape); they skip the values of
// an ItemType="HyperSlab" DataItem.
std::string hyperslab_item(const std::string& h5_name, const std::string& dataset,
                           const std::vector<uint64_t>& shape, const std::vector<uint64_t>& start,
                           const std::vector<uint64_t>& stride,
                           const std::vector<uint64_t>& count) {
  return "<DataItem Dimensions=\"" + dimensions(count) +
         "\" NumberType=\"Float\" Precision=\"8\" Format=\"HDF\">" + h5_name + ":/solution/" +
         dataset + "|" + dimensions(start) + ":" + dimensions(stride) + ":" + dimensions(count) +
         ":" + dimensions(shape) + "</DataItem>";
}

bool contains(const std::vector<size_t>& list, size_t value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// "x4 = 0.5, x5 = 0.5": where a section holds the inputs it does not show.
std::string held_values(const SolutionGrid& solution) {
  const auto space = section_space(solution);
  const auto time = time_axis(solution);
  std::string text;
  for (size_t i = 0; i < solution.inputs.size(); ++i) {
    if (i == time || contains(space, i)) continue;
    text += (text.empty() ? "" : ", ") + solution.inputs[i] + " = " +
            exact_number(solution.axes[i][middle(solution, i)]);
  }
  return text;
}

// One uniform grid over the inputs other than `time` (all of them for kNoTime), at index
// `step` of the time axis; for a section, over its three inputs with the rest held. With
// `cells` (a masked solution), an unstructured mesh of those cells over the same nodes.
class GridText {
 public:
  GridText(const std::string& h5_name, const SolutionGrid& solution, size_t time, size_t step,
           const CellArray* cells)
      : h5_name_(h5_name),
        solution_(solution),
        shape_(solution.shape()),
        time_(time),
        cells_(cells),
        space_(xdmf::mesh_axes(solution, time)) {
    for (auto i : space_) mesh_.push_back(shape_[i]);
    start_.assign(shape_.size(), 0);
    count_ = shape_;
    for (size_t i = 0; i < shape_.size(); ++i) {
      if (i == time_) {
        start_[i] = step;
        count_[i] = 1;
      } else if (!contains(space_, i)) {
        start_[i] = middle(solution, i);
        count_[i] = 1;
      }
    }
  }

  std::string text(const std::string& indent) const {
    const auto in = indent + "  ";
    std::string text = indent + "<Grid Name=\"solution\" GridType=\"Uniform\">\n";
    if (const auto held = held_values(solution_); !held.empty()) {
      text += in + "<Information Name=\"section\" Value=\"" + held + "\"/>\n";
    }
    if (time_ != kNoTime) {
      text += in + "<Time Value=\"" + exact_number(solution_.axes[time_][start_[time_]]) + "\"/>\n";
    }
    if (cells_) {
      text += space_.size() == 1 ? masked_line(in) : unstructured_mesh(in);
    } else {
      text += space_.size() == 1 ? line(in) : structured_mesh(in);
    }
    for (size_t i = 0; i < solution_.fields.size(); ++i) {
      text += attribute(solution_.fields[i].name, in);
      if (!solution_.fields[i].exact.empty()) {
        text += attribute(solution_.exact_dataset(i), in);
        text += attribute(solution_.error_dataset(i), in);
      }
    }
    return text + indent + "</Grid>\n";
  }

 private:
  // The values of a field (or of the points, with one more dimension) on this grid.
  std::string field(const std::string& dataset, const std::vector<uint64_t>& shape,
                    const std::vector<uint64_t>& start, const std::vector<uint64_t>& stride,
                    const std::vector<uint64_t>& count) const {
    if (time_ == kNoTime && !is_section(solution_)) return hdf_item(h5_name_, dataset, shape);
    return hyperslab_item(h5_name_, dataset, shape, start, stride, count);
  }

  std::string attribute(const std::string& name, const std::string& indent) const {
    const std::vector<uint64_t> unit_stride(shape_.size(), 1);
    return indent + "<Attribute Name=\"" + name + "\" AttributeType=\"Scalar\" Center=\"Node\">\n" +
           indent + "  " + field(name, shape_, start_, unit_stride, count_) + "\n" + indent +
           "</Attribute>\n";
  }

  // One input: a one-row rectilinear mesh, its X the stored axis.
  std::string line(const std::string& indent) const {
    const auto axis = space_[0];
    return indent + "<Topology TopologyType=\"2DRectMesh\" Dimensions=\"1 " +
           std::to_string(shape_[axis]) + "\"/>\n" + indent + "<Geometry GeometryType=\"VXVY\">\n" +
           indent + "  " + hdf_item(h5_name_, solution_.inputs[axis], {shape_[axis]}) + "\n" +
           indent +
           "  <DataItem Dimensions=\"1\" NumberType=\"Float\" Precision=\"8\" "
           "Format=\"XML\">0</DataItem>\n" +
           indent + "</Geometry>\n";
  }

  // Two or three inputs: nodes in u's order, placed by /solution/points, whose columns
  // are the inputs in problem order, so X is the first of them, Y the second, Z the third.
  // A section's points hold its three inputs' coordinates only, read whole.
  std::string points_item() const {
    if (is_section(solution_)) {
      auto points_shape = mesh_;
      points_shape.push_back(space_.size());
      return hdf_item(h5_name_, "points", points_shape);
    }
    auto points_shape = shape_;
    points_shape.push_back(shape_.size());
    auto start = start_;
    start.push_back(space_[0]);
    std::vector<uint64_t> stride(shape_.size(), 1);
    stride.push_back(space_.size() > 1 ? space_[1] - space_[0] : 1);
    auto count = count_;
    count.push_back(space_.size());
    return field("points", points_shape, start, stride, count);
  }

  std::string geometry(const std::string& type, const std::string& item,
                       const std::string& indent) const {
    return indent + "<Geometry GeometryType=\"" + type + "\">\n" + indent + "  " + item + "\n" +
           indent + "</Geometry>\n";
  }

  std::string structured_mesh(const std::string& indent) const {
    const bool is_3d = space_.size() == 3;
    return indent + "<Topology TopologyType=\"" + (is_3d ? "3DSMesh" : "2DSMesh") +
           "\" Dimensions=\"" + dimensions(mesh_) + "\"/>\n" +
           geometry(is_3d ? "XYZ" : "XY", points_item(), indent);
  }

  // The cells (cells_), over the nodes the structured mesh would have.
  std::string topology(const std::string& type, const std::string& indent) const {
    const auto count = std::to_string(cells_->count());
    const std::string nodes =
        type == "Polyline" ? " NodesPerElement=\"" + std::to_string(cells_->corners()) + "\"" : "";
    return indent + "<Topology TopologyType=\"" + type + "\" NumberOfElements=\"" + count + "\"" +
           nodes + ">\n" + indent + "  " + index_item(h5_name_, cells_->name, cells_->shape) +
           "\n" + indent + "</Topology>\n";
  }

  std::string unstructured_mesh(const std::string& indent) const {
    const bool is_3d = space_.size() == 3;
    return topology(is_3d ? "Hexahedron" : "Quadrilateral", indent) +
           geometry(is_3d ? "XYZ" : "XY", points_item(), indent);
  }

  // One input, masked: segments over the nodes along X (/solution/line_points).
  std::string masked_line(const std::string& indent) const {
    const auto n = shape_[space_[0]];
    return topology("Polyline", indent) +
           geometry("XY", hdf_item(h5_name_, "line_points", {n, 2}), indent);
  }

  const std::string& h5_name_;
  const SolutionGrid& solution_;
  std::vector<uint64_t> shape_;
  size_t time_;
  const CellArray* cells_;               // null: a structured mesh
  std::vector<size_t> space_;            // the inputs the grid spans, in problem order
  std::vector<uint64_t> mesh_;           // their lengths
  std::vector<uint64_t> start_, count_;  // the hyperslab of a field at this grid's time
};

std::string document(const std::string& grids) {
  return "<?xml version=\"1.0\" ?>\n"
         "<Xdmf Version=\"3.0\">\n"
         "  <Domain>\n" +
         grids + "  </Domain>\n</Xdmf>\n";
}

void write_text(const std::string& path, const std::string& text) {
  write_atomically(path, "XDMF file", [&](const std::string& temporary) {
    std::ofstream out(temporary, std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw std::runtime_error(std::strerror(errno));
  });
}

}  // namespace

std::string xdmf_path(const std::string& result_path) {
  return std::filesystem::path(result_path).replace_extension(".xmf").string();
}

std::string space_time_xdmf_path(const std::string& result_path) {
  return std::filesystem::path(result_path).replace_extension(".space-time.xmf").string();
}

NamedArray xdmf_points(const SolutionGrid& solution) {
  NamedArray points{"points", {}, {}};
  const auto dim = solution.inputs.size();
  if (dim < 2) return points;
  // Up to three inputs: every node's coordinates; above, the section's three inputs'.
  std::vector<size_t> columns;
  if (is_section(solution)) {
    columns = section_space(solution);
  } else {
    for (size_t i = 0; i < dim; ++i) columns.push_back(i);
  }
  uint64_t nodes = 1;
  for (const auto i : columns) {
    points.shape.push_back(solution.axes[i].size());
    nodes *= solution.axes[i].size();
  }
  points.shape.push_back(columns.size());
  points.values.resize(nodes * columns.size());
  for (uint64_t node = 0; node < nodes; ++node) {
    // Decompose the node's flat index, last column fastest.
    auto rest = node;
    for (size_t k = columns.size(); k-- > 0;) {
      const auto n = solution.axes[columns[k]].size();
      points.values[node * columns.size() + k] = solution.axes[columns[k]][rest % n];
      rest /= n;
    }
  }
  return points;
}

namespace {

// The cells named `name` among a masked solution's, else null.
const CellArray* find_cells(const std::vector<CellArray>& cells, const std::string& name) {
  for (const auto& c : cells) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace

std::string xdmf_text(const std::string& h5_name, const SolutionGrid& solution) {
  if (solution.inputs.empty()) return "";
  const auto all_cells = xdmf_cells(solution);
  const auto* cells = find_cells(all_cells, "cells");
  const auto time = time_axis(solution);
  if (time == kNoTime) {
    return document(GridText(h5_name, solution, kNoTime, 0, cells).text("    "));
  }
  std::string grids =
      "    <Grid Name=\"solution\" GridType=\"Collection\" CollectionType=\"Temporal\">\n";
  for (size_t step = 0; step < solution.axes[time].size(); ++step) {
    grids += GridText(h5_name, solution, time, step, cells).text("      ");
  }
  return document(grids + "    </Grid>\n");
}

std::string space_time_xdmf_text(const std::string& h5_name, const SolutionGrid& solution) {
  if (is_section(solution) || time_axis(solution) == kNoTime) return "";
  const auto all_cells = xdmf_cells(solution);
  const auto* cells = find_cells(all_cells, "space_time_cells");
  return document(GridText(h5_name, solution, kNoTime, 0, cells).text("    "));
}

void write_xdmf(const std::string& result_path, const SolutionGrid& solution) {
  const auto h5_name = std::filesystem::path(result_path).filename().string();
  const auto text = xdmf_text(h5_name, solution);
  if (text.empty()) return;
  write_text(xdmf_path(result_path), text);
  const auto space_time = space_time_xdmf_text(h5_name, solution);
  if (space_time.empty()) {
    std::error_code ignored;  // usually there is none to remove
    std::filesystem::remove(space_time_xdmf_path(result_path), ignored);
  } else {
    write_text(space_time_xdmf_path(result_path), space_time);
  }
}

}  // namespace pinn
