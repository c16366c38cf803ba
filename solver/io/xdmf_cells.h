#pragma once
// The cells of the XDMF meshes of a masked solution (a domain with a shape, whose nodes
// outside the shape hold NaN): an unstructured mesh over the same nodes as the box's,
// keeping only the cells whose corners are all inside, so that viewers show holes empty.
// The connectivity is stored in the result beside the fields (/solution/cells, ...).

#include <cstdint>
#include <string>
#include <vector>

#include "solver/io/result.h"

namespace pinn {

// Corner node indices of cells, row-major (cells x corners), into the nodes of one mesh.
struct CellArray {
  std::string name;  // the dataset under /solution
  std::vector<uint64_t> shape;
  std::vector<int64_t> nodes;

  uint64_t count() const { return shape.empty() ? 0 : shape[0]; }
  uint64_t corners() const { return shape.size() < 2 ? 0 : shape[1]; }
};

// One flag per node of the mesh spanned by `axes` (first slowest): inside where
// solution.inside holds at every node of the `time` input (kNoTime: none) with every
// other input at its middle node (a section's held inputs). A shape is spatial, so the
// flags are the same at every time.
std::vector<uint8_t> mesh_inside(const SolutionGrid& solution, const std::vector<size_t>& axes,
                                 size_t time);

// The cells of a mesh of shape `mesh` (1 to 3 axes, first slowest) whose corners are all
// inside: two-node segments along one axis; quadrilaterals with their corners
// counter-clockwise in the first two axes; hexahedra with the face at the lower third
// coordinate first, then the upper, each counter-clockwise (VTK's order).
CellArray cells_inside(const std::string& name, const std::vector<uint8_t>& inside,
                       const std::vector<uint64_t>& mesh);

// What a masked solution's XDMF files read, empty for an unmasked one: "cells" for the
// meshes of xdmf_text (one per time where there is a `t` input), and, with a `t` input
// and up to three inputs, "space_time_cells" for the mesh of space_time_xdmf_text.
std::vector<CellArray> xdmf_cells(const SolutionGrid& solution);

// For a masked solution whose xdmf_text meshes span one input: "line_points" (n x 2), the
// nodes along the viewer's X at Y = 0, which an unstructured mesh needs. Empty otherwise.
NamedArray xdmf_line_points(const SolutionGrid& solution);

}  // namespace pinn
