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
  return sample_term(config.problem->domain(), term, spec.method, spec.points,
                     term_seed(config.seed, index));
}

uint64_t term_seed(int64_t run_seed, size_t index) {
  return static_cast<uint64_t>(run_seed) * 1000003u + (index + 1);
}

namespace {

std::vector<double> sample_where(const Domain& domain, const LossTerm& term, SamplingMethod method,
                                 int64_t n, uint64_t seed) {
  if (term.paired.axis >= 0) return sample_face(domain, term.paired.axis, method, n, seed);
  if (!term.faces.empty()) return sample_faces(domain, term.faces, method, n, seed);
  if (!term.parts.empty()) return sample_parts(domain, term.parts, method, n, seed);
  return sample_region(domain, term.region, method, n, seed);
}

// The points a point set stores where `term` lies, before its predicate.
std::optional<int64_t> stored_points(const Domain& domain, const LossTerm& term) {
  if (!domain.shape || term.paired.axis >= 0 || !term.faces.empty()) return std::nullopt;
  if (!term.parts.empty()) return domain.shape->boundary_limit(term.parts);
  if (term.region == Region::Boundary) return domain.shape->boundary_limit({});
  return domain.shape->interior_limit();
}

// At most n of a point set's `stored` points where `term` lies that its predicate keeps:
// all of them drawn, in a random order, then filtered, so that each is kept at most once.
std::vector<double> kept_stored_points(const Domain& domain, const LossTerm& term,
                                       SamplingMethod method, int64_t stored, uint64_t seed,
                                       int64_t n) {
  const auto width = static_cast<size_t>(domain.dim());
  const auto points = sample_where(domain, term, method, stored, seed);
  const auto flags = term.select(points);
  std::vector<double> kept;
  for (size_t i = 0; i < flags.size() && int64_t(kept.size() / width) < n; ++i) {
    if (flags[i])
      kept.insert(kept.end(), points.begin() + std::ptrdiff_t(i * width),
                  points.begin() + std::ptrdiff_t((i + 1) * width));
  }
  return kept;
}

}  // namespace

std::vector<double> sample_term(const Domain& domain, const LossTerm& term, SamplingMethod method,
                                int64_t n, uint64_t seed) {
  if (!term.select) return sample_where(domain, term, method, n, seed);
  const auto width = static_cast<size_t>(domain.dim());
  if (const auto stored = stored_points(domain, term)) {
    auto kept = kept_stored_points(domain, term, method, *stored, seed, n);
    const auto count = static_cast<int64_t>(kept.size() / width);
    if (count < n) {
      throw std::invalid_argument(
          "cannot draw " + std::to_string(n) + " distinct points for term '" + term.name +
          "': its predicate keeps " + std::to_string(count) + " of the " + std::to_string(*stored) +
          " points stored there; ask for at most that many");
    }
    return kept;
  }
  geometry::RejectionRounds rounds;
  rounds.width = width;
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

std::optional<int64_t> drawable_points(const Domain& domain, const LossTerm& term,
                                       SamplingMethod method, uint64_t seed) {
  const auto stored = stored_points(domain, term);
  if (!stored || !term.select) return stored;
  const auto kept = kept_stored_points(domain, term, method, *stored, seed, *stored);
  return static_cast<int64_t>(kept.size()) / domain.dim();
}

PredicateTrial try_predicate(const Domain& domain, const LossTerm& term, int64_t trials) {
  auto all = term;
  all.select = nullptr;
  PredicateTrial trial;
  trial.tried = std::min(trials, stored_points(domain, all).value_or(trials));
  const auto flags = term.select(sample_term(domain, all, SamplingMethod::Uniform, trial.tried, 1));
  trial.kept = std::count(flags.begin(), flags.end(), 1);
  return trial;
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
