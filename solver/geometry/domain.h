#pragma once

#include <string>
#include <vector>

namespace pinn {

// The most inputs a problem may have. Sobol sampling covers 32 dimensions, so every
// region's unit sample (at most one per input) fits; the evaluation grid's default
// shrinks with the inputs to stay near a million nodes.
constexpr int kMaxInputs = 16;

// An axis-aligned box over the network inputs. One axis may be time; the rest are spatial.
struct Domain {
  std::vector<std::string> names;
  std::vector<double> lo, hi;
  int time_axis = -1;  // Index of the time input, -1 if none.

  int dim() const;
  // Number of non-time axes.
  int spatial_dim() const;
  bool has_time() const { return time_axis >= 0; }
  // Indices of the non-time axes, in axis order.
  std::vector<int> spatial_axes() const;

  // Throws std::invalid_argument naming the offending axis, its values and the rule broken:
  // equal sizes, 1 <= dim <= kMaxInputs, unique non-empty names, finite lo < hi, time_axis in range
  // or -1.
  void validate() const;
};

}  // namespace pinn
