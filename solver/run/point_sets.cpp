#include "solver/run/point_sets.h"

#include <torch/torch.h>

#include <algorithm>
#include <stdexcept>

#include "solver/geometry/rejection.h"
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
  geometry::RejectionRounds rounds;
  rounds.width = static_cast<size_t>(domain.dim());
  rounds.draw = [&](int64_t count, uint64_t s) {
    return sample_where(domain, term, method, count, s);
  };
  rounds.keep = term.select;
  rounds.nothing_kept = [&](int64_t tried) {
    return "term '" + term.name + "': its predicate selects none of " + std::to_string(tried) +
           " points tried";
  };
  return geometry::draw_until(rounds, n, seed);
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
