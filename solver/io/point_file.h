#pragma once
// Points to evaluate a trained network at, read from a file a user wrote.
//
// Text: one point a line, coordinates separated by spaces, tabs or commas ('.csv' the
// same); '#' starts a comment, blank lines are skipped. The first line may name the
// columns (the inputs, in any order); without it the columns are the inputs in problem
// order. HDF5 ('.h5', '.hdf5'): a dataset of N x inputs (N for one input), `points` unless
// another is named.

#include <cstdint>
#include <string>
#include <vector>

namespace pinn {

// The box points must lie in: per input, its name and bounds.
struct PointBox {
  std::vector<std::string> names;
  std::vector<double> lo, hi;
};

struct PointTable {
  std::vector<double> points;   // row-major, one column per input in problem order
  std::vector<std::string> at;  // where each point is: "pts.txt:7", "pts.h5:points[3]"
  size_t size() const { return at.size(); }
};

// Throws std::invalid_argument naming the place (file:line for text) and the rule broken:
// an unreadable file, a header that does not name each input once, a line with another
// number of columns than inputs, a value that is not a finite number, no points.
PointTable read_point_table(const std::string& path, const std::vector<std::string>& inputs,
                            const std::string& dataset = "points");

// One message per point of `points` (row-major, one coordinate per name of `box`) outside
// `box` (inclusive, widened on each side by `slack` times the box's length), in order, each
// at its place in `at`: "pts.txt:7: point (x=1.5, t=0.2) lies outside the domain: x must
// be in [-1, 1]".
std::vector<std::string> points_outside(const std::vector<double>& points,
                                        const std::vector<std::string>& at, const PointBox& box,
                                        double slack);

}  // namespace pinn
