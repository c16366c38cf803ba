#include "solver/formula/jet.h"

#include <ATen/ATen.h>

#include <utility>

namespace pinn::formula {
namespace {

double binomial(int n, int k) {
  double c = 1;
  for (int i = 1; i <= k; ++i) c = c * (n - k + i) / i;
  return c;
}

// a + b where either may be undefined (zero).
at::Tensor plus(const at::Tensor& a, const at::Tensor& b) {
  if (!a.defined()) return b;
  if (!b.defined()) return a;
  return a + b;
}

at::Tensor times(const at::Tensor& a, double c) { return c == 1 ? a : a * c; }

}  // namespace

JetArithmetic::JetArithmetic(const StreamPlan& plan) : plan_(plan) {
  // The partial alpha of a * b is the sum over the sub-multisets beta of alpha of
  // C(alpha, beta) a_beta b_(alpha - beta), C the product of binomials over the inputs.
  products_.resize(static_cast<size_t>(plan.size()));
  for (int s = 0; s < plan.size(); ++s) {
    std::vector<std::pair<int, int>> counts;  // (input, multiplicity), inputs increasing
    for (const int axis : plan.streams()[static_cast<size_t>(s)].axes()) {
      if (counts.empty() || counts.back().first != axis) counts.emplace_back(axis, 0);
      ++counts.back().second;
    }
    std::vector<int> taken(counts.size(), 0);
    while (true) {
      std::vector<int> first, second;
      double coefficient = 1;
      for (size_t k = 0; k < counts.size(); ++k) {
        first.insert(first.end(), static_cast<size_t>(taken[k]), counts[k].first);
        second.insert(second.end(), static_cast<size_t>(counts[k].second - taken[k]),
                      counts[k].first);
        coefficient *= binomial(counts[k].second, taken[k]);
      }
      products_[static_cast<size_t>(s)].push_back(
          {plan.index(Partial(first)), plan.index(Partial(second)), coefficient});
      size_t k = 0;
      while (k < counts.size() && taken[k] == counts[k].second) taken[k++] = 0;
      if (k == counts.size()) break;
      ++taken[k];
    }
  }
}

Jet JetArithmetic::constant(const at::Tensor& value) const {
  Jet jet(static_cast<size_t>(size()));
  jet[0] = value;
  return jet;
}

Jet JetArithmetic::input(const at::Tensor& value, int axis,
                         const at::TensorOptions& options) const {
  auto jet = constant(value);
  for (int s = 1; s < size(); ++s) {
    if (plan_.streams()[static_cast<size_t>(s)].axes() == std::vector<int>{axis}) {
      jet[static_cast<size_t>(s)] = at::ones({}, options);
    }
  }
  return jet;
}

bool JetArithmetic::is_constant(const Jet& a) {
  for (size_t s = 1; s < a.size(); ++s) {
    if (a[s].defined()) return false;
  }
  return true;
}

Jet JetArithmetic::add(const at::Tensor& value, const Jet& a, const Jet& b) const {
  auto jet = constant(value);
  for (size_t s = 1; s < jet.size(); ++s) jet[s] = plus(a[s], b[s]);
  return jet;
}

Jet JetArithmetic::subtract(const at::Tensor& value, const Jet& a, const Jet& b) const {
  auto jet = constant(value);
  for (size_t s = 1; s < jet.size(); ++s) {
    if (!b[s].defined()) {
      jet[s] = a[s];
    } else {
      jet[s] = a[s].defined() ? a[s] - b[s] : -b[s];
    }
  }
  return jet;
}

Jet JetArithmetic::negate(const at::Tensor& value, const Jet& a) const {
  auto jet = constant(value);
  for (size_t s = 1; s < jet.size(); ++s) {
    if (a[s].defined()) jet[s] = -a[s];
  }
  return jet;
}

Jet JetArithmetic::multiply(const at::Tensor& value, const Jet& a, const Jet& b) const {
  auto jet = constant(value);
  // A factor without derivatives scales the other's: one product per stream.
  if (is_constant(b) || is_constant(a)) {
    const Jet& varying = is_constant(b) ? a : b;
    const at::Tensor& factor = is_constant(b) ? b[0] : a[0];
    for (size_t s = 1; s < jet.size(); ++s) {
      if (varying[s].defined()) jet[s] = varying[s] * factor;
    }
    return jet;
  }
  for (size_t s = 1; s < jet.size(); ++s) {
    for (const auto& t : products_[s]) {
      const auto& x = a[static_cast<size_t>(t.first)];
      const auto& y = b[static_cast<size_t>(t.second)];
      if (x.defined() && y.defined()) jet[s] = plus(jet[s], times(x * y, t.coefficient));
    }
  }
  return jet;
}

Jet JetArithmetic::compose(const at::Tensor& value, const Jet& y,
                           const std::vector<at::Tensor>& derivatives) const {
  auto jet = constant(value);
  // Faa di Bruno: phi(y)_alpha = sum over the set partitions of alpha of
  // phi^(blocks)(y) times the product of y over the blocks.
  for (int s = 1; s < size(); ++s) {
    at::Tensor sum;
    for (const auto& term : plan_.terms(s)) {
      const auto& d = derivatives[static_cast<size_t>(term.order - 1)];
      if (!d.defined()) continue;
      at::Tensor product = d;
      for (const int block : term.blocks) {
        const auto& factor = y[static_cast<size_t>(block)];
        if (!factor.defined()) {
          product = at::Tensor();
          break;
        }
        product = product * factor;
      }
      if (product.defined()) sum = plus(sum, times(product, term.coefficient));
    }
    jet[static_cast<size_t>(s)] = sum;
  }
  return jet;
}

Jet JetArithmetic::select(const at::Tensor& value, const at::Tensor& condition, const Jet& a,
                          const Jet& b) const {
  auto jet = constant(value);
  for (size_t s = 1; s < jet.size(); ++s) {
    if (!a[s].defined() && !b[s].defined()) continue;
    const auto zero = at::zeros({}, value.options());
    jet[s] = at::where(condition, a[s].defined() ? a[s] : zero, b[s].defined() ? b[s] : zero);
  }
  return jet;
}

}  // namespace pinn::formula
