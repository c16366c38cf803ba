#pragma once

#include <vector>

namespace pinn::reference {

// The piecewise-linear interpolant of the samples (xs[i], ys[i]) at each of `at`; beyond
// the first or last sample it holds that sample's value. The samples need no order; of
// samples at the same x, the one listed last wins on the right side of a jump and the
// first on its left, so a jump sampled on both sides stays sharp.
// Throws std::invalid_argument for no samples or xs and ys of different sizes.
std::vector<double> interpolate_linear(const std::vector<double>& xs, const std::vector<double>& ys,
                                       const std::vector<double>& at);

}  // namespace pinn::reference
