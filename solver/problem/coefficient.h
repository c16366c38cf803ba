#pragma once
// A coefficient of a PDE (Burgers' nu, Klein-Gordon's alpha): the number the
// config gives, or, where `unknowns` names it, a value trained with the network
// from observations. A residual reads it as nu(f), so the same line serves the
// forward and the inverse problem:
//
//   [nu](const Fields& f) { return f.d(T) + f.u() * f.d(X) - nu(f) * f.d(X, X); }

#include <ATen/core/Tensor.h>

#include <string>

#include "solver/autodiff/fields.h"

namespace pinn {

class Coefficient {
 public:
  Coefficient(std::string name, double value) : name_(std::move(name)), value_(value) {}

  const std::string& name() const { return name_; }
  // The given value; for an unknown, the true one that references and synthetic
  // observations use.
  double value() const { return value_; }

  // The trained value at `fields` where this coefficient is an unknown (a 0-dim
  // tensor carrying its gradient), else the given value as a 0-dim tensor.
  at::Tensor operator()(const Fields& fields) const;

 private:
  std::string name_;
  double value_;
};

}  // namespace pinn
