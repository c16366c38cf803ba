#pragma once
// sigma(y) and its derivatives sigma^(m)(y) up to the fifth, for forward-mode
// (Taylor) derivative engines: a kernel carrying fourth derivatives reads sigma''''
// forward and sigma^(5) in its backward pass.
//
// Each rule splits the work in two: `primitives` computes the transcendental
// parts (tanh, sigmoid, exp, erf, ...) with vectorised ATen ops, on any device;
// `derive` turns them into sigma, sigma', ... with plain arithmetic. `derive` is
// a template over the number type, so one formula serves both the fused CPU
// kernel (T = Lanes<float or double, L>, a batch of elements in vector registers)
// and the device-generic path (T = at::Tensor, differentiated by autograd); plain
// float and double serve tests and scalar code.

#include <ATen/ATen.h>

#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "solver/common/lanes.h"
#include "solver/common/lanes_math.h"

namespace pinn::rules {

// Highest derivative order the rules provide.
constexpr int kMaxOrder = 5;

// The number type constants are written in: T itself for floating-point T and a
// lane's type for Lanes (keeps float kernels in float), double for tensors.
template <class T, class = void>
struct NumberOf {
  using type = double;
};
template <class T>
struct NumberOf<T, std::enable_if_t<std::is_floating_point_v<T>>> {
  using type = T;
};
template <class T>
struct NumberOf<T, std::void_t<typename T::lane_type>> {
  using type = typename T::lane_type;
};
template <class T>
using Num = typename NumberOf<T>::type;

template <class T, class = void>
constexpr bool kIsLanes = false;
template <class T>
constexpr bool kIsLanes<T, std::void_t<typename T::lane_type>> = true;

// 1 where y > 0, else 0, in y's type.
template <class T>
T step(const T& y) {
  if constexpr (std::is_floating_point_v<T>) {
    return y > T(0) ? T(1) : T(0);
  } else if constexpr (kIsLanes<T>) {
    return y.above_zero();
  } else {
    return (y > 0).to(y.scalar_type());
  }
}

// Derivatives of the logistic sigmoid from its value s: g[m] = sigmoid^(m), m <= Order.
template <int Order, class T>
void sigmoid_series(const T& s, T* g) {
  using N = Num<T>;
  const T d = s * (N(1) - s);
  g[0] = s;
  if constexpr (Order >= 1) g[1] = d;
  if constexpr (Order >= 2) g[2] = d * (N(1) - N(2) * s);
  if constexpr (Order >= 3) g[3] = d * (N(1) - N(6) * s + N(6) * s * s);
  if constexpr (Order >= 4) g[4] = d * (N(1) - N(2) * s) * (N(1) - N(12) * s + N(12) * s * s);
  // 1 - 30 s + 150 s^2 - 240 s^3 + 120 s^4, written in d = s - s^2.
  if constexpr (Order >= 5) g[5] = d * (N(1) - N(30) * d + N(120) * d * d);
}

// sigma(y) = y f(y): sigma^(m) = y f^(m) + m f^(m-1), from f's series.
template <int Order, class T>
void times_identity(const T& y, const T* f, T* s) {
  using N = Num<T>;
  s[0] = y * f[0];
  for (int m = 1; m <= Order; ++m) s[m] = y * f[m] + N(m) * f[m - 1];
}

// Piecewise-linear rules: s0 and s1 given, higher derivatives zero.
template <int Order, class T>
void piecewise_linear(const T& s0, const T& s1, T* s) {
  s[0] = s0;
  if constexpr (Order >= 1) s[1] = s1;
  for (int m = 2; m <= Order; ++m) s[m] = s1 * Num<T>(0);
}

// Rules with lane_primitives (kLanePrimitives of them) compute their primitives
// inside a kernel's loop too.
template <class Rule, class = void>
constexpr bool kHasLanePrimitives = false;
template <class Rule>
constexpr bool kHasLanePrimitives<Rule, std::void_t<decltype(Rule::kLanePrimitives)>> = true;

struct Tanh {
  static std::vector<at::Tensor> primitives(const at::Tensor& y) { return {at::tanh(y)}; }
  static constexpr int kLanePrimitives = 1;
  template <class V>
  static void lane_primitives(const V& y, V* p) {
    p[0] = lanes_math::tanh(y);
  }
  template <int Order, class T>
  static void derive(const T&, const T* p, const T&, T* s) {
    using N = Num<T>;
    const T t = p[0];
    const T d = N(1) - t * t;
    s[0] = t;
    if constexpr (Order >= 1) s[1] = d;
    if constexpr (Order >= 2) s[2] = N(-2) * t * d;
    if constexpr (Order >= 3) s[3] = d * (N(6) * t * t - N(2));
    if constexpr (Order >= 4) s[4] = t * d * (N(16) - N(24) * t * t);
    if constexpr (Order >= 5) s[5] = d * (N(16) - N(120) * t * t + N(120) * t * t * t * t);
  }
};

struct Sigmoid {
  static std::vector<at::Tensor> primitives(const at::Tensor& y) { return {at::sigmoid(y)}; }
  template <int Order, class T>
  static void derive(const T&, const T* p, const T&, T* s) {
    sigmoid_series<Order>(p[0], s);
  }
};

struct Sin {
  static std::vector<at::Tensor> primitives(const at::Tensor& y) {
    return {at::sin(y), at::cos(y)};
  }
  template <int Order, class T>
  static void derive(const T&, const T* p, const T&, T* s) {
    for (int m = 0; m <= Order; ++m) s[m] = (m % 4 < 2 ? p[m % 2] : p[m % 2] * Num<T>(-1));
  }
};

struct Relu {
  static std::vector<at::Tensor> primitives(const at::Tensor&) { return {}; }
  template <int Order, class T>
  static void derive(const T& y, const T*, const T&, T* s) {
    const T on = step(y);
    piecewise_linear<Order>(T(y * on), on, s);
  }
};

struct Relu6 {
  static std::vector<at::Tensor> primitives(const at::Tensor&) { return {}; }
  template <int Order, class T>
  static void derive(const T& y, const T*, const T&, T* s) {
    using N = Num<T>;
    const T on = step(y);
    const T top = step(T(y - N(6)));
    piecewise_linear<Order>(T(y * on - (y - N(6)) * top), T(on - top), s);
  }
};

struct LeakyRelu {
  static constexpr double kSlope = 0.01;  // PyTorch's default
  static std::vector<at::Tensor> primitives(const at::Tensor&) { return {}; }
  template <int Order, class T>
  static void derive(const T& y, const T*, const T&, T* s) {
    using N = Num<T>;
    const T slope = N(kSlope) + N(1 - kSlope) * step(y);
    piecewise_linear<Order>(T(y * slope), slope, s);
  }
};

// w is the trainable negative slope.
struct Prelu {
  static std::vector<at::Tensor> primitives(const at::Tensor&) { return {}; }
  template <int Order, class T>
  static void derive(const T& y, const T*, const T& w, T* s) {
    const T on = step(y);
    const T slope = on + w * (Num<T>(1) - on);
    piecewise_linear<Order>(T(y * slope), slope, s);
  }
  // d sigma^(m) / dw for m = 0, 1 (higher ones are zero).
  template <class T>
  static void derive_w(const T& y, T* ds) {
    const T off = Num<T>(1) - step(y);
    ds[0] = y * off;
    ds[1] = off;
  }
};

// elu and celu with alpha = 1 are the same function: z if z > 0 else exp(z) - 1.
struct Elu {
  static std::vector<at::Tensor> primitives(const at::Tensor& y) {
    return {at::exp(at::clamp_max(y, 0))};
  }
  template <int Order, class T>
  static void derive(const T& y, const T* p, const T&, T* s) {
    using N = Num<T>;
    const T on = step(y);
    const T off = N(1) - on;
    s[0] = y * on + (p[0] - N(1)) * off;
    if constexpr (Order >= 1) s[1] = on + p[0] * off;
    for (int m = 2; m <= Order; ++m) s[m] = p[0] * off;
  }
};

// log(1 + exp(-|y|)), the stable tail shared by softplus and logsigmoid.
inline at::Tensor softplus_tail(const at::Tensor& y) { return at::log1p(at::exp(-at::abs(y))); }

struct Softplus {
  static std::vector<at::Tensor> primitives(const at::Tensor& y) {
    return {at::sigmoid(y), softplus_tail(y)};
  }
  template <int Order, class T>
  static void derive(const T& y, const T* p, const T&, T* s) {
    T g[kMaxOrder + 1];
    sigmoid_series<(Order > 0 ? Order - 1 : 0)>(p[0], g);
    s[0] = y * step(y) + p[1];
    for (int m = 1; m <= Order; ++m) s[m] = g[m - 1];
  }
};

struct Logsigmoid {
  static std::vector<at::Tensor> primitives(const at::Tensor& y) {
    return {at::sigmoid(y), softplus_tail(y)};
  }
  template <int Order, class T>
  static void derive(const T& y, const T* p, const T&, T* s) {
    using N = Num<T>;
    T g[kMaxOrder + 1];
    sigmoid_series<(Order > 0 ? Order - 1 : 0)>(p[0], g);
    const T minus_y = y * N(-1);
    s[0] = N(-1) * (minus_y * step(minus_y) + p[1]);
    if constexpr (Order >= 1) s[1] = N(1) - p[0];
    for (int m = 2; m <= Order; ++m) s[m] = g[m - 1] * N(-1);
  }
};

struct Silu {
  static std::vector<at::Tensor> primitives(const at::Tensor& y) { return {at::sigmoid(y)}; }
  template <int Order, class T>
  static void derive(const T& y, const T* p, const T&, T* s) {
    T g[kMaxOrder + 1];
    sigmoid_series<Order>(p[0], g);
    times_identity<Order>(y, g, s);
  }
};

// Exact gelu, y Phi(y): primitives are Phi(y) and the normal density phi(y).
struct Gelu {
  static std::vector<at::Tensor> primitives(const at::Tensor& y) {
    constexpr double kInvSqrt2 = 0.70710678118654752440;
    constexpr double kInvSqrt2Pi = 0.39894228040143267794;
    return {0.5 * (1 + at::erf(y * kInvSqrt2)), kInvSqrt2Pi * at::exp(-0.5 * y * y)};
  }
  template <int Order, class T>
  static void derive(const T& y, const T* p, const T&, T* s) {
    using N = Num<T>;
    // Phi' = phi, Phi'' = -y phi, Phi''' = (y^2 - 1) phi, Phi'''' = (3y - y^3) phi,
    // Phi^(5) = (y^4 - 6y^2 + 3) phi.
    T f[kMaxOrder + 1];
    f[0] = p[0];
    if constexpr (Order >= 1) f[1] = p[1];
    if constexpr (Order >= 2) f[2] = N(-1) * y * p[1];
    if constexpr (Order >= 3) f[3] = (y * y - N(1)) * p[1];
    if constexpr (Order >= 4) f[4] = (N(3) - y * y) * y * p[1];
    if constexpr (Order >= 5) f[5] = ((y * y - N(6)) * y * y + N(3)) * p[1];
    times_identity<Order>(y, f, s);
  }
};

struct Softshrink {
  static constexpr double kLambda = 0.5;  // PyTorch's default
  static std::vector<at::Tensor> primitives(const at::Tensor&) { return {}; }
  template <int Order, class T>
  static void derive(const T& y, const T*, const T&, T* s) {
    using N = Num<T>;
    const T above = step(T(y - N(kLambda)));
    const T below = step(T(N(-kLambda) - y));
    piecewise_linear<Order>(T((y - N(kLambda)) * above + (y + N(kLambda)) * below),
                            T(above + below), s);
  }
};

// Calls f(Rule{}) with the rule of the activation called `name`.
template <class F>
decltype(auto) visit(const std::string& name, F&& f) {
  if (name == "tanh") return f(Tanh{});
  if (name == "sigmoid") return f(Sigmoid{});
  if (name == "sin") return f(Sin{});
  if (name == "relu") return f(Relu{});
  if (name == "relu6") return f(Relu6{});
  if (name == "leaky_relu") return f(LeakyRelu{});
  if (name == "prelu") return f(Prelu{});
  if (name == "elu" || name == "celu") return f(Elu{});
  if (name == "softplus") return f(Softplus{});
  if (name == "logsigmoid") return f(Logsigmoid{});
  if (name == "silu") return f(Silu{});
  if (name == "gelu") return f(Gelu{});
  if (name == "softshrink") return f(Softshrink{});
  throw std::invalid_argument("no derivative rule for activation '" + name + "'");
}

// with_order's recursion: f with K where order is K, else the next K.
template <int K, int Max, class F>
decltype(auto) with_order_upto(int order, F&& f) {
  if constexpr (K == Max) {
    return f(std::integral_constant<int, K>{});
  } else {
    if (order == K) return f(std::integral_constant<int, K>{});
    return with_order_upto<K + 1, Max>(order, std::forward<F>(f));
  }
}

// Calls f(std::integral_constant<int, order>{}) for a runtime order in [0, Max]:
// only the orders up to Max are instantiated.
template <int Max = kMaxOrder, class F>
decltype(auto) with_order(int order, F&& f) {
  static_assert(Max >= 0 && Max <= kMaxOrder, "the rules provide orders 0 to kMaxOrder");
  if (order < 0 || order > Max) {
    throw std::invalid_argument("derivative order " + std::to_string(order) + " is outside 0.." +
                                std::to_string(Max));
  }
  return with_order_upto<0, Max>(order, std::forward<F>(f));
}

}  // namespace pinn::rules
