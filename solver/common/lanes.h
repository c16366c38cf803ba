#pragma once
// A fixed batch of numbers operated on together, for kernels whose elementwise
// formulas are written once as templates over the number type (see
// solver/network/activation_rules.h). Every operation is one vector expression
// (GCC/Clang vector extensions), so a formula over Lanes compiles to vector
// instructions whatever the compiler's auto-vectoriser makes of it, and values
// move between memory and registers only as whole vectors.

#include <cstdint>
#include <cstring>
#include <type_traits>

namespace pinn {

// Bytes of the widest vector register of the machine a file is compiled for, and
// how many of them there are: kernels size their batches and register blocks by
// these, since a batch wider than a register, or more accumulators than
// registers, spills to memory in every inner loop (about 10x slower).
#if defined(__AVX512F__)
constexpr int kVectorBytes = 64;
constexpr int kVectorRegisters = 32;
#elif defined(__AVX__)
constexpr int kVectorBytes = 32;
constexpr int kVectorRegisters = 16;
#else
constexpr int kVectorBytes = 16;
constexpr int kVectorRegisters = 16;
#endif

// Each file gets its own copy of Lanes and of everything instantiated with it:
// the fused kernel is compiled for the build machine's vector units and other
// files are not, and the two pass vectors differently, so the linker must not
// merge their copies.
namespace {

template <class T, int L>
struct Lanes {
  using lane_type = T;
  static constexpr int kCount = L;
  typedef T Vector __attribute__((vector_size(sizeof(T) * L)));
  // Same-width integers, for the bits of the lanes (signs, exponents, masks).
  using Bits = std::conditional_t<sizeof(T) == 4, int32_t, int64_t>;
  typedef Bits BitsVector __attribute__((vector_size(sizeof(T) * L)));

  Vector v;

  Lanes() = default;
  explicit Lanes(T s) : v(Vector{} + s) {}
  static Lanes from_vector(Vector x) {
    Lanes r;
    r.v = x;
    return r;
  }

  static Lanes load(const T* p) {
    Lanes r;
    std::memcpy(&r.v, p, sizeof(Vector));
    return r;
  }
  void store(T* p) const { std::memcpy(p, &v, sizeof(Vector)); }

  // 1 where the lane is above zero, else 0.
  Lanes above_zero() const {
    const auto mask = v > Vector{};
    return from_vector(
        reinterpret_cast<Vector>(mask & reinterpret_cast<decltype(mask)>(Lanes(T(1)).v)));
  }

  T sum() const {
    T s = T(0);
    for (int l = 0; l < L; ++l) s += v[l];
    return s;
  }

  Lanes& operator+=(const Lanes& o) {
    v += o.v;
    return *this;
  }
};

template <class T, int L>
Lanes<T, L> operator+(const Lanes<T, L>& a, const Lanes<T, L>& b) {
  return Lanes<T, L>::from_vector(a.v + b.v);
}
template <class T, int L>
Lanes<T, L> operator-(const Lanes<T, L>& a, const Lanes<T, L>& b) {
  return Lanes<T, L>::from_vector(a.v - b.v);
}
template <class T, int L>
Lanes<T, L> operator*(const Lanes<T, L>& a, const Lanes<T, L>& b) {
  return Lanes<T, L>::from_vector(a.v * b.v);
}
template <class T, int L>
Lanes<T, L> operator/(const Lanes<T, L>& a, const Lanes<T, L>& b) {
  return Lanes<T, L>::from_vector(a.v / b.v);
}
template <class T, int L>
Lanes<T, L> operator+(const Lanes<T, L>& a, T b) {
  return Lanes<T, L>::from_vector(a.v + b);
}
template <class T, int L>
Lanes<T, L> operator-(const Lanes<T, L>& a, T b) {
  return Lanes<T, L>::from_vector(a.v - b);
}
template <class T, int L>
Lanes<T, L> operator*(const Lanes<T, L>& a, T b) {
  return Lanes<T, L>::from_vector(a.v * b);
}
template <class T, int L>
Lanes<T, L> operator+(T a, const Lanes<T, L>& b) {
  return Lanes<T, L>::from_vector(a + b.v);
}
template <class T, int L>
Lanes<T, L> operator-(T a, const Lanes<T, L>& b) {
  return Lanes<T, L>::from_vector(a - b.v);
}
template <class T, int L>
Lanes<T, L> operator*(T a, const Lanes<T, L>& b) {
  return Lanes<T, L>::from_vector(a * b.v);
}

}  // namespace
}  // namespace pinn
