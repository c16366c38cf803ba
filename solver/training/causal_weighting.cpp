#include "solver/training/causal_weighting.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

namespace pinn {

at::Tensor time_bins(const at::Tensor& points, const CausalOptions& options) {
  const auto t = points.select(1, options.time_column).detach().to(at::kDouble);
  const double scale = static_cast<double>(options.bins) / (options.t_hi - options.t_lo);
  // Points on t_hi (and any rounding past the ends) belong to the end bins.
  return ((t - options.t_lo) * scale)
      .floor()
      .clamp(0, static_cast<double>(options.bins - 1))
      .to(at::kLong);
}

std::vector<double> causal_weights(const std::vector<double>& bin_losses, double epsilon) {
  std::vector<double> weights;
  weights.reserve(bin_losses.size());
  double before = 0;
  for (const double loss : bin_losses) {
    weights.push_back(std::exp(-epsilon * before));
    before += loss;
  }
  return weights;
}

CausalWeighting::CausalWeighting(CausalOptions options, StepReduction* reduction)
    : options_(std::move(options)), reduction_(reduction) {}

double CausalWeighting::epsilon() const { return options_.epsilon.at(static_cast<size_t>(stage_)); }

double CausalWeighting::min_weight() const {
  return weights_.empty() ? 1.0 : *std::min_element(weights_.begin(), weights_.end());
}

void CausalWeighting::restore(std::vector<double> weights, int64_t stage) {
  weights_ = std::move(weights);
  if (!weights_.empty() && static_cast<int64_t>(weights_.size()) != options_.bins) weights_.clear();
  stage_ = std::clamp<int64_t>(stage, 0, static_cast<int64_t>(options_.epsilon.size()) - 1);
}

void CausalWeighting::bin(const at::Tensor& points) {
  if (binned_points_.defined() && binned_points_.is_same(points)) return;
  binned_points_ = points;
  bins_ = time_bins(points, options_).to(points.device());
  auto counts = at::bincount(bins_.cpu(), {}, options_.bins).to(at::kDouble).contiguous();
  if (reduction_) reduction_->sum(counts);
  counts_.assign(counts.data_ptr<double>(), counts.data_ptr<double>() + options_.bins);
}

at::Tensor CausalWeighting::loss(const at::Tensor& points, const at::Tensor& squared,
                                 bool recompute) {
  bin(points);
  const auto bins = static_cast<size_t>(options_.bins);
  if (recompute || weights_.empty()) {
    auto sums = at::zeros({options_.bins}, squared.options())
                    .index_add_(0, bins_, squared.detach())
                    .to(at::kCPU, at::kDouble)
                    .contiguous();
    if (reduction_) reduction_->sum(sums);
    std::vector<double> losses(bins);
    for (size_t i = 0; i < bins; ++i) {
      losses[i] = counts_[i] > 0 ? sums.data_ptr<double>()[i] / counts_[i] : 0.0;
    }
    // The next epsilon once the weights it replaces all passed the threshold: the stage
    // stays the one the weights were computed with, for records and checkpoints.
    const auto last = static_cast<int64_t>(options_.epsilon.size()) - 1;
    if (!weights_.empty() && stage_ < last && min_weight() > options_.threshold) ++stage_;
    weights_ = causal_weights(losses, epsilon());
  }
  // Each point carries w_i / (n_i M'): summed, the mean over the M' bins holding points
  // of w_i L_i, and over the processes, their shares' sums add up to it.
  const auto filled = std::count_if(counts_.begin(), counts_.end(), [](double n) { return n > 0; });
  std::vector<double> per_point(bins, 0.0);
  for (size_t i = 0; i < bins; ++i) {
    if (counts_[i] > 0) per_point[i] = weights_[i] / (counts_[i] * static_cast<double>(filled));
  }
  const auto factors = at::tensor(per_point, at::TensorOptions().dtype(at::kDouble))
                           .to(squared.options())
                           .index_select(0, bins_);
  return (squared * factors).sum();
}

}  // namespace pinn
