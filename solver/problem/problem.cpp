#include "solver/problem/problem.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <stdexcept>

#include "solver/common/text.h"

namespace pinn {

int max_derivative_order(const Problem& problem) {
  int order = 0;
  for (const auto& term : problem.loss_terms()) {
    for (const auto& p : term.needs) order = std::max(order, p.order());
  }
  return order;
}

std::vector<double> tabulate(const std::vector<std::vector<double>>& axes, const ClosedForm& f) {
  auto points = grid_points(axes);
  const auto dims = static_cast<int64_t>(axes.size());
  const auto n = static_cast<int64_t>(points.size()) / dims;
  // Borrows `points`, which outlives every use here.
  const auto grid = at::from_blob(points.data(), {n, dims}, at::TensorOptions().dtype(at::kDouble));
  std::vector<at::Tensor> inputs;
  for (int64_t d = 0; d < dims; ++d) inputs.push_back(grid.select(1, d).unsqueeze(1));
  const auto values = f(inputs).to(at::kDouble).expand({n, 1}).contiguous();
  return {values.data_ptr<double>(), values.data_ptr<double>() + values.numel()};
}

OutputGrids tabulate(const std::vector<std::vector<double>>& axes,
                     const std::vector<ClosedForm>& outputs) {
  OutputGrids grids;
  for (const auto& f : outputs) grids.push_back(tabulate(axes, f));
  return grids;
}

Output output_index(const Problem& problem, const std::string& name) {
  const auto names = problem.outputs();
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) {
    throw std::invalid_argument("'" + name +
                                "' is not an output of the problem; its outputs: " + join(names));
  }
  return Output{static_cast<int>(it - names.begin())};
}

void check_term_outputs(const Problem& problem) {
  const auto count = static_cast<int>(problem.outputs().size());
  for (const auto& term : problem.loss_terms()) {
    for (const auto& p : term.needs) {
      if (p.output().index >= count) {
        throw std::logic_error("loss term '" + term.name + "' reads output " +
                               std::to_string(p.output().index) + ", but the problem declares " +
                               count_of(count, "output") + " (" + join(problem.outputs()) + ")");
      }
    }
  }
}

std::vector<double> grid_points(const std::vector<std::vector<double>>& axes) {
  size_t total = 1;
  for (const auto& axis : axes) total *= axis.size();
  std::vector<double> points;
  points.reserve(total * axes.size());
  std::vector<size_t> index(axes.size(), 0);
  for (size_t n = 0; n < total; ++n) {
    for (size_t d = 0; d < axes.size(); ++d) points.push_back(axes[d][index[d]]);
    for (size_t d = axes.size(); d-- > 0;) {  // the last axis runs fastest
      if (++index[d] < axes[d].size()) break;
      index[d] = 0;
    }
  }
  return points;
}

}  // namespace pinn
