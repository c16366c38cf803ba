#pragma once
// The columns the first hidden layer reads, from the normalised inputs
// x' = (x - shift) scale in [-1, 1]:
//   plain columns x'_i, and
//   trigonometric columns sin(theta_r + q pi/2), theta_r = sum_i w_ri x'_i, the
//   cosine (q = 1) or the sine (q = 0) of row r of a frequency table w.
// A periodic input i has one row, w = pi e_i; random Fourier features have one row
// per row of B, zero at the inputs B does not read. Every derivative of a column with
// respect to the inputs is again a sine, cosine, input or constant times a factor,
// which is what the Taylor engine's input streams are made of.
//
// Column order: with Fourier features, cos(B x') then sin(B x'); then every input B
// does not read, in input order: x'_i, or cos(pi x'_i), sin(pi x'_i) where periodic.

#include <torch/types.h>

#include <cstdint>
#include <vector>

#include "solver/network/network_options.h"

namespace pinn {

struct InputFeature {
  int64_t input = -1;  // a plain column: its input; -1 for a trigonometric column
  int64_t row = -1;    // a trigonometric column: its row of the frequency table
  int quarter_turns = 0;
};

// One column's derivative: factor * source, the source being the sine or the cosine
// of theta_index, the normalised input x'_index, or 1. A zero factor: it vanishes.
struct FeatureTerm {
  enum class Source { Sine, Cosine, Input, One };
  Source source = Source::One;
  int64_t index = 0;
  double factor = 0;
};

class InputLayout {
 public:
  explicit InputLayout(const NetworkOptions& options);

  const std::vector<InputFeature>& columns() const { return columns_; }
  int64_t rows() const { return rows_; }  // rows of the frequency table
  int64_t inputs() const { return inputs_; }
  // True when the columns are x' itself.
  bool identity() const { return rows_ == 0; }

  // The frequency table [rows x inputs] in fourier's dtype (float64 without Fourier
  // features), from the periodic inputs and B [features x inputs read].
  torch::Tensor frequencies(const torch::Tensor& fourier) const;
  // The columns' values, N x columns, differentiable with respect to `normalized`.
  torch::Tensor evaluate(const torch::Tensor& normalized, const torch::Tensor& fourier) const;

  // The derivative of every column along `axes` (input indices, with repeats; empty:
  // the value), given the frequency table (row-major, float64) and the input scales
  // (d/dx_i = scale_i d/dx'_i).
  std::vector<FeatureTerm> derivative(const std::vector<int>& axes,
                                      const std::vector<double>& frequencies,
                                      const std::vector<double>& input_scale) const;

 private:
  int64_t inputs_ = 0;
  int64_t rows_ = 0;
  int64_t fourier_rows_ = 0;
  std::vector<int64_t> fourier_inputs_;
  std::vector<int64_t> periodic_inputs_;  // of rows fourier_rows_, fourier_rows_ + 1, ...
  std::vector<InputFeature> columns_;
  std::vector<int64_t> pool_index_;  // column -> column of [sin theta, cos theta, x']
};

}  // namespace pinn
