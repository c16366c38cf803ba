#pragma once
// Options of the multilayer perceptron with adaptive activations.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace pinn {

class OutputTransform;  // network/output_transform.h

// Where the trainable slope a of sigma(n * a * z) lives (Jagtap et al. 2020).
enum class AdaptiveMode {
  Fixed,   // no slope: sigma(z)
  Global,  // one a shared by every hidden layer
  Layer,   // one a_k per hidden layer
  Neuron,  // one a_i^k per neuron of every hidden layer
};

AdaptiveMode parse_adaptive_mode(const std::string& name);  // throws listing valid names
std::string to_string(AdaptiveMode mode);
const std::vector<std::string>& adaptive_mode_names();

const std::vector<std::string>& init_names();  // weight initialisations

// A problem coefficient trained with the network from observations (config
// `unknowns`): a parameter theta of shape [1], the value exp(theta) when it must
// stay positive, else theta itself.
struct UnknownOptions {
  std::string name;
  double initial = 0;
  bool positive = false;
  double lr = 0;  // Adam's learning rate for it; 0: the phase's
};

// Random Fourier features (Tancik et al. 2020): the first layer reads
// [cos(B x'), sin(B x')] of the normalised inputs it names, B (features x inputs
// read) drawn once from N(0, scale^2) with `seed` and kept fixed.
struct FourierOptions {
  int64_t features = 0;         // m, giving 2 m columns; 0: no Fourier features
  double scale = 1.0;           // sigma
  std::vector<int64_t> inputs;  // the inputs B reads; empty: every non-periodic input
  uint64_t seed = 0;
  bool seeded = false;  // seed set by the config; else the run's seed fills it in

  bool enabled() const { return features > 0; }
};

// Random weight factorisation (Wang et al. 2023): every dense layer's weight is
// W = diag(exp(s)) V with s drawn from N(mean, std) per output neuron, V = W_init / exp(s).
struct FactorizationOptions {
  bool enabled = false;
  double mean = 1.0;
  double std = 0.1;
};

// How the slopes a start. constant: a = 1/n, so that n * a = 1. xavier_uniform: the
// slopes as a matrix drawn as torch.nn.init.xavier_uniform_ draws one, the set-up of
// PINNacle's LAAF (Hao et al. 2024): (hidden layers x width) in neuron mode, (layers x
// 1) in layer mode, (1 x 1) in global mode, a ~ U(-b, b) with b = gain sqrt(6 / (rows +
// columns)). Slopes may then be negative or zero: sigma(c z) with c < 0 is sigma(|c| z')
// with the layer's row of W and b negated, so |n a| is the steepness.
struct SlopeInitOptions {
  std::string method = "constant";  // one of slope_init_names()
  double gain = 1.4;                // b's factor (xavier_uniform)
  uint64_t seed = 0;                // of the draw's own generator; the run's seed fills it in

  bool drawn() const { return method != "constant"; }
};

const std::vector<std::string>& slope_init_names();

struct NetworkOptions {
  int64_t inputs = 1;
  int64_t outputs = 1;
  std::vector<int64_t> hidden = {20, 20, 20};  // widths of the hidden layers
  std::string activation = "tanh";
  // One of init_names(); biases start at zero except with pytorch_default.
  std::string init = "xavier_normal";
  AdaptiveMode mode = AdaptiveMode::Fixed;
  // The paper's scale factor n >= 1; a starts at 1/n so that n * a = 1 (slope_init constant).
  double scale = 1.0;
  SlopeInitOptions slope_init;
  // Input box, mapped affinely onto [-1, 1]^inputs before the first layer.
  std::vector<double> input_lo;
  std::vector<double> input_hi;
  // Inputs fed to the first layer as cos(pi x'), sin(pi x') of their normalised
  // value x' in [-1, 1] instead of x' itself: the network is then periodic in
  // them with the box's length as period, with every derivative.
  std::vector<int64_t> periodic;
  FourierOptions fourier;
  FactorizationOptions factorization;
  std::vector<UnknownOptions> unknowns;
  // The outputs as formulas of the inputs and the last layer's raw outputs (exact
  // conditions), or none: the outputs are the last layer's.
  std::shared_ptr<const OutputTransform> transform;

  // The inputs Fourier features read: fourier.inputs, or every non-periodic input.
  std::vector<int64_t> fourier_inputs() const;

  // Throws std::invalid_argument naming the field, its value and the rule broken.
  void validate() const;
};

}  // namespace pinn
