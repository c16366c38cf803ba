#pragma once
// Measurements of the solution that an inverse problem identifies its unknown
// coefficients from (config `observations`): read from a file, or drawn from the
// problem's reference solution with Gaussian noise.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "solver/problem/problem.h"

namespace pinn {

struct Observations {
  std::vector<double> points;  // row-major, one coordinate per input
  std::vector<double> values;  // one per point
  std::vector<int64_t> lines;  // 1-based line of each point in a text file; empty otherwise
  bool synthetic = false;      // drawn from the reference: the true coefficients are known
  size_t count() const { return values.size(); }
};

// Reads a text table (inputs in problem order, then the value; spaces, tabs or
// commas; '#' comments) or an HDF5 file holding `points` (N x inputs) and
// `values` (N). Throws std::invalid_argument naming the file and the line or
// dataset: unreadable, malformed, wrong column count, non-finite, empty, or a
// point outside `domain` (at its line, or its row of 'points').
Observations read_observations(const std::string& path, const Domain& domain);

// `count` distinct nodes of the tensor grid `axes`, drawn with `seed`, with the
// reference's value there plus noise * std(values) * N(0, 1), the recipe of
// Raissi, Perdikaris and Karniadakis (2019). Throws std::invalid_argument when
// the grid has fewer than `count` nodes.
Observations draw_observations(const std::vector<std::vector<double>>& axes,
                               const std::vector<double>& reference, int64_t count, double noise,
                               uint64_t seed);

// `problem` with one more loss term, "observations": u - value at each observed
// point (these points are the term's, not sampled). Domain and reference are the
// problem's own.
std::shared_ptr<const Problem> with_observations(std::shared_ptr<const Problem> problem,
                                                 std::shared_ptr<const Observations> observations);

}  // namespace pinn
