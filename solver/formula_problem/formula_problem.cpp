#include "solver/formula_problem/formula_problem.h"

#include <ATen/ATen.h>

namespace pinn {

std::optional<OutputGrids> FormulaProblem::reference(
    const std::vector<std::vector<double>>& axes) const {
  if (parts_.exact.empty()) return std::nullopt;
  auto points = grid_points(axes);
  const auto rows = static_cast<int64_t>(points.size() / axes.size());
  const auto tensor =
      at::from_blob(points.data(), {rows, static_cast<int64_t>(axes.size())}, at::kDouble);
  OutputGrids grids;
  for (const auto& program : parts_.exact) {
    const auto values = program.evaluate({tensor}).contiguous();
    grids.emplace_back(values.data_ptr<double>(), values.data_ptr<double>() + values.numel());
  }
  return grids;
}

std::string FormulaProblem::no_reference_reason() const {
  return parts_.test_points ? "the reference is given at the points of " +
                                  parts_.test_points->source + ", not on a grid"
                            : "problem.reference gives no exact solution";
}

}  // namespace pinn
