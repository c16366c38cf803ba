#include "solver/problem/problem.h"

#include <ATen/ATen.h>

#include <algorithm>

namespace pinn {

int max_derivative_order(const Problem& problem) {
  int order = 0;
  for (const auto& term : problem.loss_terms()) {
    for (const auto& p : term.needs) order = std::max(order, p.order());
  }
  return order;
}

std::vector<double> tabulate(const std::vector<std::vector<double>>& axes, const ClosedForm& f) {
  std::vector<at::Tensor> columns;
  for (const auto& axis : axes) {
    columns.push_back(at::tensor(axis, at::TensorOptions().dtype(at::kDouble)));
  }
  std::vector<at::Tensor> inputs;
  for (const auto& mesh : at::meshgrid(columns, "ij")) inputs.push_back(mesh.reshape({-1, 1}));
  const auto values = f(inputs).to(at::kDouble).expand({inputs.at(0).size(0), 1}).contiguous();
  return {values.data_ptr<double>(), values.data_ptr<double>() + values.numel()};
}

}  // namespace pinn
