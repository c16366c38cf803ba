#pragma once
// Products of a layer's small weight matrix with wide feature-major panels: a
// panel has one row per neuron and one column per (stream, point), rows `ld`
// apart, columns a multiple of the lane count. These are the shapes of the fused
// Taylor kernel ([20 x 20] x [20 x thousands]); general GEMMs spend most of
// their time here packing operands and zeroing results, these products read each
// panel once and keep a block of results in vector registers.

#include <algorithm>
#include <cstdint>

#include "solver/common/lanes.h"

namespace pinn::panels {
// One copy per file, like Lanes (see solver/common/lanes.h).
namespace {

// out[r][q] = init_r + sum_k a[r][k] in[k][q] for the Rows rows of `a` (row-major,
// `depth` columns), where init_r = bias[r] for q < bias_columns and 0 elsewhere
// (bias may be null).
template <int Rows, class T, int L>
void rows_product(const T* a, int64_t depth, const T* in, int64_t ld, int64_t columns,
                  const T* bias, int64_t bias_columns, T* out) {
  using V = Lanes<T, L>;
  for (int64_t q = 0; q < columns; q += L) {
    V acc[Rows];
    for (int r = 0; r < Rows; ++r) acc[r] = V(bias && q < bias_columns ? bias[r] : T(0));
    for (int64_t k = 0; k < depth; ++k) {
      const V x = V::load(in + k * ld + q);
      for (int r = 0; r < Rows; ++r) acc[r] += a[r * depth + k] * x;
    }
    for (int r = 0; r < Rows; ++r) acc[r].store(out + r * ld + q);
  }
}

// out = a in (+ bias on the first bias_columns columns): a is [rows x depth]
// row-major, in is [depth x columns], out [rows x columns], both `ld` apart.
template <class T, int L>
void product(const T* a, int64_t rows, int64_t depth, const T* in, int64_t ld, int64_t columns,
             const T* bias, int64_t bias_columns, T* out) {
  int64_t r = 0;
  const auto at_row = [&](int64_t row) { return bias ? bias + row : nullptr; };
  for (; r + 8 <= rows; r += 8) {
    rows_product<8, T, L>(a + r * depth, depth, in, ld, columns, at_row(r), bias_columns,
                          out + r * ld);
  }
  for (; r + 4 <= rows; r += 4) {
    rows_product<4, T, L>(a + r * depth, depth, in, ld, columns, at_row(r), bias_columns,
                          out + r * ld);
  }
  for (; r < rows; ++r) {
    rows_product<1, T, L>(a + r * depth, depth, in, ld, columns, at_row(r), bias_columns,
                          out + r * ld);
  }
}

// out[r][c] += sum_q a[r][q] b[c][q] for a block of Rows x Cols.
template <int Rows, int Cols, class T, int L>
void block_outer(const T* a, const T* b, int64_t ld, int64_t columns, T* out, int64_t ldo) {
  using V = Lanes<T, L>;
  V acc[Rows][Cols];
  for (int r = 0; r < Rows; ++r)
    for (int c = 0; c < Cols; ++c) acc[r][c] = V(T(0));
  for (int64_t q = 0; q < columns; q += L) {
    V x[Rows], y[Cols];
    for (int r = 0; r < Rows; ++r) x[r] = V::load(a + r * ld + q);
    for (int c = 0; c < Cols; ++c) y[c] = V::load(b + c * ld + q);
    for (int r = 0; r < Rows; ++r)
      for (int c = 0; c < Cols; ++c) acc[r][c] += x[r] * y[c];
  }
  for (int r = 0; r < Rows; ++r)
    for (int c = 0; c < Cols; ++c) out[r * ldo + c] += acc[r][c].sum();
}

// out += a b^T: a [rows x columns], b [cols x columns], both `ld` apart; out is
// [rows x cols] row-major. This is a layer's weight gradient summed over points
// and streams.
template <class T, int L>
void add_outer(const T* a, int64_t rows, const T* b, int64_t cols, int64_t ld, int64_t columns,
               T* out) {
  // Four by four blocks of one-register lane batches where there are 32 vector
  // registers (16 sums and 8 operands), four by two where there are 16.
  constexpr int kCols = kVectorRegisters >= 32 ? 4 : 2;
  const int64_t full_rows = rows - rows % 4, full_cols = cols - cols % kCols;
  for (int64_t r = 0; r < full_rows; r += 4) {
    for (int64_t c = 0; c < full_cols; c += kCols) {
      block_outer<4, kCols, T, L>(a + r * ld, b + c * ld, ld, columns, out + r * cols + c, cols);
    }
  }
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t c = (r < full_rows ? full_cols : 0); c < cols; ++c) {
      block_outer<1, 1, T, L>(a + r * ld, b + c * ld, ld, columns, out + r * cols + c, cols);
    }
  }
}

}  // namespace
}  // namespace pinn::panels
