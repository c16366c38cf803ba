#pragma once
// Samples of a function read from a text table: each line holds the coordinates
// of one point and the value there, separated by spaces, tabs or commas; '#'
// starts a comment and blank lines are skipped.

#include <cstdint>
#include <string>
#include <vector>

namespace pinn {

struct Samples {
  std::vector<double> points;  // row-major, `dim` coordinates per sample
  std::vector<double> values;  // one per sample
};

// Throws std::invalid_argument naming the file, the line and what is wrong: unreadable
// file, a field that is not a finite number, a line with other than dim + 1 numbers, or
// no samples at all.
Samples read_samples(const std::string& path, int dim);

}  // namespace pinn
