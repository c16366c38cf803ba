#pragma once
// The network outputs and the partial derivatives a loss term asked for, at one
// point set. Problems write their residuals against this.

#include <ATen/core/Tensor.h>

#include <map>
#include <string>
#include <vector>

#include "solver/autodiff/partial.h"

namespace pinn {

class Fields {
 public:
  Fields(at::Tensor points, std::vector<std::string> inputs,
         std::vector<std::string> outputs = {"u"});

  void set(const Partial& partial, at::Tensor value);
  // The values a data term must match at these points (N x 1).
  void set_data(at::Tensor values) { data_ = std::move(values); }

  // Points (N x inputs) and one input column (N x 1).
  const at::Tensor& points() const { return points_; }
  at::Tensor input(int axis) const;
  std::vector<at::Tensor> inputs() const;  // every input column, in order
  // An output and its derivatives, each N x 1; without an Output, the first
  // output (u of one-output problems). Asking for a partial that was not
  // computed throws: a term must declare every derivative it reads.
  const at::Tensor& u() const { return get(Partial{}); }
  const at::Tensor& d(int i) const { return get(Partial{i}); }
  const at::Tensor& d(int i, int j) const { return get(Partial{i, j}); }
  const at::Tensor& d(int i, int j, int k) const { return get(Partial{i, j, k}); }
  const at::Tensor& d(int i, int j, int k, int l) const { return get(Partial{i, j, k, l}); }
  const at::Tensor& u(Output o) const { return get(Partial(o)); }
  const at::Tensor& d(Output o, int i) const { return get(Partial(o, {i})); }
  const at::Tensor& d(Output o, int i, int j) const { return get(Partial(o, {i, j})); }
  const at::Tensor& d(Output o, int i, int j, int k) const { return get(Partial(o, {i, j, k})); }
  const at::Tensor& d(Output o, int i, int j, int k, int l) const {
    return get(Partial(o, {i, j, k, l}));
  }
  const at::Tensor& get(const Partial& partial) const;
  // Throws for a term that has no data.
  const at::Tensor& data() const;

  // The current values of the coefficients trained as unknowns (name -> 0-dim
  // tensor), set by the loss; coefficients read them through Coefficient.
  void set_unknowns(const std::map<std::string, at::Tensor>* values) { unknowns_ = values; }
  // The unknown named `name`, or null where that coefficient is known.
  const at::Tensor* unknown(const std::string& name) const;

 private:
  at::Tensor points_;
  std::vector<std::string> inputs_;
  std::vector<std::string> outputs_;
  std::map<Partial, at::Tensor> values_;
  at::Tensor data_;
  const std::map<std::string, at::Tensor>* unknowns_ = nullptr;
};

}  // namespace pinn
