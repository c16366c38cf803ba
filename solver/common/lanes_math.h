#pragma once
// exp and tanh on lane batches, accurate to a few units in the last place of
// float and double, in plain vector arithmetic that inlines into a kernel's loop
// (a library call per batch costs more than the arithmetic here).

#include <array>
#include <cstdint>
#include <type_traits>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

#include "solver/common/lanes.h"

namespace pinn::lanes_math {

// Mask of the lanes where `condition` holds, applied to `x` (others become 0).
template <class T, int L, class Mask>
Lanes<T, L> keep(const Mask& condition, const Lanes<T, L>& x) {
  using V = typename Lanes<T, L>::Vector;
  return Lanes<T, L>::from_vector(reinterpret_cast<V>(condition & reinterpret_cast<Mask>(x.v)));
}

// 1/x for x >= 1. A vector division costs as much as the rest of tanh together;
// with AVX-512 a 14-bit estimate and Newton steps r (2 - x r), each doubling the
// correct bits, reach the type's precision in a fraction of that time.
template <class T, int L>
Lanes<T, L> reciprocal(const Lanes<T, L>& x) {
#if defined(__AVX512F__)
  if constexpr (sizeof(typename Lanes<T, L>::Vector) == 64) {
    using V = Lanes<T, L>;
    V r;
    if constexpr (sizeof(T) == 4) {
      r.v = reinterpret_cast<typename V::Vector>(_mm512_rcp14_ps(reinterpret_cast<__m512>(x.v)));
    } else {
      r.v = reinterpret_cast<typename V::Vector>(_mm512_rcp14_pd(reinterpret_cast<__m512d>(x.v)));
    }
    constexpr int kSteps = sizeof(T) == 4 ? 1 : 2;  // 14 -> 28 -> 56 bits
    for (int i = 0; i < kSteps; ++i) r = r * (T(2) - x * r);
    return r;
  }
#endif
  return Lanes<T, L>(T(1)) / x;
}

// sum_k c[k] x^k by Horner's rule.
template <class T, int L, size_t N>
Lanes<T, L> polynomial(const std::array<T, N>& c, const Lanes<T, L>& x) {
  Lanes<T, L> p(c[N - 1]);
  for (int k = static_cast<int>(N) - 2; k >= 0; --k) p = p * x + c[k];
  return p;
}

// 1/k! for k = 0..Degree, the Taylor coefficients of exp.
template <class T, int Degree>
constexpr std::array<T, Degree + 1> inverse_factorials() {
  std::array<T, Degree + 1> c{};
  long double f = 1.0L;
  for (int k = 0; k <= Degree; ++k) {
    if (k > 0) f /= k;
    c[k] = static_cast<T>(f);
  }
  return c;
}

// exp(v) for 0 <= v <= 2^(mantissa bits): v = n ln2 + r with |r| <= ln2/2, exp(r)
// from its Taylor polynomial (degree 7 for float, 12 for double: truncation below
// half an ulp), times 2^n built in the exponent bits.
template <class T, int L>
Lanes<T, L> exp_nonnegative(const Lanes<T, L>& v) {
  using V = Lanes<T, L>;
  using I = typename V::Bits;
  using IntVector = typename V::BitsVector;
  constexpr int kDegree = sizeof(T) == 4 ? 7 : 12;
  constexpr int kMantissa = sizeof(T) == 4 ? 23 : 52;
  constexpr I kBias = sizeof(T) == 4 ? 127 : 1023;
  // ln 2 split so that n * kLn2High is exact for the n that occur.
  constexpr T kLn2High = sizeof(T) == 4 ? T(0.693145751953125) : T(0.6931471803691238);
  constexpr T kLn2Low = sizeof(T) == 4 ? T(1.428606765330187045e-06) : T(1.9082149292705877e-10);
  const IntVector n = __builtin_convertvector(v.v * T(1.4426950408889634) + T(0.5), IntVector);
  const V nf = V::from_vector(__builtin_convertvector(n, typename V::Vector));
  const V r = (v - nf * kLn2High) - nf * kLn2Low;
  const V p = polynomial(inverse_factorials<T, kDegree>(), r);
  const IntVector exponent = (n + kBias) << kMantissa;
  return p * V::from_vector(reinterpret_cast<typename V::Vector>(exponent));
}

// Coefficients a_1, a_3, ... of tanh's Taylor series, from tanh' = 1 - tanh^2:
// (n + 1) a_(n+1) = [n == 0] - sum_(i+j=n) a_i a_j.
template <class T, int kTerms>
constexpr std::array<T, kTerms> tanh_series() {
  std::array<long double, 2 * kTerms> a{};
  for (int n = 0; n + 1 < 2 * kTerms; ++n) {
    long double sum = n == 0 ? 1.0L : 0.0L;
    for (int i = 0; i <= n; ++i) sum -= a[i] * a[n - i];
    a[n + 1] = sum / (n + 1);
  }
  std::array<T, kTerms> odd{};
  for (int k = 0; k < kTerms; ++k) odd[k] = static_cast<T>(a[2 * k + 1]);
  return odd;
}

// tanh(x): for small |x| its odd Taylor series (below 0.4 in float, 0.3 in double,
// where each term is at most 0.065 or 0.037 of the previous one), above that
// sign(x) (1 - 2 / (exp(2|x|) + 1)), whose cancellation costs at most a few ulps
// there. Measured within 1.2 ulps (float) and 3.2 ulps (double) of tanh.
// Saturates to +-1 where the type does.
template <class T, int L>
Lanes<T, L> tanh(const Lanes<T, L>& x) {
  using V = Lanes<T, L>;
  using I = typename V::Bits;
  using IntVector = typename V::BitsVector;
  constexpr int kTerms = sizeof(T) == 4 ? 7 : 12;
  constexpr T kSeriesBelow = sizeof(T) == 4 ? T(0.4) : T(0.3);
  constexpr T kSaturated = sizeof(T) == 4 ? T(10) : T(20);
  constexpr auto series = tanh_series<T, kTerms>();

  const IntVector sign_bit = IntVector{} + (I(1) << (8 * sizeof(T) - 1));
  const IntVector sign = reinterpret_cast<IntVector>(x.v) & sign_bit;
  const V magnitude = V::from_vector(
      reinterpret_cast<typename V::Vector>(reinterpret_cast<IntVector>(x.v) & ~sign_bit));
  const auto small = magnitude.v < kSeriesBelow;

  const V near_zero = x * polynomial(series, x * x);

  const auto below_saturation = magnitude.v < kSaturated;
  const V clamped = keep(below_saturation, magnitude) + keep(~below_saturation, V(kSaturated));
  const V e = exp_nonnegative(clamped * T(2));
  const V far = T(1) - T(2) * reciprocal(e + T(1));
  const V far_signed = V::from_vector(
      reinterpret_cast<typename V::Vector>(reinterpret_cast<IntVector>(far.v) | sign));
  return keep(small, near_zero) + keep(~small, far_signed);
}

}  // namespace pinn::lanes_math
