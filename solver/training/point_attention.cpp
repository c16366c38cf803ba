#include "solver/training/point_attention.h"

#include <ATen/ATen.h>

namespace pinn {
namespace {

int64_t whole_size(const TermBatch& batch) {
  return batch.total_points > 0 ? batch.total_points : batch.points.size(0);
}

}  // namespace

PointAttention::PointAttention(double gamma, double eta, size_t terms, StepReduction* reduction)
    : gamma_(gamma), eta_(eta), entries_(terms), reduction_(reduction) {}

at::Tensor& PointAttention::weights(size_t term, const TermBatch& batch) {
  auto& entry = entries_.at(term);
  if (!entry.points.defined() || !entry.points.is_same(batch.points)) {
    entry.points = batch.points;
    entry.lambda = at::ones({batch.points.size(0)}, batch.points.options());
  }
  return entry.lambda;
}

at::Tensor PointAttention::weigh(size_t term, const TermBatch& batch, const at::Tensor& residual,
                                 const at::Tensor& squared, bool update) {
  auto& lambda = weights(term, batch);
  if (update) {
    const auto size = residual.detach().pow(2).sum(1).sqrt();
    auto largest = size.max().reshape({1}).to(at::kCPU, at::kDouble).contiguous();
    if (reduction_) reduction_->max(largest);
    const double top = largest.item<double>();
    lambda = top > 0 ? gamma_ * lambda + (eta_ / top) * size : gamma_ * lambda;
  }
  return squared * lambda.pow(2);
}

std::vector<double> PointAttention::means(const std::vector<TermBatch>& batches) {
  const auto count = static_cast<int64_t>(entries_.size());
  auto sums = at::zeros({count}, at::kDouble);
  for (int64_t i = 0; i < count; ++i) {
    sums[i] = weights(static_cast<size_t>(i), batches.at(static_cast<size_t>(i)))
                  .sum()
                  .to(at::kCPU, at::kDouble);
  }
  if (reduction_) reduction_->sum(sums);
  std::vector<double> means;
  for (int64_t i = 0; i < count; ++i) {
    means.push_back(sums[i].item<double>() /
                    static_cast<double>(whole_size(batches[static_cast<size_t>(i)])));
  }
  return means;
}

std::vector<double> PointAttention::gather(size_t term, const TermBatch& batch) {
  const auto& lambda = weights(term, batch);
  auto whole = at::zeros({whole_size(batch)}, at::kDouble);
  whole.narrow(0, batch.first_point, lambda.size(0)).copy_(lambda.to(at::kCPU, at::kDouble));
  if (reduction_) reduction_->sum(whole);
  return {whole.data_ptr<double>(), whole.data_ptr<double>() + whole.numel()};
}

void PointAttention::restore(size_t term, const TermBatch& batch,
                             const std::vector<double>& whole) {
  auto& lambda = weights(term, batch);
  lambda = at::ones_like(lambda);
  if (static_cast<int64_t>(whole.size()) != whole_size(batch)) return;
  const auto values = at::tensor(whole, at::TensorOptions().dtype(at::kDouble));
  lambda = values.narrow(0, batch.first_point, lambda.size(0)).to(lambda.options()).clone();
}

}  // namespace pinn
