#include "solver/run/point_sets.h"

#include <torch/torch.h>

#include <algorithm>
#include <stdexcept>

#include "solver/sampling/face_sampler.h"
#include "solver/sampling/region_sampler.h"

namespace pinn {

std::vector<double> draw_term_points(const RunConfig& config, const LossTerm& term, size_t index) {
  if (!term.fixed_points.empty()) return term.fixed_points;
  const auto& spec = config.sampling.at(term.name);
  const uint64_t seed = static_cast<uint64_t>(config.seed) * 1000003u + (index + 1);
  return sample_term(config.problem->domain(), term, spec.method, spec.points, seed);
}

namespace {

std::vector<double> sample_where(const Domain& domain, const LossTerm& term, SamplingMethod method,
                                 int64_t n, uint64_t seed) {
  if (term.paired.axis >= 0) return sample_face(domain, term.paired.axis, method, n, seed);
  if (!term.faces.empty()) return sample_faces(domain, term.faces, method, n, seed);
  if (!term.parts.empty()) return sample_parts(domain, term.parts, method, n, seed);
  return sample_region(domain, term.region, method, n, seed);
}

}  // namespace

std::vector<double> sample_term(const Domain& domain, const LossTerm& term, SamplingMethod method,
                                int64_t n, uint64_t seed) {
  if (!term.select) return sample_where(domain, term, method, n, seed);
  // Rejection: each round draws a fresh set, sized from the share kept so far, and keeps
  // the selected points in draw order until there are n.
  const auto dim = static_cast<size_t>(domain.dim());
  std::vector<double> kept;
  int64_t tried = 0, accepted = 0;
  for (uint64_t round = 0; accepted < n; ++round) {
    const int64_t missing = n - accepted;
    const double share = tried > 0 ? std::max(double(accepted) / double(tried), 1e-3) : 1.0;
    const auto draw =
        std::max<int64_t>(64, static_cast<int64_t>(1.2 * double(missing) / share) + 16);
    const auto points = sample_where(domain, term, method, draw, seed + round * 0x9E3779B9u);
    const auto flags = term.select(points);
    tried += draw;
    for (int64_t i = 0; i < draw && accepted < n; ++i) {
      if (!flags[static_cast<size_t>(i)]) continue;
      kept.insert(kept.end(), points.begin() + static_cast<std::ptrdiff_t>(i * dim),
                  points.begin() + static_cast<std::ptrdiff_t>((i + 1) * dim));
      ++accepted;
    }
    if (accepted == 0 && tried >= 100000) {
      throw std::invalid_argument("term '" + term.name + "': its predicate selects none of " +
                                  std::to_string(tried) + " points tried");
    }
  }
  return kept;
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
