#include "solver/run/evaluation_grid.h"

#include <torch/torch.h>

#include "solver/problem/problem.h"

namespace pinn {

int64_t default_grid_points(int inputs) {
  if (inputs <= 2) return 101;
  if (inputs <= 4) return 41;
  constexpr int64_t kTarget = 1'000'000;
  // n^inputs <= kTarget, tested by repeated multiplication so that no rounding of a root
  // decides it.
  auto fits = [&](int64_t n) {
    int64_t nodes = 1;
    for (int i = 0; i < inputs; ++i) {
      nodes *= n;
      if (nodes > kTarget) return false;
    }
    return true;
  };
  int64_t n = 2;
  while (fits(n + 1)) ++n;
  return n;
}

double grid_nodes(const std::vector<int64_t>& points) {
  double nodes = 1;
  for (const auto n : points) nodes *= static_cast<double>(n);
  return nodes;
}

std::vector<uint8_t> inside_nodes(const Domain& domain,
                                  const std::vector<std::vector<double>>& axes) {
  if (!domain.shape) return {};
  // The shape is spatial: test the nodes of the spatial axes once, then give every time
  // the same flags.
  std::vector<std::vector<double>> spatial;
  for (const int a : domain.spatial_axes()) spatial.push_back(axes.at(static_cast<size_t>(a)));
  const auto flags = domain.shape->contains(grid_points(spatial));
  size_t nodes = 1;
  for (const auto& axis : axes) nodes *= axis.size();
  // Node i = (before * times + time) * after + rest, its spatial node before * after + rest
  // (times = after = 1 without time).
  size_t times = 1, after = 1;
  if (domain.has_time()) {
    times = axes.at(static_cast<size_t>(domain.time_axis)).size();
    for (size_t a = static_cast<size_t>(domain.time_axis) + 1; a < axes.size(); ++a) {
      after *= axes[a].size();
    }
  }
  std::vector<uint8_t> inside(nodes);
  for (size_t i = 0; i < nodes; ++i) {
    inside[i] = flags[i / (times * after) * after + i % after] ? 1 : 0;
  }
  return inside;
}

EvaluationGrid::EvaluationGrid(const Domain& domain, const std::vector<int64_t>& points,
                               const at::TensorOptions& options) {
  for (int i = 0; i < domain.dim(); ++i) {
    const auto n = points.at(i);
    std::vector<double> axis(n);
    for (int64_t j = 0; j < n; ++j) {
      // Endpoints exactly, interior points by the same formula as linspace.
      axis[j] =
          j == n - 1 ? domain.hi[i] : domain.lo[i] + (domain.hi[i] - domain.lo[i]) * j / (n - 1);
    }
    axes_.push_back(std::move(axis));
  }
  auto grid = grid_points(axes_);
  const auto n = static_cast<int64_t>(grid.size()) / domain.dim();
  // A copy: from_blob borrows `grid`, which dies on return.
  points_ = torch::from_blob(grid.data(), {n, domain.dim()}, torch::kFloat64)
                .to(options, /*non_blocking=*/false, /*copy=*/true);
  inside_ = inside_nodes(domain, axes_);
}

std::vector<std::vector<double>> EvaluationGrid::evaluate(Mlp& net) const {
  return evaluate_outputs(net, points_);
}

std::vector<std::vector<double>> evaluate_outputs(Mlp& net, const at::Tensor& points) {
  torch::NoGradGuard no_grad;
  // Chunks bound the memory of a big grid.
  constexpr int64_t kChunk = 65536;
  std::vector<std::vector<double>> out(static_cast<size_t>(net->options().outputs));
  for (auto& values : out) values.reserve(static_cast<size_t>(points.size(0)));
  for (int64_t start = 0; start < points.size(0); start += kChunk) {
    const auto chunk = points.slice(0, start, std::min(start + kChunk, points.size(0)));
    // Output-major, so that each output's values are one contiguous run.
    const auto values = net->forward(chunk).t().to(torch::kCPU, torch::kFloat64).contiguous();
    const auto n = values.size(1);
    for (size_t o = 0; o < out.size(); ++o) {
      const double* row = values.data_ptr<double>() + static_cast<int64_t>(o) * n;
      out[o].insert(out[o].end(), row, row + n);
    }
  }
  return out;
}

}  // namespace pinn
