#include "solver/run/evaluation_grid.h"

#include <torch/torch.h>

#include <cmath>

#include "solver/problem/problem.h"

namespace pinn {

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
}

std::vector<double> EvaluationGrid::evaluate(Mlp& net) const {
  torch::NoGradGuard no_grad;
  // Chunks bound the memory of a big 3-D grid.
  constexpr int64_t kChunk = 65536;
  std::vector<double> out;
  out.reserve(points_.size(0));
  for (int64_t start = 0; start < points_.size(0); start += kChunk) {
    auto u = net->forward(points_.slice(0, start, std::min(start + kChunk, points_.size(0))))
                 .select(1, 0)
                 .to(torch::kCPU, torch::kFloat64)
                 .contiguous();
    out.insert(out.end(), u.data_ptr<double>(), u.data_ptr<double>() + u.numel());
  }
  return out;
}

double relative_l2(const std::vector<double>& u, const std::vector<double>& reference) {
  double diff = 0, norm = 0;
  for (size_t i = 0; i < u.size(); ++i) {
    diff += (u[i] - reference[i]) * (u[i] - reference[i]);
    norm += reference[i] * reference[i];
  }
  return std::sqrt(diff / norm);
}

double max_abs_error(const std::vector<double>& u, const std::vector<double>& reference) {
  double worst = 0;
  for (size_t i = 0; i < u.size(); ++i) {
    const double e = std::abs(u[i] - reference[i]);
    if (!(e <= worst)) worst = e;  // keeps NaN visible
  }
  return worst;
}

}  // namespace pinn
