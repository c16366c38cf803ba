#pragma once

#include <cstdint>
#include <vector>

namespace pinn {

// Sobol low-discrepancy sequence with Joe & Kuo (2008, new-joe-kuo-6.21201) direction numbers,
// generated in Gray-code order with 52-bit integers so every value is an exact double in [0, 1).
// Dimension 1 is the van der Corput sequence in base 2.
//
// The all-zero first point is NOT skipped: the first 2^m points of the sequence (starting at
// index 0) form a (t, m, s)-net, and dropping the origin would break that balance. With a digital
// shift the origin becomes a random point like any other.
//
// The optional randomisation is a digital shift: every coordinate's 52-bit integer is XORed with
// a per-dimension random integer drawn from std::mt19937_64(seed). A digital shift maps each
// elementary dyadic interval onto another one, so net and stratification properties survive.
class SobolSequence {
 public:
  static constexpr int kMaxDim = 32;
  static constexpr int kBits = 52;

  // Unshifted sequence. Throws std::invalid_argument unless 1 <= dim <= kMaxDim.
  explicit SobolSequence(int dim);
  // Digitally shifted sequence, the shift drawn from `seed`.
  SobolSequence(int dim, uint64_t seed);

  int dim() const { return dim_; }
  // Index of the point the next call to next() returns.
  uint64_t index() const { return index_; }

  // Writes the next point's dim() coordinates to out and advances.
  // Throws std::out_of_range after 2^kBits points.
  void next(double* out);
  // Jumps to point `index` (the next call to next() returns it).
  void seek(uint64_t index);
  // The next n points, row-major n x dim().
  std::vector<double> generate(int64_t n);

 private:
  int dim_;
  uint64_t index_ = 0;
  std::vector<uint64_t> directions_;  // dim_ x kBits, v_k scaled to kBits bits.
  std::vector<uint64_t> shift_;       // Per-dimension XOR mask (zero if unshifted).
  std::vector<uint64_t> state_;       // Current point before shifting, as kBits-bit integers.
};

}  // namespace pinn
