#pragma once
// Samples of a function read from a text table: each line holds the coordinates
// of one point and the value there, separated by spaces, tabs or commas; '#'
// starts a comment and blank lines are skipped.

#include <cstdint>
#include <string>
#include <vector>

#include "solver/io/point_file.h"

namespace pinn {

struct Samples {
  std::vector<double> points;  // row-major, `dim` coordinates per sample
  std::vector<double> values;  // one per sample
  std::vector<int64_t> lines;  // 1-based line of each sample in its file
};

// Throws std::invalid_argument naming the file, the line and what is wrong: unreadable
// file, a field that is not a finite number, a line with other than dim + 1 numbers, or
// no samples at all.
Samples read_samples(const std::string& path, int dim);

// Throws std::invalid_argument for the first of `points` (row-major, one coordinate per name)
// outside `box`, at its place in `path`, e.g. "obs.txt:17: point (x=1.2, t=0.3) lies outside
// the domain: x must be in [-1, 1]", then `fix`. `lines` gives each point's line in a text
// file; when it is empty (an HDF5 dataset) the place is "row N of dataset 'points'".
void require_points_inside(const std::string& path, const std::vector<double>& points,
                           const std::vector<int64_t>& lines, const PointBox& box,
                           const std::string& fix);

}  // namespace pinn
