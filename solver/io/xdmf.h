#pragma once
// An XDMF file beside a result, so that ParaView and VisIt open its solution
// fields (u, u_exact, abs_error) on their rectilinear grid straight from the HDF5.

#include <string>

#include "solver/io/result.h"

namespace pinn {

// "burgers.xmf" for "burgers.h5".
std::string xdmf_path(const std::string& result_path);

// The XDMF text describing `solution` as stored in the HDF5 file named `h5_name` (a path
// relative to the XDMF file, normally just the file name). XDMF lists axes slowest
// first, so the viewer's X axis is the last input (t for Burgers) and its Y the one
// before; a 1-D solution is a one-row 2-D mesh. Empty for more than three inputs.
std::string xdmf_text(const std::string& h5_name, const SolutionGrid& solution);

// Writes xdmf_text next to the result at `result_path`, atomically (a temporary file
// renamed over the target). Nothing is written for more than three inputs. Throws
// std::runtime_error when the file cannot be written.
void write_xdmf(const std::string& result_path, const SolutionGrid& solution);

}  // namespace pinn
