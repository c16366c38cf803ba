#pragma once
// An XDMF file beside a result with test points, so that ParaView and VisIt show them
// with the solution's files (xdmf.h): one Polyvertex grid, a vertex per test point, with
// the point data F, F_exact and F_abs_error of each field that has values there, read in
// place from /test_points of the HDF5 file.
//
// The viewer's X, Y and Z are the first, second and third input in problem order, time
// included (the layout of the space-time file: x on X and t on Y for Burgers); with one
// input the points lie on the X axis. No file is written for more than three inputs.

#include <string>

#include "solver/io/result.h"

namespace pinn {

// "burgers.test-points.xmf" for "burgers.h5".
std::string test_points_xdmf_path(const std::string& result_path);

// The XDMF text for `points` as stored in the HDF5 file named `h5_name` (relative to the
// XDMF file); empty without test points or for more than three inputs.
std::string test_points_xdmf_text(const std::string& h5_name, const TestPointFields& points);

// Writes test_points_xdmf_text beside the result at `result_path` atomically, or removes
// a file left there by an earlier result of that name when there is none to write.
// Throws std::runtime_error when the file cannot be written.
void write_test_points_xdmf(const std::string& result_path, const TestPointFields& points);

}  // namespace pinn
