#include "solver/run/stitched_solution.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

#include "solver/run/evaluation_grid.h"
#include "solver/run/solution_fields.h"
#include "solver/run/time_windows.h"

namespace pinn {

std::vector<double> row_times(const at::Tensor& points, int time_axis) {
  const auto column = points.select(1, time_axis).to(torch::kCPU, torch::kFloat64).contiguous();
  return {column.data_ptr<double>(), column.data_ptr<double>() + column.numel()};
}

std::vector<std::vector<double>> evaluate_stitched(const std::vector<Mlp>& nets,
                                                   const std::vector<double>& edges, int time_axis,
                                                   const at::Tensor& points) {
  const auto times = row_times(points, time_axis);
  std::vector<std::vector<int64_t>> rows(nets.size());
  for (size_t i = 0; i < times.size(); ++i) {
    rows[std::min(window_of(edges, times[i]), nets.size() - 1)].push_back(static_cast<int64_t>(i));
  }
  for (size_t k = 0; k < nets.size(); ++k) {
    if (rows[k].size() == times.size()) {
      auto net = nets[k];
      return evaluate_outputs(net, points);
    }
  }
  std::vector<std::vector<double>> out;
  for (size_t k = 0; k < nets.size(); ++k) {
    if (rows[k].empty()) continue;
    auto net = nets[k];
    const auto index = torch::tensor(rows[k], torch::kLong).to(points.device());
    const auto values = evaluate_outputs(net, points.index_select(0, index));
    out.resize(values.size(), std::vector<double>(times.size()));
    for (size_t o = 0; o < values.size(); ++o) {
      for (size_t j = 0; j < rows[k].size(); ++j) {
        out[o][static_cast<size_t>(rows[k][j])] = values[o][j];
      }
    }
  }
  return out;
}

double rel_l2_until(const std::vector<std::string>& outputs,
                    const std::vector<std::vector<double>>& predicted,
                    const std::vector<std::vector<double>>& exact, const std::vector<double>& times,
                    double t_end, const std::vector<uint8_t>& inside,
                    const std::vector<std::string>& up_to_constant) {
  std::vector<uint8_t> counted(times.size());
  for (size_t i = 0; i < times.size(); ++i) {
    counted[i] = times[i] <= t_end && (inside.empty() || inside[i]) ? 1 : 0;
  }
  double error = 0, reference = 0;
  for (size_t o = 0; o < outputs.size(); ++o) {
    FieldGrid field{outputs[o], predicted[o], {}, {}};
    const bool shift = std::count(up_to_constant.begin(), up_to_constant.end(), outputs[o]) > 0;
    const auto sums = add_reference(field, exact[o], shift, counted);
    error += sums.error;
    reference += sums.reference;
  }
  return std::sqrt(error / reference);
}

}  // namespace pinn
