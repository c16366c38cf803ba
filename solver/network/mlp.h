#pragma once
// Fully connected network with (adaptive) activations sigma(n * a * z).
//
// Slopes are ordinary trainable parameters registered on the module, so
// optimizers update them and saved state holds them: "slope" in global mode,
// "slope_<k>" per hidden layer k (shape [1] for layer, [width_k] for neuron).

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include <map>
#include <string>
#include <vector>

#include "solver/network/activation.h"
#include "solver/network/network_options.h"
#include "solver/network/output_transform.h"

namespace pinn {

// A column the first hidden layer reads, from input `input` normalised to
// x' = (x - shift) scale in [-1, 1]: x' itself, or for a periodic input
// sin(pi x' + phase), with phase pi/2 (the cosine) and 0 (the sine).
struct InputFeature {
  int64_t input = 0;
  bool periodic = false;
  double phase = 0;
};

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
  const std::vector<InputFeature>& input_features() const { return features_; }
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
  std::vector<InputFeature> features_;
  std::vector<torch::Tensor> unknowns_;  // "unknown_<name>", after every layer
};

TORCH_MODULE(Mlp);

}  // namespace pinn
