#include "solver/run/resampler.h"

#include <torch/torch.h>

#include <algorithm>
#include <numeric>

#include "solver/run/point_sets.h"
#include "solver/sampling/region_sampler.h"
#include "solver/sampling/residual_adaptive.h"

namespace pinn {
namespace {

// Residuals of RAD's candidates are computed this many points at a time, to bound
// the memory of the derivative streams.
constexpr int64_t kCandidateChunk = 65536;

// A seed for term `index` at `iteration`, distinct from the initial draws' seeds.
uint64_t resample_seed(int64_t run_seed, size_t index, int64_t iteration, uint64_t purpose) {
  uint64_t h = static_cast<uint64_t>(run_seed) * 0x9E3779B97F4A7C15ull;
  for (const uint64_t v : {uint64_t(index) + 1, uint64_t(iteration), purpose}) {
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
  }
  return h;
}

// A term's per-point data for `rows` points (one or more values per point) as a tensor.
at::Tensor data_tensor(std::vector<double> values, int64_t rows, const at::TensorOptions& options) {
  const auto columns = static_cast<int64_t>(values.size()) / std::max<int64_t>(rows, 1);
  return to_tensor(std::move(values), std::max<int64_t>(columns, 1), options);
}

}  // namespace

std::unique_ptr<TermResampler> TermResampler::create(const RunConfig& config, Loss& loss,
                                                     const Shard& shard) {
  std::vector<Term> terms;
  int64_t every = 0;
  const auto all = config.problem->loss_terms();
  for (size_t i = 0; i < all.size(); ++i) {
    const auto& spec = config.sampling.at(all[i].name);
    if (spec.resample.every <= 0 || !all[i].fixed_points.empty()) continue;
    terms.push_back({i, all[i], spec});
    every = every == 0 ? spec.resample.every : std::gcd(every, spec.resample.every);
  }
  if (terms.empty()) return nullptr;
  return std::unique_ptr<TermResampler>(
      new TermResampler(config, loss, shard, std::move(terms), every));
}

TermResampler::TermResampler(const RunConfig& config, Loss& loss, const Shard& shard,
                             std::vector<Term> terms, int64_t every)
    : config_(config), loss_(loss), shard_(shard), terms_(std::move(terms)), every_(every) {
  const auto columns = static_cast<int64_t>(config.problem->domain().dim());
  for (const auto& t : terms_) {
    initial_.sets.push_back({t.term.name, columns, draw_term_points(config, t.term, t.index)});
  }
  state_ = initial_;
  state_.sets.clear();
}

std::vector<double> TermResampler::draw(const Term& t, int64_t iteration) const {
  const auto domain = config_.problem->domain();
  const auto& r = t.spec.resample;
  if (r.method == ResampleSpec::Method::Uniform) {
    return sample_term(domain, t.term, SamplingMethod::Uniform, t.spec.points,
                       resample_seed(config_.seed, t.index, iteration, 1));
  }
  const auto columns = static_cast<size_t>(domain.dim());
  const auto candidates = sample_term(domain, t.term, SamplingMethod::Uniform, r.candidates,
                                      resample_seed(config_.seed, t.index, iteration, 2));
  const auto options = loss_.batches().at(t.index).points.options();
  std::vector<double> residuals;
  residuals.reserve(static_cast<size_t>(r.candidates));
  for (int64_t first = 0; first < r.candidates; first += kCandidateChunk) {
    const int64_t count = std::min(kCandidateChunk, r.candidates - first);
    std::vector<double> chunk(candidates.begin() + first * int64_t(columns),
                              candidates.begin() + (first + count) * int64_t(columns));
    at::Tensor data;
    if (t.term.data) data = data_tensor(t.term.data(chunk), count, options);
    const auto points = to_tensor(std::move(chunk), int64_t(columns), options);
    const auto values = loss_.residual(t.index, points, data)
                            .detach()
                            .to(torch::kCPU, torch::kFloat64)
                            .contiguous()
                            .reshape(-1);
    residuals.insert(residuals.end(), values.data_ptr<double>(),
                     values.data_ptr<double>() + values.numel());
  }
  const auto chosen = draw_weighted(rad_weights(residuals, r.k, r.c), t.spec.points,
                                    resample_seed(config_.seed, t.index, iteration, 3));
  std::vector<double> points;
  points.reserve(chosen.size() * columns);
  for (const auto i : chosen) {
    const auto row = candidates.begin() + i * int64_t(columns);
    points.insert(points.end(), row, row + int64_t(columns));
  }
  return points;
}

void TermResampler::install(const Term& t, const std::vector<double>& points) {
  const auto columns = config_.problem->domain().dim();
  const auto total = static_cast<int64_t>(points.size()) / columns;
  auto share = shard_.count > 1 ? share_of(points, columns, shard_) : points;
  const auto options = loss_.batches().at(t.index).points.options();
  at::Tensor data;
  if (t.term.data) {
    data = data_tensor(t.term.data(share), static_cast<int64_t>(share.size()) / columns, options);
  }
  loss_.replace_points(t.index, to_tensor(std::move(share), columns, options), data, total);
}

void TermResampler::resample(int64_t iteration) {
  const auto columns = static_cast<int64_t>(config_.problem->domain().dim());
  for (const auto& t : terms_) {
    if (iteration % t.spec.resample.every != 0) continue;
    auto points = draw(t, iteration);
    install(t, points);
    bool replaced = false;
    for (auto& set : state_.sets) {
      if (set.term == t.term.name) {
        set.points = points;
        replaced = true;
      }
    }
    if (!replaced) state_.sets.push_back({t.term.name, columns, std::move(points)});
  }
  state_.iterations.push_back(iteration);
}

void TermResampler::restore(const ResamplingState& state) {
  for (const auto& t : terms_) {
    const ResampledPoints* found = nullptr;
    for (const auto& set : state.sets) {
      if (set.term == t.term.name) found = &set;
    }
    if (!found) {
      for (const auto& set : initial_.sets) {
        if (set.term == t.term.name) found = &set;
      }
    }
    install(t, found->points);
  }
  state_ = state;
}

}  // namespace pinn
