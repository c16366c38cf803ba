#pragma once
// An output transform: the network's outputs written as a function of its inputs and of
// the raw outputs of its last layer, u = F(x, N(x)), so that conditions such as
// u = g on the boundary hold exactly whatever N is (u = x (1 - x) N + g). The network
// applies it in forward(); the Taylor engine carries the streams of N through it
// (autodiff/transformed_streams.h). It reads values only, never derivatives of N.

#include <ATen/core/Tensor.h>

#include <map>
#include <string>
#include <vector>

namespace pinn {

class StreamPlan;  // autodiff/stream_plan.h

class OutputTransform {
 public:
  virtual ~OutputTransform() = default;

  // The outputs (N x outputs) from the raw outputs `raw` (N x outputs) at `points`
  // (N x inputs), differentiable in both; `unknowns` holds the coefficients trained as
  // unknowns by name (0-dim), which the transform may read.
  virtual at::Tensor apply(const at::Tensor& points, const at::Tensor& raw,
                           const std::map<std::string, at::Tensor>& unknowns) const = 0;
  // Every partial of every output along the streams of `plan`: result[o][s] is the partial
  // plan.streams()[s] of output o (N x 1, undefined where it is zero), exactly, from
  // raw[s] (N x outputs), that partial of every raw output. Differentiable in `raw` by
  // first-order operations alone (the Taylor engine's training needs no more).
  virtual std::vector<std::vector<at::Tensor>> apply_streams(
      const at::Tensor& points, const StreamPlan& plan, const std::vector<at::Tensor>& raw,
      const std::map<std::string, at::Tensor>& unknowns) const = 0;
  // Whether output `output` is transformed; the others are the raw outputs themselves.
  virtual bool transforms(int output) const = 0;
  // A text from which the transform is built again where a result file is read back
  // (formula_problem/output_transform.h reads it), so that `pinn eval` applies it too.
  virtual std::string spec() const = 0;
};

}  // namespace pinn
