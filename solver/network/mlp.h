#pragma once
// Fully connected network with (adaptive) activations sigma(n * a * z).
//
// Slopes are ordinary trainable parameters registered on the module, so
// optimizers update them and saved state holds them: "slope" in global mode,
// "slope_<k>" per hidden layer k (shape [1] for layer, [width_k] for neuron). They
// start at 1/n, or drawn as options().slope_init says (slope_init.h), then of any sign.
//
// With weight factorisation a layer's "weight" holds V and "log_scale" holds s,
// W = diag(exp(s)) V: read weights through effective_weight(), never
// hidden_layer(k)->weight. Fourier features' B is the buffer "fourier_frequencies"
// (not trained; saved with the module).

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include <map>
#include <string>
#include <vector>

#include "solver/network/activation.h"
#include "solver/network/input_features.h"
#include "solver/network/network_options.h"
#include "solver/network/output_transform.h"

namespace pinn {

class MlpImpl : public torch::nn::Module {
 public:
  explicit MlpImpl(NetworkOptions options);

  // The outputs: the last layer's, through options().transform where there is one.
  torch::Tensor forward(const torch::Tensor& x);
  // The last layer's outputs, before any transform.
  torch::Tensor raw_forward(const torch::Tensor& x);
  const OutputTransform* transform() const { return options_.transform.get(); }

  const NetworkOptions& options() const { return options_; }
  const Activation& activation() const { return *activation_; }
  int64_t hidden_layers() const { return static_cast<int64_t>(hidden_.size()); }
  const torch::nn::Linear& hidden_layer(int64_t k) const { return hidden_[k]; }
  const torch::nn::Linear& output_layer() const { return output_; }
  // The weight hidden layer k (the output layer) applies: diag(exp(s)) V when
  // factorised, differentiable with respect to s and V; else the layer's weight.
  torch::Tensor effective_weight(int64_t k) const;
  torch::Tensor effective_output_weight() const;
  // s of hidden layer k (of the output layer); undefined without factorisation.
  const torch::Tensor& log_scale(int64_t k) const { return log_scales_.at(k); }
  const torch::Tensor& output_log_scale() const { return output_log_scale_; }
  // The parameter w of a parametric activation in hidden layer k (undefined otherwise).
  const torch::Tensor& activation_parameter(int64_t k) const { return activation_params_[k]; }

  // n * a for hidden layer k: shape [1] (global, layer) or [width_k] (neuron);
  // undefined in fixed mode.
  torch::Tensor effective_slope(int64_t k) const;
  // Number of trainable slope values (0, 1, hidden layers, or hidden neurons).
  int64_t slope_count() const;
  // The slope-recovery term S(a) = 1 / ((1/(D-1)) sum_k exp(mean_i a_i^k)),
  // with D-1 hidden layers; throws in fixed mode, which has no slopes.
  torch::Tensor slope_recovery() const;

  // The coefficients trained as unknowns: name -> current value (0-dim, exp(theta)
  // where positive), carrying the gradient to theta.
  std::map<std::string, torch::Tensor> unknown_values() const;
  // theta of each unknown, in options().unknowns order.
  const std::vector<torch::Tensor>& unknown_parameters() const { return unknowns_; }

  // Maps inputs from the configured box onto [-1, 1]: (x - input_shift) * input_scale.
  torch::Tensor normalize(const torch::Tensor& x) const;
  // What the first hidden layer reads: one column per feature, N x features.
  torch::Tensor features(const torch::Tensor& x) const;
  const std::vector<InputFeature>& input_features() const { return layout_.columns(); }
  const InputLayout& input_layout() const { return layout_; }
  // B of the Fourier features, [features x inputs read]; undefined without them.
  const torch::Tensor& fourier_frequencies() const { return fourier_; }
  const torch::Tensor& input_shift() const { return input_shift_; }
  const torch::Tensor& input_scale() const { return input_scale_; }

 private:
  torch::Tensor raw_slope(int64_t k) const;

  NetworkOptions options_;
  const Activation* activation_;
  std::vector<torch::nn::Linear> hidden_;
  torch::nn::Linear output_{nullptr};
  std::vector<torch::Tensor> slopes_;             // one per hidden layer; shared in global mode
  std::vector<torch::Tensor> activation_params_;  // prelu's w per hidden layer
  torch::Tensor input_shift_, input_scale_;       // buffers of the input normalisation
  InputLayout layout_;
  torch::Tensor fourier_;                  // buffer B, when Fourier features are on
  std::vector<torch::Tensor> log_scales_;  // s per hidden layer, when factorised
  torch::Tensor output_log_scale_;
  std::vector<torch::Tensor> unknowns_;  // "unknown_<name>", after every layer
};

TORCH_MODULE(Mlp);

}  // namespace pinn
