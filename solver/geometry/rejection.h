#pragma once
// Exactly n points kept from rounds of draws: how points are drawn inside a shape (from
// its bounding box) or where a predicate holds.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace pinn::geometry {

struct RejectionRounds {
  // `count` rows of `width` doubles, from a seed.
  std::function<std::vector<double>(int64_t count, uint64_t seed)> draw;
  // One flag per row: 1 keeps it.
  std::function<std::vector<char>(const std::vector<double>& rows)> keep;
  size_t width = 1;
  // Throws std::invalid_argument(nothing_kept(rows tried)) when no row of the first
  // `give_up_after` drawn is kept.
  int64_t give_up_after = 100000;
  std::function<std::string(int64_t tried)> nothing_kept;
};

// The first n rows kept, in draw order. Round r draws from seed + r * 0x9E3779B9 as many
// rows as the share kept so far says are missing, with a margin.
std::vector<double> draw_until(const RejectionRounds& rounds, int64_t n, uint64_t seed);

}  // namespace pinn::geometry
