#pragma once
// A sample of a result's domain shape in its HDF5 file (README of tools, "HDF5 result"),
// small enough to keep (a few thousand points), for figures and post-processing:
//
//   /geometry/       interior_points (N x d, float64), boundary_points (M x d),
//                    boundary_normals (M x d: the outward unit normal at each),
//                    boundary_part (M, int64: index into the parts); attributes inputs (the
//                    d spatial inputs, comma-joined: the columns), parts (the boundary
//                    parts' names, comma-joined), description (one line per shape)
//
// Nothing is written for a box domain.

#include <H5Cpp.h>

#include "solver/io/result.h"

namespace pinn {

void write_geometry(H5::H5File& file, const GeometrySample& geometry);
// Empty where the file has no /geometry.
GeometrySample read_geometry(H5::H5File& file);

}  // namespace pinn
