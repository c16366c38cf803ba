#pragma once

#include <cstdint>
#include <vector>

#include "solver/sampling/sampling_method.h"

namespace pinn {

// n points in [0, 1)^dim, row-major n x dim, reproducible from `seed` on any platform.
//   Uniform: i.i.d. from std::mt19937_64(seed) (53-bit mantissas).
//   Lhs:     each dimension split into n strata with exactly one point per stratum; strata
//            permuted independently per dimension, uniform jitter inside the stratum.
//   Sobol:   the first n points of SobolSequence(dim, seed) (digitally shifted, origin kept).
// Throws std::invalid_argument if n < 0, dim < 1, or dim > SobolSequence::kMaxDim for Sobol.
std::vector<double> sample_unit_cube(SamplingMethod method, int64_t n, int dim, uint64_t seed);

}  // namespace pinn
