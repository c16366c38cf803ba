#pragma once
// The two text files a point cloud domain is read from (a part meshed elsewhere, by
// Gmsh or a CAD tool, written out as points):
//
//   interior file: one point per line, its dim coordinates;
//   boundary file: one point per line, its dim coordinates, the dim components of the
//                  domain's outward normal there, and the name of the boundary part it
//                  belongs to (letters, digits and _, starting with a letter).
//
// Fields are separated by spaces, tabs or commas; '#' starts a comment; blank lines are
// skipped. Every number must be finite. A normal within 1e-6 of unit length is divided
// by its length (so that it is unit to rounding, whatever digits it was written with);
// one farther off is refused, as it most likely means the columns are not in this order.

#include <string>
#include <vector>

namespace pinn::geometry {

struct BoundaryRows {
  std::vector<double> points;      // row-major, dim per row
  std::vector<double> normals;     // unit, dim per row
  std::vector<int> part;           // per row: an index into `parts`
  std::vector<std::string> parts;  // the part names in order of first appearance
};

// Both throw std::invalid_argument naming the file, and the line and column where one is
// at fault: an unreadable file, dim < 1, a line with the wrong number of fields, a field
// that is not a number or not finite, a zero or non-unit normal, a part name that is not a
// name, or a file holding no point.
std::vector<double> read_interior_points(const std::string& path, int dim);
BoundaryRows read_boundary_points(const std::string& path, int dim);

}  // namespace pinn::geometry
