// Drawing points in and on a combined shape: rejection from the bounds for the interior,
// from the primitives' pieces for the boundary (csg.h says which points are kept).

#include <algorithm>
#include <stdexcept>

#include "solver/common/text.h"
#include "solver/geometry/csg.h"
#include "solver/geometry/rejection.h"
#include "solver/sampling/unit_cube.h"

namespace pinn::geometry {
namespace {

// A domain with no interior point among this many drawn in its bounds is empty; a part
// with no boundary point among this many drawn on its pieces bounds nothing.
constexpr int64_t kEmptyAfter = 1'000'000;
constexpr int64_t kPartTrials = 20000;

}  // namespace

std::vector<double> Csg::sample_interior(int64_t n, int extra, SamplingMethod method,
                                         uint64_t seed) const {
  const int width = dim_ + extra;
  RejectionRounds rounds;
  rounds.width = size_t(width);
  rounds.give_up_after = kEmptyAfter;
  rounds.draw = [&](int64_t count, uint64_t s) {
    auto rows = sample_unit_cube(method, count, width, s);
    for (int64_t i = 0; i < count; ++i) {
      double* p = &rows[size_t(i * width)];
      for (int a = 0; a < dim_; ++a) {
        p[a] = bounds_.lo[size_t(a)] + p[a] * (bounds_.hi[size_t(a)] - bounds_.lo[size_t(a)]);
      }
    }
    return rows;
  };
  rounds.keep = [&](const std::vector<double>& rows) {
    std::vector<char> flags(rows.size() / size_t(width));
    for (size_t i = 0; i < flags.size(); ++i) {
      flags[i] = signed_distance(&rows[i * size_t(width)]) < 0;
    }
    return flags;
  };
  rounds.nothing_kept = [&](int64_t tried) {
    std::string box;
    for (int a = 0; a < dim_; ++a) {
      box += (a ? " x [" : "[") + shortest_decimal(bounds_.lo[size_t(a)]) + ", " +
             shortest_decimal(bounds_.hi[size_t(a)]) + "]";
    }
    return "the domain is empty: none of the " + std::to_string(tried) +
           " points drawn in its bounds " + box + " lies inside it";
  };
  return draw_until(rounds, n, seed);
}

std::vector<double> Csg::sample_boundary(const std::vector<std::string>& parts, int64_t n,
                                         int extra, SamplingMethod method, uint64_t seed) const {
  for (const auto& name : parts) {
    if (std::find(parts_.begin(), parts_.end(), name) == parts_.end()) {
      throw std::invalid_argument(
          "'" + name + "' is not a part of the domain's boundary; parts: " + join(parts_));
    }
  }
  const auto chosen = pieces_of(parts);
  std::vector<double> cumulative;
  double total = 0;
  int parameters = 0;
  for (const auto p : chosen) {
    cumulative.push_back(total += pieces_[size_t(p)].surface.measure);
    parameters = std::max(parameters, pieces_[size_t(p)].surface.parameters);
  }
  for (auto& c : cumulative) c /= total;
  cumulative.back() = 1.0;
  // A row: the point, its extra coordinates, the piece index and the primitive's normal.
  const int unit = 1 + parameters + extra;
  const int width = dim_ + extra + 1 + dim_;
  RejectionRounds rounds;
  rounds.width = size_t(width);
  rounds.give_up_after = kPartTrials;
  rounds.draw = [&](int64_t count, uint64_t s) {
    const auto u = sample_unit_cube(method, count, unit, s);
    std::vector<double> rows(size_t(count * width));
    for (int64_t i = 0; i < count; ++i) {
      const double* ui = &u[size_t(i * unit)];
      double* row = &rows[size_t(i * width)];
      size_t k = 0;
      while (k + 1 < chosen.size() && ui[0] >= cumulative[k]) ++k;
      pieces_[size_t(chosen[k])].surface.place(ui + 1, row, row + dim_ + extra + 1);
      for (int e = 0; e < extra; ++e) row[dim_ + e] = ui[1 + parameters + e];
      row[dim_ + extra] = chosen[k];
    }
    return rows;
  };
  rounds.keep = [&](const std::vector<double>& rows) {
    std::vector<char> flags(rows.size() / size_t(width));
    for (size_t i = 0; i < flags.size(); ++i) {
      const double* row = &rows[i * size_t(width)];
      const auto& piece = pieces_[size_t(row[dim_ + extra])];
      flags[i] = boundary_sign(row, row + dim_ + extra + 1) != 0 && !owned_by_earlier(piece, row);
    }
    return flags;
  };
  rounds.nothing_kept = [&](int64_t tried) {
    return "none of the " + std::to_string(tried) + " points drawn on " +
           (parts.empty() ? std::string("the shapes' surfaces") : join(parts)) +
           " lies on the domain's boundary";
  };
  const auto rows = draw_until(rounds, n, seed);
  std::vector<double> out;
  out.reserve(size_t(n * (dim_ + extra)));
  for (int64_t i = 0; i < n; ++i) {
    const auto* row = &rows[size_t(i * width)];
    out.insert(out.end(), row, row + dim_ + extra);
  }
  return out;
}

}  // namespace pinn::geometry
