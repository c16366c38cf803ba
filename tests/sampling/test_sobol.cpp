#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "solver/sampling/sobol.h"

namespace pinn {
namespace {

// Index of the cell of width 2^-bits that holds x (x in [0, 1)).
int64_t cell(double x, int bits) { return static_cast<int64_t>(std::ldexp(x, bits)); }

// Every elementary interval [i 2^-a, (i+1) 2^-a) x [j 2^-b, (j+1) 2^-b) with a + b = m holds
// exactly one of the 2^m points: the (0, m, 2)-net property.
void expect_02_net(const std::vector<double>& pts, int dim, int d0, int d1, int m) {
  const int64_t n = int64_t{1} << m;
  for (int a = 0; a <= m; ++a) {
    const int b = m - a;
    std::vector<int> count(static_cast<size_t>(n), 0);
    for (int64_t i = 0; i < n; ++i) {
      const int64_t cx = cell(pts[i * dim + d0], a);
      const int64_t cy = cell(pts[i * dim + d1], b);
      ASSERT_TRUE(cx >= 0 && cx < (int64_t{1} << a) && cy >= 0 && cy < (int64_t{1} << b))
          << "point " << i << " outside [0, 1)^2";
      ++count[static_cast<size_t>((cx << b) | cy)];
    }
    for (int64_t c = 0; c < n; ++c) {
      ASSERT_EQ(count[c], 1) << "m=" << m << " a=" << a << " b=" << b << " cell " << c;
    }
  }
}

// The first 2^m points put exactly one point in each interval of width 2^-m, per dimension.
void expect_stratified(const std::vector<double>& pts, int dim, int m) {
  const int64_t n = int64_t{1} << m;
  for (int d = 0; d < dim; ++d) {
    std::vector<int> count(static_cast<size_t>(n), 0);
    for (int64_t i = 0; i < n; ++i) {
      const int64_t c = cell(pts[i * dim + d], m);
      ASSERT_TRUE(c >= 0 && c < n) << "point " << i << " dimension " << d + 1 << " outside [0, 1)";
      ++count[static_cast<size_t>(c)];
    }
    for (int64_t c = 0; c < n; ++c) {
      ASSERT_EQ(count[c], 1) << "dimension " << d + 1 << " m=" << m << " cell " << c;
    }
  }
}

TEST(Sobol, FirstPointsOfDimensionOneAreVanDerCorputInGrayCodeOrder) {
  const std::vector<double> expected = {0,      0.5,    0.75,   0.25,   0.375,  0.875,
                                        0.625,  0.125,  0.1875, 0.6875, 0.9375, 0.4375,
                                        0.3125, 0.8125, 0.5625, 0.0625};
  SobolSequence seq(1);
  const std::vector<double> got = seq.generate(static_cast<int64_t>(expected.size()));
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(got[i], expected[i]) << "point " << i;

  // By definition point i is the base-2 radical inverse of the Gray code i ^ (i >> 1).
  SobolSequence long_seq(1);
  for (uint64_t i = 0; i < 5000; ++i) {
    const uint64_t g = i ^ (i >> 1);
    double r = 0.0;
    for (int bit = 0; bit < 20; ++bit) {
      if ((g >> bit) & 1) r += std::ldexp(1.0, -(bit + 1));
    }
    double x;
    long_seq.next(&x);
    ASSERT_EQ(x, r) << "point " << i;
  }
}

TEST(Sobol, FirstPointsOfThreeDimensionsMatchThePublishedSequence) {
  // Unscrambled Joe-Kuo Sobol points (as printed e.g. by SciPy's Sobol(scramble=False)).
  const double expected[8][3] = {{0, 0, 0},
                                 {0.5, 0.5, 0.5},
                                 {0.75, 0.25, 0.25},
                                 {0.25, 0.75, 0.75},
                                 {0.375, 0.375, 0.625},
                                 {0.875, 0.875, 0.125},
                                 {0.625, 0.125, 0.875},
                                 {0.125, 0.625, 0.375}};
  SobolSequence seq(3);
  for (int i = 0; i < 8; ++i) {
    double x[3];
    seq.next(x);
    for (int d = 0; d < 3; ++d) EXPECT_EQ(x[d], expected[i][d]) << "point " << i << " dim " << d;
  }
}

TEST(Sobol, SeventeenDimensionsMatchThePublishedSequence) {
  // Points of the unscrambled Joe-Kuo sequence in 17 dimensions (16 inputs and one more,
  // the most a domain's sample uses), printed by SciPy 1.10's Sobol(d=32, scramble=False):
  // they check the direction numbers of dimensions 9 to 17, which the recurrence test
  // below does not reach.
  struct Row {
    uint64_t index;
    double x[17];
  };
  const Row rows[] = {
      {5,
       {0.875, 0.875, 0.125, 0.375, 0.875, 0.625, 0.875, 0.375, 0.375, 0.125, 0.375, 0.875, 0.875,
        0.125, 0.875, 0.375, 0.875}},
      {6,
       {0.625, 0.125, 0.875, 0.625, 0.625, 0.875, 0.125, 0.125, 0.125, 0.375, 0.125, 0.625, 0.125,
        0.875, 0.625, 0.625, 0.625}},
      {7,
       {0.125, 0.625, 0.375, 0.125, 0.125, 0.375, 0.625, 0.625, 0.625, 0.875, 0.625, 0.125, 0.625,
        0.375, 0.125, 0.125, 0.125}},
      {100,
       {0.4140625, 0.2578125, 0.7734375, 0.7265625, 0.8828125, 0.7421875, 0.0234375, 0.4765625,
        0.6328125, 0.6953125, 0.4609375, 0.6796875, 0.4765625, 0.8515625, 0.3203125, 0.4921875,
        0.6796875}},
      {1000,
       {0.2197265625, 0.0966796875, 0.5185546875, 0.6767578125, 0.2802734375, 0.9072265625,
        0.0458984375, 0.8994140625, 0.5009765625, 0.0693359375, 0.0849609375, 0.2548828125,
        0.1611328125, 0.3837890625, 0.1435546875, 0.3701171875, 0.7197265625}},
      {4095,
       {0.000244140625, 0.941162109375, 0.334228515625, 0.901611328125, 0.940185546875,
        0.078857421875, 0.949462890625, 0.390869140625, 0.191650390625, 0.246337890625,
        0.569580078125, 0.321533203125, 0.368896484375, 0.519775390625, 0.551025390625,
        0.416748046875, 0.062255859375}},
  };
  for (const int dim : {17, SobolSequence::kMaxDim}) {
    SobolSequence seq(dim);
    std::vector<double> x(static_cast<size_t>(dim));
    for (const auto& row : rows) {
      seq.seek(row.index);
      seq.next(x.data());
      for (int d = 0; d < 17; ++d) {
        EXPECT_EQ(x[d], row.x[d]) << "point " << row.index << " dimension " << d + 1;
      }
    }
  }
}

TEST(Sobol, MatchesTheDefinitionFromInitialDirectionNumbers) {
  // Joe-Kuo parameters for dimensions 2..8 and the integer recurrence
  // m_k = 2 a_1 m_{k-1} ^ 4 a_2 m_{k-2} ^ ... ^ 2^s m_{k-s} ^ m_{k-s}; x_i = XOR over the set bits
  // k of gray(i) of m_k / 2^k.
  struct Param {
    int s;
    unsigned a;
    std::vector<uint64_t> m;
  };
  const std::vector<Param> params = {
      {0, 0, {}},  // Dimension 1: all m_k = 1.
      {1, 0, {1}},          {2, 1, {1, 3}},        {3, 1, {1, 3, 1}},       {3, 2, {1, 1, 1}},
      {4, 1, {1, 1, 3, 3}}, {4, 4, {1, 3, 5, 13}}, {5, 2, {1, 1, 5, 5, 17}}};
  constexpr int kK = 20;
  const int dim = static_cast<int>(params.size());
  std::vector<std::vector<uint64_t>> m(dim);
  for (int d = 0; d < dim; ++d) {
    const Param& p = params[d];
    m[d].assign(kK + 1, 1);
    if (d == 0) continue;
    for (int k = 1; k <= p.s; ++k) m[d][k] = p.m[k - 1];
    for (int k = p.s + 1; k <= kK; ++k) {
      uint64_t x = (m[d][k - p.s] << p.s) ^ m[d][k - p.s];
      for (int j = 1; j < p.s; ++j) {
        if ((p.a >> (p.s - 1 - j)) & 1u) x ^= m[d][k - j] << j;
      }
      m[d][k] = x;
    }
  }
  SobolSequence seq(dim);
  std::vector<double> x(dim);
  for (uint64_t i = 0; i < (uint64_t{1} << 12); ++i) {
    seq.next(x.data());
    const uint64_t g = i ^ (i >> 1);
    for (int d = 0; d < dim; ++d) {
      uint64_t v = 0;
      for (int k = 1; k <= kK; ++k) {
        if ((g >> (k - 1)) & 1) v ^= m[d][k] << (kK - k);
      }
      ASSERT_EQ(x[d], std::ldexp(static_cast<double>(v), -kK)) << "point " << i << " dim " << d;
    }
  }
}

TEST(Sobol, FirstTwoDimensionsFormA0m2Net) {
  for (int m = 1; m <= 11; ++m) {
    SobolSequence seq(2);
    expect_02_net(seq.generate(int64_t{1} << m), 2, 0, 1, m);
  }
}

TEST(Sobol, DigitalShiftPreservesThe0m2Net) {
  for (uint64_t seed : {1u, 7u, 12345u}) {
    for (int m = 1; m <= 11; ++m) {
      SobolSequence seq(5, seed);
      expect_02_net(seq.generate(int64_t{1} << m), 5, 0, 1, m);
    }
  }
}

TEST(Sobol, EveryDimensionIsStratifiedUnshiftedAndShifted) {
  for (int m = 0; m <= 12; ++m) {
    SobolSequence plain(SobolSequence::kMaxDim);
    expect_stratified(plain.generate(int64_t{1} << m), SobolSequence::kMaxDim, m);
    SobolSequence shifted(SobolSequence::kMaxDim, 99);
    expect_stratified(shifted.generate(int64_t{1} << m), SobolSequence::kMaxDim, m);
  }
}

TEST(Sobol, ConsecutiveBlocksAreStratifiedToo) {
  // Points [k 2^m, (k+1) 2^m) of a Sobol sequence are also balanced, so seeking mid-sequence
  // still yields a well-spread batch.
  SobolSequence seq(SobolSequence::kMaxDim, 3);
  seq.seek(3 * 256);
  expect_stratified(seq.generate(256), SobolSequence::kMaxDim, 8);
}

TEST(Sobol, ShiftIsAnXorOfTheUnshiftedPoints) {
  SobolSequence plain(4), shifted(4, 2024);
  const std::vector<double> a = plain.generate(64), b = shifted.generate(64);
  const uint64_t scale = uint64_t{1} << SobolSequence::kBits;
  for (int d = 0; d < 4; ++d) {
    const uint64_t mask = static_cast<uint64_t>(a[d] * scale) ^ static_cast<uint64_t>(b[d] * scale);
    EXPECT_NE(mask, 0u) << "dim " << d;
    for (int i = 0; i < 64; ++i) {
      const uint64_t ai = static_cast<uint64_t>(a[i * 4 + d] * scale);
      const uint64_t bi = static_cast<uint64_t>(b[i * 4 + d] * scale);
      ASSERT_EQ(ai ^ mask, bi) << "point " << i << " dim " << d;
    }
  }
}

TEST(Sobol, ValuesLieInTheHalfOpenUnitInterval) {
  for (uint64_t seed : {0u, 1u, 2u, 3u}) {
    SobolSequence seq(SobolSequence::kMaxDim, seed);
    for (double x : seq.generate(3000)) {
      ASSERT_GE(x, 0.0);
      ASSERT_LT(x, 1.0);
    }
  }
}

TEST(Sobol, SeekMatchesSequentialGeneration) {
  SobolSequence a(6, 5), b(6, 5);
  const std::vector<double> all = a.generate(1000);
  for (uint64_t start : {0u, 1u, 2u, 511u, 512u, 777u}) {
    b.seek(start);
    EXPECT_EQ(b.index(), start);
    const std::vector<double> tail = b.generate(1000 - static_cast<int64_t>(start));
    for (size_t i = 0; i < tail.size(); ++i) ASSERT_EQ(tail[i], all[start * 6 + i]);
  }
}

TEST(Sobol, SeedsAreReproducibleAndDistinct) {
  EXPECT_EQ(SobolSequence(3, 42).generate(100), SobolSequence(3, 42).generate(100));
  EXPECT_NE(SobolSequence(3, 42).generate(100), SobolSequence(3, 43).generate(100));
}

TEST(Sobol, RejectsUnsupportedDimensions) {
  EXPECT_THROW(SobolSequence(0), std::invalid_argument);
  try {
    SobolSequence seq(SobolSequence::kMaxDim + 1, 1);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(std::to_string(SobolSequence::kMaxDim + 1)),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(SobolSequence(2).generate(-1), std::invalid_argument);
}

}  // namespace
}  // namespace pinn
