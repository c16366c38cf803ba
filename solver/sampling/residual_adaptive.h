#pragma once
// Residual-based adaptive distribution (RAD; Wu, Zhu, Tan, Kartha and Lu, CMAME 403
// (2023) 115671): a new point set drawn from candidates with probability
// proportional to |r|^k / mean(|r|^k) + c, r the residual at each candidate.

#include <cstdint>
#include <vector>

namespace pinn {

// The weights |r_i|^k / mean(|r|^k) + c (all c when every residual is zero).
std::vector<double> rad_weights(const std::vector<double>& residuals, double k, double c);

// `count` distinct indices into `weights`, each drawn with probability proportional
// to its weight among those not yet drawn (Efraimidis and Spirakis' keys
// u^(1/w)), in increasing order; deterministic for a seed. Throws
// std::invalid_argument when count exceeds the number of positive weights.
std::vector<int64_t> draw_weighted(const std::vector<double>& weights, int64_t count,
                                   uint64_t seed);

}  // namespace pinn
