#include "solver/geometry/nearest_point.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace pinn::geometry {
namespace {

// Below this many points a range is searched point by point: cheaper than more splits.
constexpr int64_t kLeaf = 8;

}  // namespace

NearestPoint::NearestPoint(const std::vector<double>& points, int dim) : dim_(dim) {
  if (dim < 1) {
    throw std::invalid_argument("nearest-point search needs dim >= 1, got " + std::to_string(dim));
  }
  if (points.empty() || points.size() % static_cast<size_t>(dim) != 0) {
    throw std::invalid_argument("nearest-point search needs whole rows of " + std::to_string(dim) +
                                " coordinates and at least one, got " +
                                std::to_string(points.size()) + " numbers");
  }
  const auto n = static_cast<int64_t>(points.size() / static_cast<size_t>(dim));
  order_.resize(static_cast<size_t>(n));
  std::iota(order_.begin(), order_.end(), int64_t{0});
  axis_.assign(static_cast<size_t>(n), 0);
  build(0, n, points);
  coords_.resize(points.size());
  for (int64_t p = 0; p < n; ++p) {
    std::copy_n(&points[static_cast<size_t>(order_[size_t(p)] * dim)], dim,
                &coords_[static_cast<size_t>(p * dim)]);
  }
}

void NearestPoint::build(int64_t begin, int64_t end, const std::vector<double>& points) {
  if (end - begin <= kLeaf) return;
  const auto at = [&](int64_t row, int a) { return points[size_t(row * dim_ + a)]; };
  int axis = 0;
  double widest = -1;
  for (int a = 0; a < dim_; ++a) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (int64_t p = begin; p < end; ++p) {
      lo = std::min(lo, at(order_[size_t(p)], a));
      hi = std::max(hi, at(order_[size_t(p)], a));
    }
    if (hi - lo > widest) {
      widest = hi - lo;
      axis = a;
    }
  }
  const int64_t mid = begin + (end - begin) / 2;
  std::nth_element(order_.begin() + begin, order_.begin() + mid, order_.begin() + end,
                   [&](int64_t r, int64_t s) { return at(r, axis) < at(s, axis); });
  axis_[size_t(mid)] = axis;
  build(begin, mid, points);
  build(mid + 1, end, points);
}

void NearestPoint::visit(int64_t position, const double* x, Hit& best) const {
  const double* p = &coords_[size_t(position * dim_)];
  double d2 = 0;
  for (int a = 0; a < dim_; ++a) d2 += (p[a] - x[a]) * (p[a] - x[a]);
  const int64_t row = order_[size_t(position)];
  if (d2 < best.distance2 || (d2 == best.distance2 && row < best.index)) best = {row, d2};
}

void NearestPoint::search(int64_t begin, int64_t end, const double* x, double cell2,
                          std::vector<double>& offset, Hit& best) const {
  if (end - begin <= kLeaf) {
    for (int64_t p = begin; p < end; ++p) visit(p, x, best);
    return;
  }
  const int64_t mid = begin + (end - begin) / 2;
  visit(mid, x, best);
  const int axis = axis_[size_t(mid)];
  // Rows left of the median are at most its coordinate, rows right of it at least.
  const double diff = x[axis] - coords_[size_t(mid * dim_ + axis)];
  const bool left_first = diff < 0;
  if (left_first) {
    search(begin, mid, x, cell2, offset, best);
  } else {
    search(mid + 1, end, x, cell2, offset, best);
  }
  // The far cell's squared distance from x (Arya and Mount's incremental distance): the
  // cell differs from this one only along `axis`, where it begins `diff` away.
  const double old = offset[size_t(axis)];
  const double far2 = cell2 - old * old + diff * diff;
  // `<=`: an equally near row on the far side may have been given earlier.
  if (far2 > best.distance2) return;
  offset[size_t(axis)] = diff;
  if (left_first) {
    search(mid + 1, end, x, far2, offset, best);
  } else {
    search(begin, mid, x, far2, offset, best);
  }
  offset[size_t(axis)] = old;
}

NearestPoint::Hit NearestPoint::nearest(const double* x) const {
  const auto best = nearest_within(x, std::numeric_limits<double>::infinity());
  // Only a coordinate that is NaN leaves every distance unordered.
  if (best.index < 0) throw std::invalid_argument("nearest-point query with a NaN coordinate");
  return best;
}

NearestPoint::Hit NearestPoint::nearest_within(const double* x, double distance2) const {
  Hit best{-1, distance2};
  std::vector<double> offset(size_t(dim_), 0.0);
  search(0, size(), x, 0.0, offset, best);
  return best;
}

}  // namespace pinn::geometry
