#include "solver/io/xdmf_cells.h"

#include <algorithm>
#include <stdexcept>

#include "solver/io/xdmf_layout.h"

namespace pinn {

std::vector<uint8_t> mesh_inside(const SolutionGrid& solution, const std::vector<size_t>& axes,
                                 size_t time) {
  const auto shape = solution.shape();
  // Strides of the stored grid, last input fastest.
  std::vector<uint64_t> stride(shape.size(), 1);
  for (size_t i = shape.size(); i-- > 1;) stride[i - 1] = stride[i] * shape[i];
  uint64_t held = 0;  // the offset of the inputs held at their middle node
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i != time && std::find(axes.begin(), axes.end(), i) == axes.end()) {
      held += xdmf::middle(solution, i) * stride[i];
    }
  }
  uint64_t nodes = 1;
  for (const auto a : axes) nodes *= shape[a];
  const uint64_t times = time == xdmf::kNoTime ? 1 : shape[time];
  const uint64_t time_stride = time == xdmf::kNoTime ? 0 : stride[time];
  std::vector<uint8_t> inside(nodes);
  for (uint64_t node = 0; node < nodes; ++node) {
    auto rest = node;
    auto offset = held;
    for (size_t k = axes.size(); k-- > 0;) {
      offset += rest % shape[axes[k]] * stride[axes[k]];
      rest /= shape[axes[k]];
    }
    bool all = true;
    for (uint64_t t = 0; t < times && all; ++t) all = solution.inside[offset + t * time_stride];
    inside[node] = all ? 1 : 0;
  }
  return inside;
}

CellArray cells_inside(const std::string& name, const std::vector<uint8_t>& inside,
                       const std::vector<uint64_t>& mesh) {
  if (mesh.empty() || mesh.size() > 3) {
    throw std::invalid_argument("cells_inside: a mesh of " + std::to_string(mesh.size()) +
                                " axes; cells exist for 1 to 3");
  }
  // Corner offsets from the cell's lowest node, in (axis 0, axis 1, axis 2) steps.
  static const int kSegment[][3] = {{0, 0, 0}, {1, 0, 0}};
  static const int kQuad[][3] = {{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0}};
  static const int kHex[][3] = {{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0},
                                {0, 0, 1}, {1, 0, 1}, {1, 1, 1}, {0, 1, 1}};
  const int(*corner)[3] = mesh.size() == 1 ? kSegment : mesh.size() == 2 ? kQuad : kHex;
  const size_t corners = size_t{1} << mesh.size();
  const uint64_t n0 = mesh[0], n1 = mesh.size() > 1 ? mesh[1] : 1,
                 n2 = mesh.size() > 2 ? mesh[2] : 1;
  auto index = [&](uint64_t i, uint64_t j, uint64_t k) { return (i * n1 + j) * n2 + k; };
  CellArray cells{name, {0, corners}, {}};
  // A cell per node that has a next node along every axis of the mesh.
  const uint64_t last1 = mesh.size() > 1 ? n1 - 1 : 1, last2 = mesh.size() > 2 ? n2 - 1 : 1;
  for (uint64_t i = 0; i + 1 < n0; ++i) {
    for (uint64_t j = 0; j < last1; ++j) {
      for (uint64_t k = 0; k < last2; ++k) {
        bool all = true;
        for (size_t c = 0; c < corners && all; ++c) {
          all = inside[index(i + corner[c][0], j + corner[c][1], k + corner[c][2])];
        }
        if (!all) continue;
        for (size_t c = 0; c < corners; ++c) {
          cells.nodes.push_back(
              static_cast<int64_t>(index(i + corner[c][0], j + corner[c][1], k + corner[c][2])));
        }
        ++cells.shape[0];
      }
    }
  }
  return cells;
}

std::vector<CellArray> xdmf_cells(const SolutionGrid& solution) {
  if (!solution.masked()) return {};
  const auto shape = solution.shape();
  const auto mesh_of = [&](const std::vector<size_t>& axes) {
    std::vector<uint64_t> mesh;
    for (const auto a : axes) mesh.push_back(shape[a]);
    return mesh;
  };
  const auto time = xdmf::time_axis(solution);
  const auto axes = xdmf::mesh_axes(solution, time);
  std::vector<CellArray> arrays{
      cells_inside("cells", mesh_inside(solution, axes, time), mesh_of(axes))};
  if (time != xdmf::kNoTime && !xdmf::is_section(solution)) {
    const auto all = xdmf::mesh_axes(solution, xdmf::kNoTime);
    arrays.push_back(
        cells_inside("space_time_cells", mesh_inside(solution, all, xdmf::kNoTime), mesh_of(all)));
  }
  return arrays;
}

NamedArray xdmf_line_points(const SolutionGrid& solution) {
  NamedArray points{"line_points", {}, {}};
  if (!solution.masked()) return points;
  const auto axes = xdmf::mesh_axes(solution, xdmf::time_axis(solution));
  if (axes.size() != 1) return points;
  const auto& axis = solution.axes[axes[0]];
  points.shape = {axis.size(), 2};
  for (const double x : axis) {
    points.values.push_back(x);
    points.values.push_back(0.0);
  }
  return points;
}

}  // namespace pinn
