#include "solver/network/activation.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "solver/common/text.h"

namespace pinn {
namespace {

// Constants match PyTorch's defaults for the same activations.
constexpr double kLeakySlope = 0.01;
constexpr double kEluAlpha = 1.0;
constexpr double kCeluAlpha = 1.0;
constexpr double kShrinkLambda = 0.5;
constexpr double kInvSqrt2 = 0.70710678118654752440;
constexpr double kInvSqrt2Pi = 0.39894228040143267794;

at::Tensor step(const at::Tensor& z) { return (z > 0).to(z.scalar_type()); }
at::Tensor sigmoid_d1(const at::Tensor& s) { return s * (1 - s); }
at::Tensor std_normal_pdf(const at::Tensor& z) { return kInvSqrt2Pi * at::exp(-0.5 * z * z); }
at::Tensor std_normal_cdf(const at::Tensor& z) { return 0.5 * (1 + at::erf(z * kInvSqrt2)); }

const std::vector<Activation>& table() {
  static const std::vector<Activation> activations = {
      {"tanh", "tanh(z)", kEveryOrder, false,
       [](const at::Tensor& z, const at::Tensor&) { return at::tanh(z); },
       [](const at::Tensor& z, const at::Tensor&) {
         auto t = at::tanh(z);
         return 1 - t * t;
       },
       [](const at::Tensor& z, const at::Tensor&) {
         auto t = at::tanh(z);
         return -2 * t * (1 - t * t);
       }},
      {"sigmoid", "1 / (1 + exp(-z))", kEveryOrder, false,
       [](const at::Tensor& z, const at::Tensor&) { return at::sigmoid(z); },
       [](const at::Tensor& z, const at::Tensor&) { return sigmoid_d1(at::sigmoid(z)); },
       [](const at::Tensor& z, const at::Tensor&) {
         auto s = at::sigmoid(z);
         return sigmoid_d1(s) * (1 - 2 * s);
       }},
      {"sin", "sin(z)", kEveryOrder, false,
       [](const at::Tensor& z, const at::Tensor&) { return at::sin(z); },
       [](const at::Tensor& z, const at::Tensor&) { return at::cos(z); },
       [](const at::Tensor& z, const at::Tensor&) { return -at::sin(z); }},
      {"relu", "max(0, z)", 1, false,
       [](const at::Tensor& z, const at::Tensor&) { return at::relu(z); },
       [](const at::Tensor& z, const at::Tensor&) { return step(z); },
       [](const at::Tensor& z, const at::Tensor&) { return at::zeros_like(z); }},
      {"relu6", "min(max(0, z), 6)", 1, false,
       [](const at::Tensor& z, const at::Tensor&) { return at::relu(z) - at::relu(z - 6.0); },
       [](const at::Tensor& z, const at::Tensor&) {
         return ((z > 0) & (z < 6)).to(z.scalar_type());
       },
       [](const at::Tensor& z, const at::Tensor&) { return at::zeros_like(z); }},
      {"leaky_relu", "z if z > 0 else 0.01 z", 1, false,
       [](const at::Tensor& z, const at::Tensor&) { return at::leaky_relu(z, kLeakySlope); },
       [](const at::Tensor& z, const at::Tensor&) {
         return at::where(z > 0, at::ones_like(z), at::full_like(z, kLeakySlope));
       },
       [](const at::Tensor& z, const at::Tensor&) { return at::zeros_like(z); }},
      {"prelu", "z if z > 0 else w z (w trainable, one per layer, starts at 0.25)", 1, true,
       [](const at::Tensor& z, const at::Tensor& w) { return at::relu(z) - w * at::relu(-z); },
       [](const at::Tensor& z, const at::Tensor& w) {
         return at::where(z > 0, at::ones_like(z), w.expand_as(z));
       },
       [](const at::Tensor& z, const at::Tensor&) { return at::zeros_like(z); }},
      {"elu", "z if z > 0 else exp(z) - 1", kEveryOrder, false,
       [](const at::Tensor& z, const at::Tensor&) { return at::elu(z, kEluAlpha); },
       [](const at::Tensor& z, const at::Tensor&) {
         return at::where(z > 0, at::ones_like(z), kEluAlpha * at::exp(z));
       },
       [](const at::Tensor& z, const at::Tensor&) {
         return at::where(z > 0, at::zeros_like(z), kEluAlpha * at::exp(z));
       }},
      {"celu", "z if z > 0 else exp(z) - 1 (alpha = 1)", kEveryOrder, false,
       [](const at::Tensor& z, const at::Tensor&) { return at::celu(z, kCeluAlpha); },
       [](const at::Tensor& z, const at::Tensor&) {
         return at::where(z > 0, at::ones_like(z), at::exp(z / kCeluAlpha));
       },
       [](const at::Tensor& z, const at::Tensor&) {
         return at::where(z > 0, at::zeros_like(z), at::exp(z / kCeluAlpha) / kCeluAlpha);
       }},
      {"softplus", "log(1 + exp(z))", kEveryOrder, false,
       // Written out rather than at::softplus, whose linear branch above z = 20
       // would make second derivatives exactly zero there.
       [](const at::Tensor& z, const at::Tensor&) {
         return at::relu(z) + at::log1p(at::exp(-at::abs(z)));
       },
       [](const at::Tensor& z, const at::Tensor&) { return at::sigmoid(z); },
       [](const at::Tensor& z, const at::Tensor&) { return sigmoid_d1(at::sigmoid(z)); }},
      {"silu", "z / (1 + exp(-z))", kEveryOrder, false,
       [](const at::Tensor& z, const at::Tensor&) { return z * at::sigmoid(z); },
       [](const at::Tensor& z, const at::Tensor&) {
         auto s = at::sigmoid(z);
         return s + z * sigmoid_d1(s);
       },
       [](const at::Tensor& z, const at::Tensor&) {
         auto s = at::sigmoid(z);
         return sigmoid_d1(s) * (2 + z * (1 - 2 * s));
       }},
      {"gelu", "z Phi(z) (exact, erf form)", kEveryOrder, false,
       [](const at::Tensor& z, const at::Tensor&) { return z * std_normal_cdf(z); },
       [](const at::Tensor& z, const at::Tensor&) {
         return std_normal_cdf(z) + z * std_normal_pdf(z);
       },
       [](const at::Tensor& z, const at::Tensor&) { return std_normal_pdf(z) * (2 - z * z); }},
      {"logsigmoid", "log(1 / (1 + exp(-z)))", kEveryOrder, false,
       [](const at::Tensor& z, const at::Tensor&) {
         return -(at::relu(-z) + at::log1p(at::exp(-at::abs(z))));
       },
       [](const at::Tensor& z, const at::Tensor&) { return at::sigmoid(-z); },
       [](const at::Tensor& z, const at::Tensor&) { return -sigmoid_d1(at::sigmoid(z)); }},
      {"softshrink", "z - 0.5 if z > 0.5, z + 0.5 if z < -0.5, else 0", 1, false,
       [](const at::Tensor& z, const at::Tensor&) {
         return at::relu(z - kShrinkLambda) - at::relu(-z - kShrinkLambda);
       },
       [](const at::Tensor& z, const at::Tensor&) {
         return (at::abs(z) > kShrinkLambda).to(z.scalar_type());
       },
       [](const at::Tensor& z, const at::Tensor&) { return at::zeros_like(z); }},
  };
  return activations;
}

}  // namespace

const Activation& find_activation(const std::string& name) {
  for (const auto& activation : table()) {
    if (activation.name == name) return activation;
  }
  throw std::invalid_argument("unknown activation '" + name +
                              "'; valid activations: " + join(activation_names()));
}

std::vector<std::string> activation_names() {
  std::vector<std::string> names;
  for (const auto& activation : table()) names.push_back(activation.name);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace pinn
