#include "solver/distributed/gradient_all_reduce.h"

#include <ATen/ATen.h>

#include <chrono>

namespace pinn::distributed {

bool GradientAllReduce::all_reduce(LossValues& values, const std::vector<at::Tensor>& params,
                                   bool with_gradients, bool stop_requested) {
  const auto start = std::chrono::steady_clock::now();
  const auto options = values.total.options();
  std::vector<at::Tensor> pieces = {values.total.detach().reshape({1}),
                                    values.problem.detach().reshape({1}),
                                    at::full({1}, stop_requested ? 1.0 : 0.0, options)};
  for (const auto& term : values.terms) pieces.push_back(term.detach().reshape({1}));
  if (with_gradients) {
    for (const auto& p : params) {
      // A parameter the loss does not reach has no gradient yet: it sums as zeros.
      auto& grad = p.mutable_grad();
      if (!grad.defined()) grad = at::zeros_like(p);
      pieces.push_back(grad.reshape({-1}));
    }
  }
  auto buffer = at::cat(pieces).to(at::kCPU).contiguous();
  group_.all_reduce_sum(buffer);
  buffer = buffer.to(options.device());

  int64_t offset = 0;
  auto next = [&](int64_t count) {
    auto slice = buffer.narrow(0, offset, count);
    offset += count;
    return slice;
  };
  values.total = next(1).reshape({});
  values.problem = next(1).reshape({});
  const bool stop = next(1).item<double>() > 0;
  for (auto& term : values.terms) term = next(1).reshape({});
  if (with_gradients) {
    for (const auto& p : params) {
      p.mutable_grad().copy_(next(p.numel()).view_as(p));
    }
  }
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return stop;
}

void GradientAllReduce::sum(at::Tensor& values) {
  const auto start = std::chrono::steady_clock::now();
  group_.all_reduce_sum(values);
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void GradientAllReduce::max(at::Tensor& values) {
  const auto start = std::chrono::steady_clock::now();
  group_.all_reduce_max(values);
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace pinn::distributed
