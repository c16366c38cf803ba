#include "solver/formula/jet_functions.h"

#include <ATen/ATen.h>

#include <cmath>
#include <stdexcept>

namespace pinn::formula {
namespace {

std::vector<at::Tensor> first(std::vector<at::Tensor> all, int order) {
  all.resize(static_cast<size_t>(order));
  return all;
}

}  // namespace

std::vector<at::Tensor> function_derivatives(builtins::FunctionId id, const at::Tensor& y,
                                             const at::Tensor& value, int order) {
  using F = builtins::FunctionId;
  if (order <= 0) return {};
  if (order > 4) throw std::logic_error("formula: derivatives above the fourth");
  switch (id) {
    case F::Sin: {
      const auto c = at::cos(y);
      return first({c, -value, -c, value}, order);
    }
    case F::Cos: {
      const auto s = at::sin(y);
      return first({-s, -value, s, value}, order);
    }
    case F::Tan: {  // t' = 1 + t^2 = s, t'' = 2ts, t''' = s (2 + 6t^2), t'''' = 8ts (2 + 3t^2)
      const auto t2 = value * value;
      const auto s = 1 + t2;
      return first({s, 2 * value * s, s * (2 + 6 * t2), 8 * value * s * (2 + 3 * t2)}, order);
    }
    case F::Asin:
    case F::Acos: {  // q = (1 - y^2)^(-1/2): q, y q^3, (1 + 2y^2) q^5, 3y (3 + 2y^2) q^7
      const auto y2 = y * y;
      const auto q = at::rsqrt(1 - y2);
      const auto q2 = q * q;
      const auto q3 = q2 * q, q5 = q3 * q2, q7 = q5 * q2;
      std::vector<at::Tensor> d = {q, y * q3, (1 + 2 * y2) * q5, 3 * y * (3 + 2 * y2) * q7};
      if (id == F::Acos) {
        for (auto& t : d) t = -t;
      }
      return first(d, order);
    }
    case F::Atan: {  // r = 1 / (1 + y^2): r, -2y r^2, (6y^2 - 2) r^3, 24y (1 - y^2) r^4
      const auto y2 = y * y;
      const auto r = 1 / (1 + y2);
      const auto r2 = r * r;
      return first({r, -2 * y * r2, (6 * y2 - 2) * r2 * r, 24 * y * (1 - y2) * r2 * r2}, order);
    }
    case F::Sinh: {
      const auto c = at::cosh(y);
      return first({c, value, c, value}, order);
    }
    case F::Cosh: {
      const auto s = at::sinh(y);
      return first({s, value, s, value}, order);
    }
    case F::Tanh: {  // s = 1 - t^2: s, -2ts, s (6t^2 - 2), 8ts (2 - 3t^2)
      const auto t2 = value * value;
      const auto s = 1 - t2;
      return first({s, -2 * value * s, s * (6 * t2 - 2), 8 * value * s * (2 - 3 * t2)}, order);
    }
    case F::Exp:
      return first({value, value, value, value}, order);
    case F::Log:
    case F::Log10: {  // (-1)^(m-1) (m-1)! / y^m, divided by ln 10 for log10
      const auto r = id == F::Log ? 1 / y : 1 / (y * std::log(10.0));
      const auto inverse = 1 / y;
      std::vector<at::Tensor> d = {r};
      for (int m = 2; m <= order; ++m) d.push_back(d.back() * inverse * static_cast<double>(1 - m));
      return d;
    }
    case F::Sqrt:
      return power_derivatives(y, 0.5, order);
    case F::Abs:
      return first({at::sign(y), {}, {}, {}}, order);
    case F::Sign:
    case F::Floor:
    case F::Ceil:
    case F::Heaviside:
      return std::vector<at::Tensor>(static_cast<size_t>(order));
    case F::Atan2:
    case F::Min:
    case F::Max:
    case F::Pow:
      break;
  }
  throw std::logic_error("formula: not a function of one argument");
}

std::vector<at::Tensor> power_derivatives(const at::Tensor& y, double c, int order) {
  std::vector<at::Tensor> d(static_cast<size_t>(order));
  double coefficient = 1;
  for (int m = 1; m <= order; ++m) {
    coefficient *= c - (m - 1);
    if (coefficient == 0) break;
    d[static_cast<size_t>(m - 1)] = coefficient * at::pow(y, c - m);
  }
  return d;
}

}  // namespace pinn::formula
