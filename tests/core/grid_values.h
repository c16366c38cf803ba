#pragma once
// For tests that rebuild a trained network from its result file: how far the rebuilt
// network's first output is from the run's own /solution on a two-input grid.

#include <torch/torch.h>

#include "solver/io/result.h"
#include "solver/network/mlp.h"

namespace pinn::testing {

// max |net(x, t) - u| over the nodes of `result`'s grid (two inputs, first field).
inline double max_difference_on_grid(Mlp& net, const ResultData& result) {
  const auto& s = result.solution;
  const auto x = torch::tensor(s.axes[0], torch::kFloat64);
  const auto t = torch::tensor(s.axes[1], torch::kFloat64);
  const auto grid = torch::meshgrid({x, t}, "ij");
  const auto points = torch::stack({grid[0].flatten(), grid[1].flatten()}, 1);
  torch::NoGradGuard no_grad;
  const auto u = net->forward(points).flatten();
  const auto stored = torch::tensor(s.fields.at(0).values, torch::kFloat64);
  return (u - stored).abs().max().item<double>();
}

}  // namespace pinn::testing
