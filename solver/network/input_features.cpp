#include "solver/network/input_features.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

namespace pinn {

InputLayout::InputLayout(const NetworkOptions& options) : inputs_(options.inputs) {
  if (options.fourier.enabled()) {
    fourier_inputs_ = options.fourier_inputs();
    fourier_rows_ = options.fourier.features;
    for (int q : {1, 0}) {
      for (int64_t r = 0; r < fourier_rows_; ++r) columns_.push_back({-1, r, q});
    }
  }
  rows_ = fourier_rows_;
  for (int64_t i = 0; i < inputs_; ++i) {
    if (std::count(fourier_inputs_.begin(), fourier_inputs_.end(), i) > 0) continue;
    if (std::count(options.periodic.begin(), options.periodic.end(), i) > 0) {
      periodic_inputs_.push_back(i);
      columns_.push_back({-1, rows_, 1});
      columns_.push_back({-1, rows_, 0});
      ++rows_;
    } else {
      columns_.push_back({i, -1, 0});
    }
  }
  for (const auto& c : columns_) {
    pool_index_.push_back(c.input >= 0 ? 2 * rows_ + c.input
                                       : c.row + (c.quarter_turns ? rows_ : 0));
  }
}

torch::Tensor InputLayout::frequencies(const torch::Tensor& fourier) const {
  const auto options = fourier.defined() ? fourier.options() : at::TensorOptions(at::kDouble);
  auto table = at::zeros({rows_, inputs_}, options);
  if (fourier_rows_ > 0) {
    const auto index = at::tensor(fourier_inputs_, at::TensorOptions(at::kLong));
    table.narrow(0, 0, fourier_rows_).index_copy_(1, index.to(options.device()), fourier);
  }
  for (size_t p = 0; p < periodic_inputs_.size(); ++p) {
    table[fourier_rows_ + static_cast<int64_t>(p)][periodic_inputs_[p]] = M_PI;
  }
  return table;
}

torch::Tensor InputLayout::evaluate(const torch::Tensor& normalized,
                                    const torch::Tensor& fourier) const {
  if (identity()) return normalized;
  const auto table = frequencies(fourier).to(normalized.options());
  const auto theta = at::matmul(normalized, table.t());
  // Runs of columns that are consecutive columns of sin theta, cos theta or x', as
  // views: concatenating them differentiates faster (twice nested, with autograd)
  // than selecting columns one by one.
  const torch::Tensor sources[] = {at::sin(theta), at::cos(theta), normalized};
  const auto source_of = [&](int64_t index) {
    const int64_t source = std::min<int64_t>(index / rows_, 2);
    return std::pair<int64_t, int64_t>{source, index - source * rows_};
  };
  std::vector<torch::Tensor> runs;
  for (size_t c = 0; c < pool_index_.size();) {
    const auto [source, offset] = source_of(pool_index_[c]);
    int64_t length = 1;
    while (c + static_cast<size_t>(length) < pool_index_.size() &&
           source_of(pool_index_[c + length]) == std::pair{source, offset + length}) {
      ++length;
    }
    runs.push_back(sources[source].narrow(1, offset, length));
    c += static_cast<size_t>(length);
  }
  return runs.size() == 1 ? runs[0] : at::cat(runs, 1);
}

std::vector<FeatureTerm> InputLayout::derivative(const std::vector<int>& axes,
                                                 const std::vector<double>& frequencies,
                                                 const std::vector<double>& input_scale) const {
  using Source = FeatureTerm::Source;
  const auto k = static_cast<int>(axes.size());
  std::vector<FeatureTerm> terms;
  for (const auto& c : columns_) {
    FeatureTerm t;
    if (c.input >= 0) {
      if (k == 0) {
        t = {Source::Input, c.input, 1.0};
      } else if (k == 1 && axes[0] == c.input) {
        t = {Source::One, 0, input_scale[static_cast<size_t>(c.input)]};
      }
    } else {
      // d/dx_a sin(theta + q pi/2) = w_a scale_a sin(theta + (q + 1) pi/2).
      double factor = 1.0;
      for (int a : axes) {
        factor *= frequencies[static_cast<size_t>(c.row * inputs_ + a)] *
                  input_scale[static_cast<size_t>(a)];
      }
      const int turns = (c.quarter_turns + k) % 4;
      t = {turns % 2 ? Source::Cosine : Source::Sine, c.row, turns >= 2 ? -factor : factor};
    }
    terms.push_back(t);
  }
  return terms;
}

}  // namespace pinn
