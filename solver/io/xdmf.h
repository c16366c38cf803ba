#pragma once
// XDMF files beside a result, so that ParaView and VisIt open its solution fields
// (u, u_exact, abs_error) straight from the HDF5 file, with the viewer's X, Y and Z axes
// the first, second and third input.
//
// The stored arrays run their first input slowest, while a viewer's X is the fastest index
// of a rectilinear mesh; so a mesh over two or more inputs is a structured mesh whose
// nodes' coordinates come from /solution/points (see xdmf_points). A result with an input
// named `t` is a temporal collection: one grid per stored time over the other inputs, each
// reading a hyperslab of the stored datasets, so that the viewer's time controls play it.
//
// A viewer shows at most three space axes and time, so above three inputs the files show a
// section: the first three inputs other than `t` on X, Y and Z, `t` (if any) as the time,
// and every other input held at its middle node (index n / 2 of its n, as tools/plot.py
// cuts its planes), named in the grid's <Information Name="section">. Four inputs with a
// `t` among them are shown whole.
//
// A masked solution (a domain with a shape: SolutionGrid::inside) is shown without its
// holes: each grid is an unstructured mesh over the same nodes, Quadrilateral, Hexahedron
// or two-node Polyline cells, holding only the cells whose corners are all inside, with the
// connectivity stored in the result (xdmf_cells.h). A box's files are as above.

#include <string>

#include "solver/io/result.h"

namespace pinn {

// "burgers.xmf" for "burgers.h5": the temporal collection for a result with a `t` input,
// otherwise the one mesh over all inputs.
std::string xdmf_path(const std::string& result_path);

// "burgers.space-time.xmf" for "burgers.h5": all inputs, `t` included, as one mesh.
// Written only for a result with a `t` input.
std::string space_time_xdmf_path(const std::string& result_path);

// The node coordinates the XDMF meshes read, to be stored as /solution/points. For two or
// three inputs, shape (len(axis0), ..., len(axis_{d-1}), d), points[i, j, ..., k] = value
// of input k at that node, so that its rows follow u's order. Above three inputs, the
// section's nodes only: shape (len(a), len(b), len(c), 3) for its inputs a, b, c, column k
// the value of the k-th of them. Empty (no values, no shape) for one input.
NamedArray xdmf_points(const SolutionGrid& solution);

// The XDMF text of the file at xdmf_path, for `solution` as stored in the HDF5 file named
// `h5_name` (a path relative to the XDMF file, normally just the file name).
std::string xdmf_text(const std::string& h5_name, const SolutionGrid& solution);

// The XDMF text of the file at space_time_xdmf_path; empty without a `t` input or for
// more than three inputs (a viewer has no fourth space axis).
std::string space_time_xdmf_text(const std::string& h5_name, const SolutionGrid& solution);

// Writes xdmf_text (and space_time_xdmf_text, where there is one) next to the result at
// `result_path`, atomically (a temporary file renamed over the target), and removes a
// space-time file left by an earlier result of that name that had none. Throws
// std::runtime_error when a file cannot be written.
void write_xdmf(const std::string& result_path, const SolutionGrid& solution);

}  // namespace pinn
