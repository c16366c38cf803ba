#include "solver/reference/interpolation.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace pinn::reference {

std::vector<double> interpolate_linear(const std::vector<double>& xs, const std::vector<double>& ys,
                                       const std::vector<double>& at) {
  if (xs.empty() || xs.size() != ys.size()) {
    throw std::invalid_argument("interpolate_linear: needs as many values as points, at least one");
  }
  std::vector<size_t> order(xs.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return xs[a] < xs[b]; });
  std::vector<double> x, y;
  for (size_t i : order) {
    x.push_back(xs[i]);
    y.push_back(ys[i]);
  }
  std::vector<double> out;
  out.reserve(at.size());
  for (double t : at) {
    if (t <= x.front()) {
      out.push_back(y.front());
      continue;
    }
    if (t >= x.back()) {
      out.push_back(y.back());
      continue;
    }
    // The first sample right of t, and the last sample at or left of it.
    const auto right = static_cast<size_t>(std::upper_bound(x.begin(), x.end(), t) - x.begin());
    const size_t left = right - 1;
    const double w = (t - x[left]) / (x[right] - x[left]);
    out.push_back((1 - w) * y[left] + w * y[right]);
  }
  return out;
}

}  // namespace pinn::reference
