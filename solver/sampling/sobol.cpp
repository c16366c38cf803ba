#include "solver/sampling/sobol.h"

#include <random>
#include <stdexcept>
#include <string>

namespace pinn {
namespace {

// Joe & Kuo direction-number parameters for dimensions 2..kMaxDim: the degree s of the primitive
// polynomial, its interior coefficients a (bits, highest first), and the initial odd m_1..m_s.
struct JoeKuoRow {
  int s;
  uint32_t a;
  uint32_t m[7];
};

constexpr JoeKuoRow kJoeKuo[] = {
    {1, 0, {1}},                         // d = 2
    {2, 1, {1, 3}},                      // d = 3
    {3, 1, {1, 3, 1}},                   // d = 4
    {3, 2, {1, 1, 1}},                   // d = 5
    {4, 1, {1, 1, 3, 3}},                // d = 6
    {4, 4, {1, 3, 5, 13}},               // d = 7
    {5, 2, {1, 1, 5, 5, 17}},            // d = 8
    {5, 4, {1, 1, 5, 5, 5}},             // d = 9
    {5, 7, {1, 1, 7, 11, 19}},           // d = 10
    {5, 11, {1, 1, 5, 1, 1}},            // d = 11
    {5, 13, {1, 1, 1, 3, 11}},           // d = 12
    {5, 14, {1, 3, 5, 5, 31}},           // d = 13
    {6, 1, {1, 3, 3, 9, 7, 49}},         // d = 14
    {6, 13, {1, 1, 1, 15, 21, 21}},      // d = 15
    {6, 16, {1, 3, 1, 13, 27, 49}},      // d = 16
    {6, 19, {1, 1, 1, 15, 7, 5}},        // d = 17
    {6, 22, {1, 3, 1, 15, 13, 25}},      // d = 18
    {6, 25, {1, 1, 5, 5, 19, 61}},       // d = 19
    {7, 1, {1, 3, 7, 11, 23, 15, 103}},  // d = 20
    {7, 4, {1, 3, 7, 13, 13, 15, 69}},   // d = 21
    {7, 7, {1, 1, 3, 13, 7, 35, 63}},    // d = 22
    {7, 8, {1, 3, 5, 9, 1, 25, 53}},     // d = 23
    {7, 14, {1, 3, 1, 13, 9, 35, 107}},  // d = 24
    {7, 19, {1, 3, 1, 5, 27, 61, 31}},   // d = 25
    {7, 21, {1, 1, 5, 11, 19, 41, 61}},  // d = 26
    {7, 28, {1, 3, 5, 3, 3, 13, 69}},    // d = 27
    {7, 31, {1, 1, 7, 13, 1, 19, 1}},    // d = 28
    {7, 32, {1, 3, 7, 5, 13, 19, 59}},   // d = 29
    {7, 37, {1, 1, 3, 9, 25, 29, 41}},   // d = 30
    {7, 41, {1, 3, 5, 13, 23, 1, 55}},   // d = 31
    {7, 42, {1, 3, 7, 3, 13, 59, 17}},   // d = 32
};
static_assert(sizeof(kJoeKuo) / sizeof(kJoeKuo[0]) == SobolSequence::kMaxDim - 1,
              "one Joe-Kuo row per dimension after the first");

constexpr double kScale = 1.0 / static_cast<double>(uint64_t{1} << SobolSequence::kBits);

int checked_dim(int dim) {
  if (dim < 1 || dim > SobolSequence::kMaxDim) {
    throw std::invalid_argument("sobol: dimension " + std::to_string(dim) +
                                " is outside the supported range [1, " +
                                std::to_string(SobolSequence::kMaxDim) + "]");
  }
  return dim;
}

// 1-based position of the lowest zero bit of i: the direction that changes between Gray codes
// of i and i + 1.
int lowest_zero_bit(uint64_t i) {
  int c = 1;
  while (i & 1) {
    i >>= 1;
    ++c;
  }
  return c;
}

}  // namespace

SobolSequence::SobolSequence(int dim) : dim_(checked_dim(dim)) {
  constexpr int B = kBits;
  directions_.assign(static_cast<size_t>(dim_) * B, 0);
  for (int d = 0; d < dim_; ++d) {
    uint64_t* v = &directions_[static_cast<size_t>(d) * B];  // v[k-1] holds v_k.
    if (d == 0) {
      // All m_k = 1: v_k = 2^-k, the van der Corput radical inverse.
      for (int k = 1; k <= B; ++k) v[k - 1] = uint64_t{1} << (B - k);
      continue;
    }
    const JoeKuoRow& row = kJoeKuo[d - 1];
    const int s = row.s;
    for (int k = 1; k <= s; ++k) v[k - 1] = uint64_t{row.m[k - 1]} << (B - k);
    // Bratley-Fox recurrence in scaled form:
    // v_k = v_{k-s} ^ (v_{k-s} >> s) ^ XOR_{j=1}^{s-1} a_j v_{k-j}.
    for (int k = s + 1; k <= B; ++k) {
      uint64_t x = v[k - s - 1] ^ (v[k - s - 1] >> s);
      for (int j = 1; j < s; ++j) {
        if ((row.a >> (s - 1 - j)) & 1u) x ^= v[k - j - 1];
      }
      v[k - 1] = x;
    }
  }
  shift_.assign(dim_, 0);
  state_.assign(dim_, 0);
}

SobolSequence::SobolSequence(int dim, uint64_t seed) : SobolSequence(dim) {
  std::mt19937_64 rng(seed);
  for (uint64_t& s : shift_) s = rng() >> (64 - kBits);
}

void SobolSequence::seek(uint64_t index) {
  if (index > (uint64_t{1} << kBits)) {
    throw std::out_of_range("sobol: index " + std::to_string(index) + " beyond 2^" +
                            std::to_string(kBits) + " points");
  }
  // Point i in Gray-code order is the XOR of the directions at the set bits of gray(i).
  const uint64_t gray = index ^ (index >> 1);
  for (int d = 0; d < dim_; ++d) {
    uint64_t x = 0;
    for (int k = 1; k <= kBits; ++k) {
      if ((gray >> (k - 1)) & 1) x ^= directions_[static_cast<size_t>(d) * kBits + k - 1];
    }
    state_[d] = x;
  }
  index_ = index;
}

void SobolSequence::next(double* out) {
  if (index_ >= (uint64_t{1} << kBits)) {
    throw std::out_of_range("sobol: sequence exhausted after 2^" + std::to_string(kBits) +
                            " points");
  }
  for (int d = 0; d < dim_; ++d) out[d] = static_cast<double>(state_[d] ^ shift_[d]) * kScale;
  // Advance the state to index_ + 1 by flipping one direction per dimension.
  const int c = lowest_zero_bit(index_);
  if (c <= kBits) {
    for (int d = 0; d < dim_; ++d) state_[d] ^= directions_[static_cast<size_t>(d) * kBits + c - 1];
  }
  ++index_;
}

std::vector<double> SobolSequence::generate(int64_t n) {
  if (n < 0) throw std::invalid_argument("sobol: n must be >= 0 (got " + std::to_string(n) + ")");
  if (static_cast<uint64_t>(n) > (uint64_t{1} << kBits) - index_) {
    throw std::out_of_range("sobol: " + std::to_string(n) + " points requested but only 2^" +
                            std::to_string(kBits) + " exist");
  }
  std::vector<double> out(static_cast<size_t>(n) * dim_);
  for (int64_t i = 0; i < n; ++i) next(&out[static_cast<size_t>(i) * dim_]);
  return out;
}

}  // namespace pinn
