#include "solver/training/term_balance.h"

#include <ATen/ATen.h>
#include <torch/autograd.h>

#include <cmath>

namespace pinn {
namespace {

// The gradients of `output` with respect to every parameter, zeros where it does not reach.
std::vector<at::Tensor> gradients(const at::Tensor& output, const std::vector<at::Tensor>& params) {
  std::vector<at::Tensor> grads(params.size());
  if (output.requires_grad()) {
    grads = torch::autograd::grad({output}, params, {}, /*retain_graph=*/true,
                                  /*create_graph=*/false, /*allow_unused=*/true);
  }
  for (size_t j = 0; j < params.size(); ++j) {
    if (!grads[j].defined()) grads[j] = at::zeros_like(params[j]);
  }
  return grads;
}

}  // namespace

std::vector<double> gradient_norms(const LossValues& values, size_t terms,
                                   const std::vector<at::Tensor>& params,
                                   StepReduction* reduction) {
  std::vector<at::Tensor> flat;
  for (size_t i = 0; i < terms; ++i) {
    for (const auto& g : gradients(values.terms.at(i), params)) flat.push_back(g.reshape(-1));
  }
  auto all = at::cat(flat).to(at::kCPU, at::kDouble).contiguous();
  if (reduction) reduction->sum(all);
  const auto norms = all.view({static_cast<int64_t>(terms), -1}).norm(2, 1).contiguous();
  return {norms.data_ptr<double>(), norms.data_ptr<double>() + terms};
}

std::vector<int64_t> estimate_rows(int64_t total, int64_t points) {
  const int64_t count = std::min(total, points);
  std::vector<int64_t> rows;
  rows.reserve(static_cast<size_t>(count));
  for (int64_t k = 0; k < count; ++k) rows.push_back(k * total / count);
  return rows;
}

std::vector<double> kernel_traces(const Loss& loss, const std::vector<at::Tensor>& params,
                                  int64_t points, StepReduction* reduction) {
  const auto& batches = loss.batches();
  const auto terms = static_cast<int64_t>(batches.size());
  auto sums = at::zeros({terms}, at::kDouble);
  std::vector<double> counts;
  for (int64_t i = 0; i < terms; ++i) {
    const auto& batch = batches[static_cast<size_t>(i)];
    const int64_t local = batch.points.size(0);
    const int64_t total = batch.total_points > 0 ? batch.total_points : local;
    const auto rows = estimate_rows(total, points);
    counts.push_back(static_cast<double>(rows.size()));
    // This process's rows of the estimate: those of its share.
    std::vector<int64_t> mine;
    for (const auto row : rows) {
      if (row >= batch.first_point && row < batch.first_point + local) {
        mine.push_back(row - batch.first_point);
      }
    }
    if (mine.empty()) continue;
    // One point at a time: a backward pass through one point's graph costs less than
    // through the graph of all of them.
    auto sum = at::zeros({}, at::TensorOptions().dtype(at::kDouble).device(batch.points.device()));
    for (const auto row : mine) {
      const auto data = batch.data.defined() ? batch.data.narrow(0, row, 1) : at::Tensor();
      const auto residual = loss.differentiable_residual(static_cast<size_t>(i),
                                                         batch.points.narrow(0, row, 1), data);
      for (int64_t e = 0; e < residual.size(1); ++e) {
        std::vector<at::Tensor> flat;
        for (const auto& g : gradients(residual[0][e], params)) flat.push_back(g.reshape(-1));
        const auto all = at::cat(flat).to(at::kDouble);
        sum = sum + all.dot(all);
      }
    }
    sums[i] = sum.to(at::kCPU);
  }
  if (reduction) reduction->sum(sums);
  std::vector<double> means;
  for (int64_t i = 0; i < terms; ++i) {
    means.push_back(sums[i].item<double>() / counts[static_cast<size_t>(i)]);
  }
  return means;
}

std::vector<double> balanced_factors(const std::vector<double>& measures,
                                     const std::vector<double>& current) {
  double total = 0;
  for (const double m : measures) {
    if (m > 0 && std::isfinite(m)) total += m;
  }
  std::vector<double> factors = current;
  for (size_t i = 0; i < measures.size(); ++i) {
    if (measures[i] > 0 && std::isfinite(measures[i])) factors[i] = total / measures[i];
  }
  return factors;
}

std::vector<double> moving_average(const std::vector<double>& current,
                                   const std::vector<double>& fresh, double alpha) {
  std::vector<double> out(current.size());
  for (size_t i = 0; i < current.size(); ++i) {
    out[i] = alpha * current[i] + (1 - alpha) * fresh[i];
  }
  return out;
}

}  // namespace pinn
