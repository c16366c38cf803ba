#include "solver/run/point_sets.h"

#include <torch/torch.h>

#include "solver/sampling/region_sampler.h"

namespace pinn {

std::vector<double> draw_term_points(const RunConfig& config, const LossTerm& term, size_t index) {
  if (!term.fixed_points.empty()) return term.fixed_points;
  const auto& spec = config.sampling.at(term.name);
  const uint64_t seed = static_cast<uint64_t>(config.seed) * 1000003u + (index + 1);
  return sample_term(config.problem->domain(), term, spec.method, spec.points, seed);
}

std::vector<double> sample_term(const Domain& domain, const LossTerm& term, SamplingMethod method,
                                int64_t n, uint64_t seed) {
  if (term.paired.axis >= 0) return sample_face(domain, term.paired.axis, method, n, seed);
  return sample_region(domain, term.region, method, n, seed);
}

std::vector<double> share_of(const std::vector<double>& points, size_t columns,
                             const Shard& shard) {
  const auto rows = static_cast<int64_t>(points.size() / columns);
  const auto begin = static_cast<size_t>(rows * shard.rank / shard.count) * columns;
  const auto end = static_cast<size_t>(rows * (shard.rank + 1) / shard.count) * columns;
  return {points.begin() + static_cast<std::ptrdiff_t>(begin),
          points.begin() + static_cast<std::ptrdiff_t>(end)};
}

at::Tensor to_tensor(std::vector<double> values, int64_t cols, const at::TensorOptions& options) {
  const auto rows = static_cast<int64_t>(values.size()) / cols;
  // A copy: from_blob borrows `values`, which dies on return.
  return torch::from_blob(values.data(), {rows, cols}, torch::kFloat64)
      .to(options, /*non_blocking=*/false, /*copy=*/true);
}

}  // namespace pinn
