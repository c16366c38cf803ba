#pragma once
// The trained network's fields on the output grid, compared with the problem's
// reference: every output, the derived fields, outputs fixed only up to a
// constant compared without their means, and the published profiles.

#include <ATen/core/Tensor.h>

#include <optional>
#include <vector>

#include "solver/io/result.h"
#include "solver/network/mlp.h"
#include "solver/problem/problem.h"
#include "solver/run/evaluation_grid.h"

namespace pinn {

struct ComparedSolution {
  SolutionGrid grid;
  std::vector<FieldError> errors;  // per field with a reference
  double rel_l2 = 0;               // over the network outputs (README, "rel_l2"); NaN without
  double max_abs_error = 0;        // a reference
};

// Sums of squares of one field's error and of its reference, and its largest absolute
// error (as largest_error finds it).
struct SquareSums {
  double error = 0, reference = 0;
  double largest = 0;
};

// Fills field.exact and field.abs_error from `exact` at the field's values. With
// `up_to_constant`, both sides are compared without their means, and F_exact is stored at
// the network's mean so that F - F_exact is the error compared. With `inside` (one flag
// per value), only the flagged values are compared and averaged; the others' exact and
// abs_error are NaN.
SquareSums add_reference(FieldGrid& field, std::vector<double> exact, bool up_to_constant,
                         const std::vector<uint8_t>& inside = {});

// The largest of `values` (0 when empty); a NaN among them is the result.
double largest_error(const std::vector<double>& values);

// `predicted` (one grid per output) against `reference` (where given). On a grid with
// masked nodes (EvaluationGrid::inside) every field holds NaN there, derived ones
// included, and the errors and means are over the nodes inside.
ComparedSolution compare_solution(const Problem& problem, const EvaluationGrid& grid,
                                  std::vector<std::vector<double>> predicted,
                                  const std::optional<OutputGrids>& reference);

// The network along each of the problem's published profiles.
std::vector<ProfileComparison> compare_profiles(const Problem& problem, Mlp& net,
                                                const at::TensorOptions& options);

// The largest error of each profile metric, in first-seen order.
std::vector<std::pair<std::string, double>> profile_errors(
    const std::vector<ProfileComparison>& profiles);

}  // namespace pinn
