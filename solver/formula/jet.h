#pragma once
// Truncated multivariate Taylor arithmetic ("jets") over the streams of a StreamPlan: a
// value's partials by every stream's multiset of inputs, jet[s] the partial
// plan.streams()[s] (jet[0] the value). The streams are closed under taking sub-multisets,
// so sums, products and compositions with functions of one variable give every partial of
// the result exactly from the operands' (Leibniz's rule and Faa di Bruno's formula): a
// formula of the network's outputs is differentiated by the inputs with first-order tensor
// operations only. Internal to solver/formula.

#include <ATen/core/Tensor.h>

#include <vector>

#include "solver/autodiff/stream_plan.h"

namespace pinn::formula {

// jet[s] is N x 1 or 0-dim (broadcast over the points); undefined where it is zero. jet[0]
// is always defined.
using Jet = std::vector<at::Tensor>;

class JetArithmetic {
 public:
  explicit JetArithmetic(const StreamPlan& plan);

  int size() const { return plan_.size(); }
  int max_order() const { return plan_.max_order(); }
  const StreamPlan& plan() const { return plan_; }

  // A value with zero derivatives.
  Jet constant(const at::Tensor& value) const;
  // Input `axis` itself: its stream {axis} is 1, where the plan has it.
  Jet input(const at::Tensor& value, int axis, const at::TensorOptions& options) const;

  // The derivative components (s >= 1) of a + b, a - b, -a and a * b; the caller gives the
  // value (component 0), computed as the formula computes it.
  Jet add(const at::Tensor& value, const Jet& a, const Jet& b) const;
  Jet subtract(const at::Tensor& value, const Jet& a, const Jet& b) const;
  Jet negate(const at::Tensor& value, const Jet& a) const;
  Jet multiply(const at::Tensor& value, const Jet& a, const Jet& b) const;
  // phi(y) of `y`'s jet, phi's value given and its derivatives phi^(m)(y[0]) in
  // derivatives[m - 1], m = 1 .. max_order() (undefined where zero).
  Jet compose(const at::Tensor& value, const Jet& y,
              const std::vector<at::Tensor>& derivatives) const;
  // Component by component: where `condition` (a truth value) holds, a's, else b's.
  Jet select(const at::Tensor& value, const at::Tensor& condition, const Jet& a,
             const Jet& b) const;

  // Whether every derivative component is zero.
  static bool is_constant(const Jet& a);

 private:
  struct ProductTerm {
    int first, second;  // streams of the two factors
    double coefficient;
  };
  const StreamPlan& plan_;
  std::vector<std::vector<ProductTerm>> products_;  // per stream: Leibniz's terms
};

}  // namespace pinn::formula
