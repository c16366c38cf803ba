#include "solver/geometry/rejection.h"

#include <algorithm>
#include <stdexcept>

namespace pinn::geometry {

std::vector<double> draw_until(const RejectionRounds& rounds, int64_t n, uint64_t seed) {
  const size_t width = rounds.width;
  std::vector<double> kept;
  kept.reserve(static_cast<size_t>(std::max<int64_t>(n, 0)) * width);
  int64_t tried = 0, accepted = 0;
  for (uint64_t round = 0; accepted < n; ++round) {
    const int64_t missing = n - accepted;
    const double share = tried > 0 ? std::max(double(accepted) / double(tried), 1e-3) : 1.0;
    const auto count =
        std::max<int64_t>(64, static_cast<int64_t>(1.2 * double(missing) / share) + 16);
    const auto rows = rounds.draw(count, seed + round * 0x9E3779B9u);
    const auto flags = rounds.keep(rows);
    tried += count;
    for (int64_t i = 0; i < count && accepted < n; ++i) {
      if (!flags[static_cast<size_t>(i)]) continue;
      kept.insert(kept.end(), rows.begin() + static_cast<std::ptrdiff_t>(size_t(i) * width),
                  rows.begin() + static_cast<std::ptrdiff_t>(size_t(i + 1) * width));
      ++accepted;
    }
    if (accepted == 0 && tried >= rounds.give_up_after) {
      throw std::invalid_argument(rounds.nothing_kept(tried));
    }
  }
  return kept;
}

}  // namespace pinn::geometry
