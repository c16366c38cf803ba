#include "solver/sampling/unit_cube.h"

#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>

#include "solver/sampling/sobol.h"

namespace pinn {
namespace {

// The standard distributions are implementation-defined (and uniform_real_distribution can
// return 1.0 in libstdc++), so draw from the engine's bits directly for portable results.
double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// Unbiased integer in [0, bound) by rejection, bound >= 1.
uint64_t uniform_below(std::mt19937_64& rng, uint64_t bound) {
  const uint64_t limit =
      std::numeric_limits<uint64_t>::max() - std::numeric_limits<uint64_t>::max() % bound;
  uint64_t r;
  do {
    r = rng();
  } while (r >= limit);
  return r % bound;
}

std::vector<double> sample_uniform(int64_t n, int dim, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> out(static_cast<size_t>(n) * dim);
  for (double& x : out) x = uniform01(rng);
  return out;
}

std::vector<double> sample_lhs(int64_t n, int dim, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> out(static_cast<size_t>(n) * dim);
  std::vector<int64_t> strata(static_cast<size_t>(n));
  const double dn = static_cast<double>(n);
  for (int d = 0; d < dim; ++d) {
    for (int64_t i = 0; i < n; ++i) strata[i] = i;
    // Fisher-Yates.
    for (int64_t i = n - 1; i > 0; --i) {
      std::swap(strata[i], strata[uniform_below(rng, static_cast<uint64_t>(i) + 1)]);
    }
    for (int64_t i = 0; i < n; ++i) {
      const int64_t k = strata[i];
      double x = (static_cast<double>(k) + uniform01(rng)) / dn;
      // Rounding can push a point onto a neighbouring stratum's edge; nudge it back so that
      // floor(x * n) == k holds exactly and x < 1.
      while (x * dn >= static_cast<double>(k + 1)) x = std::nextafter(x, 0.0);
      while (x * dn < static_cast<double>(k)) x = std::nextafter(x, 1.0);
      out[static_cast<size_t>(i) * dim + d] = x;
    }
  }
  return out;
}

}  // namespace

std::vector<double> sample_unit_cube(SamplingMethod method, int64_t n, int dim, uint64_t seed) {
  if (n < 0) {
    throw std::invalid_argument("sample_unit_cube: n must be >= 0 (got " + std::to_string(n) + ")");
  }
  if (dim < 1) {
    throw std::invalid_argument("sample_unit_cube: dim must be >= 1 (got " + std::to_string(dim) +
                                ")");
  }
  if (static_cast<uint64_t>(n) > std::numeric_limits<size_t>::max() / sizeof(double) / dim) {
    throw std::invalid_argument("sample_unit_cube: " + std::to_string(n) + " x " +
                                std::to_string(dim) + " points do not fit in memory");
  }
  switch (method) {
    case SamplingMethod::Uniform:
      return sample_uniform(n, dim, seed);
    case SamplingMethod::Lhs:
      return sample_lhs(n, dim, seed);
    case SamplingMethod::Sobol:
      return SobolSequence(dim, seed).generate(n);
  }
  throw std::invalid_argument("sample_unit_cube: invalid SamplingMethod value " +
                              std::to_string(static_cast<int>(method)));
}

}  // namespace pinn
