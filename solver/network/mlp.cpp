#include "solver/network/mlp.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/nn/init.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "solver/network/slope_init.h"

namespace pinn {
namespace {

constexpr double kPreluInitialSlope = 0.25;  // PyTorch's default for PReLU

void initialise(torch::nn::LinearImpl& layer, const std::string& init) {
  torch::NoGradGuard no_grad;
  if (init == "xavier_normal") {
    torch::nn::init::xavier_normal_(layer.weight);
  } else if (init == "xavier_uniform") {
    torch::nn::init::xavier_uniform_(layer.weight);
  } else if (init == "pytorch_default") {
    // torch.nn.Linear's own reset: W and b ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
    const double bound = 1.0 / std::sqrt(static_cast<double>(layer.weight.size(1)));
    layer.weight.uniform_(-bound, bound);
    layer.bias.uniform_(-bound, bound);
    return;
  } else if (init == "kaiming_normal") {
    torch::nn::init::kaiming_normal_(layer.weight, 0.0, torch::kFanIn, torch::kTanh);
  } else {
    torch::nn::init::kaiming_uniform_(layer.weight, 0.0, torch::kFanIn, torch::kTanh);
  }
  layer.bias.zero_();
}

NetworkOptions checked(NetworkOptions options) {
  options.validate();
  return options;
}

// B ~ N(0, scale^2) from its own generator: the same seed gives the same B
// whatever else the run draws.
torch::Tensor draw_fourier(const FourierOptions& f, int64_t inputs_read) {
  auto generator = at::detail::createCPUGenerator(f.seed);
  return f.scale * at::randn({f.features, inputs_read}, generator,
                             torch::TensorOptions().dtype(torch::kFloat64));
}

// W = diag(exp(s)) V with s ~ N(mean, std) per row and V = W_init / exp(s); the
// layer's weight becomes V. Returns s.
torch::Tensor factorise(torch::nn::LinearImpl& layer, const FactorizationOptions& f) {
  torch::NoGradGuard no_grad;
  auto s = torch::randn({layer.weight.size(0)}, layer.weight.options()) * f.std + f.mean;
  layer.weight.div_(s.exp().unsqueeze(1));
  return layer.register_parameter("log_scale", s);
}

}  // namespace

MlpImpl::MlpImpl(NetworkOptions options)
    : options_(checked(std::move(options))), layout_(options_) {
  activation_ = &find_activation(options_.activation);
  const auto opts = torch::TensorOptions().dtype(torch::kFloat64);

  const auto lo = torch::tensor(options_.input_lo, opts);
  const auto hi = torch::tensor(options_.input_hi, opts);
  input_shift_ = register_buffer("input_shift", (hi + lo) / 2);
  input_scale_ = register_buffer("input_scale", 2 / (hi - lo));
  if (options_.fourier.enabled()) {
    const auto read = static_cast<int64_t>(options_.fourier_inputs().size());
    fourier_ = register_buffer("fourier_frequencies", draw_fourier(options_.fourier, read));
  }

  auto width = static_cast<int64_t>(layout_.columns().size());
  const double a0 = 1.0 / options_.scale;
  // Row k of the drawn matrix starts hidden layer k's slopes; else a = 1/n everywhere.
  const auto drawn = draw_slopes(options_);
  const auto initial = [&](int64_t k, int64_t count) {
    return drawn.defined() ? drawn[k].clone() : torch::full({count}, a0, opts);
  };
  torch::Tensor shared;
  if (options_.mode == AdaptiveMode::Global) {
    shared = register_parameter("slope", initial(0, 1));
  }
  for (size_t k = 0; k < options_.hidden.size(); ++k) {
    const auto next = options_.hidden[k];
    auto layer = register_module("hidden_" + std::to_string(k), torch::nn::Linear(width, next));
    initialise(*layer, options_.init);
    log_scales_.push_back(options_.factorization.enabled ? factorise(*layer, options_.factorization)
                                                         : torch::Tensor());
    hidden_.emplace_back(layer);

    const auto name = "slope_" + std::to_string(k);
    switch (options_.mode) {
      case AdaptiveMode::Fixed:
        slopes_.emplace_back();
        break;
      case AdaptiveMode::Global:
        slopes_.push_back(shared);
        break;
      case AdaptiveMode::Layer:
        slopes_.push_back(register_parameter(name, initial(static_cast<int64_t>(k), 1)));
        break;
      case AdaptiveMode::Neuron:
        slopes_.push_back(register_parameter(name, initial(static_cast<int64_t>(k), next)));
        break;
    }
    activation_params_.push_back(
        activation_->learnable_parameter
            ? register_parameter("prelu_" + std::to_string(k),
                                 torch::full({1}, kPreluInitialSlope, opts))
            : torch::Tensor());
    width = next;
  }
  output_ = register_module("output", torch::nn::Linear(width, options_.outputs));
  initialise(*output_, options_.init);
  if (options_.factorization.enabled) {
    output_log_scale_ = factorise(*output_, options_.factorization);
  }
  for (const auto& u : options_.unknowns) {
    const double theta = u.positive ? std::log(u.initial) : u.initial;
    unknowns_.push_back(register_parameter("unknown_" + u.name, torch::full({1}, theta, opts)));
  }
  // Every parameter starts in float64; the caller casts the module to its dtype.
  to(torch::kFloat64);
}

torch::Tensor MlpImpl::raw_slope(int64_t k) const { return slopes_.at(k); }

std::map<std::string, torch::Tensor> MlpImpl::unknown_values() const {
  std::map<std::string, torch::Tensor> values;
  for (size_t i = 0; i < unknowns_.size(); ++i) {
    const auto theta = unknowns_[i].squeeze();
    values[options_.unknowns[i].name] = options_.unknowns[i].positive ? theta.exp() : theta;
  }
  return values;
}

torch::Tensor MlpImpl::effective_slope(int64_t k) const {
  const auto& a = slopes_.at(k);
  if (!a.defined()) return a;
  return options_.scale * a;
}

int64_t MlpImpl::slope_count() const {
  switch (options_.mode) {
    case AdaptiveMode::Fixed:
      return 0;
    case AdaptiveMode::Global:
      return 1;
    case AdaptiveMode::Layer:
      return hidden_layers();
    case AdaptiveMode::Neuron: {
      int64_t n = 0;
      for (auto w : options_.hidden) n += w;
      return n;
    }
  }
  return 0;
}

torch::Tensor MlpImpl::slope_recovery() const {
  if (options_.mode == AdaptiveMode::Fixed) {
    throw std::logic_error("slope recovery needs adaptive slopes; the network's mode is fixed");
  }
  torch::Tensor sum;
  for (int64_t k = 0; k < hidden_layers(); ++k) {
    auto term = torch::exp(raw_slope(k).mean());
    sum = sum.defined() ? sum + term : term;
  }
  return 1.0 / (sum / static_cast<double>(hidden_layers()));
}

torch::Tensor MlpImpl::normalize(const torch::Tensor& x) const {
  return (x - input_shift_) * input_scale_;
}

torch::Tensor MlpImpl::features(const torch::Tensor& x) const {
  return layout_.evaluate(normalize(x), fourier_);
}

namespace {

torch::Tensor scaled(const torch::Tensor& v, const torch::Tensor& s) {
  return s.defined() ? s.exp().unsqueeze(1) * v : v;
}

}  // namespace

torch::Tensor MlpImpl::effective_weight(int64_t k) const {
  return scaled(hidden_.at(k)->weight, log_scales_.at(k));
}

torch::Tensor MlpImpl::effective_output_weight() const {
  return scaled(output_->weight, output_log_scale_);
}

torch::Tensor MlpImpl::forward(const torch::Tensor& x) {
  const auto raw = raw_forward(x);
  return options_.transform ? options_.transform->apply(x, raw, unknown_values()) : raw;
}

torch::Tensor MlpImpl::raw_forward(const torch::Tensor& x) {
  auto h = features(x);
  for (int64_t k = 0; k < hidden_layers(); ++k) {
    auto z = torch::linear(h, effective_weight(k), hidden_[k]->bias);
    const auto c = effective_slope(k);
    h = activation_->value(c.defined() ? c * z : z, activation_params_[k]);
  }
  return torch::linear(h, effective_output_weight(), output_->bias);
}

}  // namespace pinn
