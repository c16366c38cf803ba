#include "solver/network/network_options.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "solver/common/require.h"
#include "solver/common/text.h"
#include "solver/network/activation.h"

namespace pinn {

const std::vector<std::string>& adaptive_mode_names() {
  static const std::vector<std::string> names = {"fixed", "global", "layer", "neuron"};
  return names;
}

AdaptiveMode parse_adaptive_mode(const std::string& name) {
  if (name == "fixed") return AdaptiveMode::Fixed;
  if (name == "global") return AdaptiveMode::Global;
  if (name == "layer") return AdaptiveMode::Layer;
  if (name == "neuron") return AdaptiveMode::Neuron;
  throw std::invalid_argument("unknown adaptive mode '" + name +
                              "'; valid modes: " + join(adaptive_mode_names()));
}

std::string to_string(AdaptiveMode mode) {
  return adaptive_mode_names().at(static_cast<size_t>(mode));
}

const std::vector<std::string>& init_names() {
  static const std::vector<std::string> names = {
      "kaiming_normal", "kaiming_uniform", "xavier_normal", "xavier_uniform", "pytorch_default"};
  return names;
}

const std::vector<std::string>& slope_init_names() {
  static const std::vector<std::string> names = {"constant", "xavier_uniform"};
  return names;
}

std::vector<int64_t> NetworkOptions::fourier_inputs() const {
  if (!fourier.inputs.empty()) return fourier.inputs;
  std::vector<int64_t> read;
  for (int64_t i = 0; i < inputs; ++i) {
    if (std::find(periodic.begin(), periodic.end(), i) == periodic.end()) read.push_back(i);
  }
  return read;
}

namespace {

void validate_fourier(const NetworkOptions& o) {
  const auto& f = o.fourier;
  require(f.features >= 1, "fourier.features", std::to_string(f.features), "must be >= 1");
  require(std::isfinite(f.scale) && f.scale > 0, "fourier.scale", std::to_string(f.scale),
          "must be finite and > 0");
  for (size_t i = 0; i < f.inputs.size(); ++i) {
    const auto key = "fourier.inputs[" + std::to_string(i) + "]";
    const auto input = f.inputs[i];
    require(input >= 0 && input < o.inputs, key, std::to_string(input),
            "must be an input index below " + std::to_string(o.inputs));
    require(std::count(f.inputs.begin(), f.inputs.begin() + i, input) == 0, key,
            std::to_string(input), "must not repeat an input");
    // Random frequencies would break the exact periodicity those features give.
    require(std::count(o.periodic.begin(), o.periodic.end(), input) == 0, key,
            std::to_string(input), "is periodic; Fourier features read non-periodic inputs only");
  }
  require(!o.fourier_inputs().empty(), "fourier.inputs", "[]",
          "names no input: every input is periodic");
}

void validate_slope_init(const NetworkOptions& o) {
  const auto& s = o.slope_init;
  const auto& names = slope_init_names();
  require(std::find(names.begin(), names.end(), s.method) != names.end(), "slope_init.method",
          s.method, "must be one of " + join(names));
  require(std::isfinite(s.gain) && s.gain > 0, "slope_init.gain", std::to_string(s.gain),
          "must be finite and > 0");
  if (!s.drawn()) return;
  require(o.mode != AdaptiveMode::Fixed, "slope_init.method", s.method,
          "draws slopes, but mode fixed has none");
  if (o.mode == AdaptiveMode::Neuron) {
    // One (layers x width) matrix, as PINNacle draws it.
    for (size_t k = 1; k < o.hidden.size(); ++k) {
      require(o.hidden[k] == o.hidden[0], "slope_init.method", s.method,
              "draws neuron slopes as one (layers x width) matrix, which needs every hidden "
              "layer of the same width; hidden[" +
                  std::to_string(k) + "] = " + std::to_string(o.hidden[k]) +
                  ", hidden[0] = " + std::to_string(o.hidden[0]));
    }
  }
}

}  // namespace

void NetworkOptions::validate() const {
  require(inputs >= 1, "inputs", std::to_string(inputs), "must be >= 1");
  require(outputs >= 1, "outputs", std::to_string(outputs), "must be >= 1");
  require(!hidden.empty(), "hidden", "[]", "needs at least one hidden layer");
  for (size_t k = 0; k < hidden.size(); ++k) {
    require(hidden[k] >= 1, "hidden[" + std::to_string(k) + "]", std::to_string(hidden[k]),
            "must be >= 1");
  }
  find_activation(activation);
  bool known_init = false;
  for (const auto& n : init_names()) known_init |= (n == init);
  require(known_init, "init", init, "must be one of " + join(init_names()));
  require(std::isfinite(scale) && scale >= 1.0, "scale", std::to_string(scale),
          "must be >= 1 (the paper's n)");
  require(input_lo.size() == static_cast<size_t>(inputs) && input_hi.size() == input_lo.size(),
          "input box", std::to_string(input_lo.size()) + " bounds",
          "needs one lower and upper bound per input");
  for (size_t i = 0; i < input_lo.size(); ++i) {
    require(input_lo[i] < input_hi[i], "input box[" + std::to_string(i) + "]",
            std::to_string(input_lo[i]) + ".." + std::to_string(input_hi[i]),
            "lower bound must be < upper bound");
  }
  for (size_t i = 0; i < periodic.size(); ++i) {
    const auto key = "periodic[" + std::to_string(i) + "]";
    require(periodic[i] >= 0 && periodic[i] < inputs, key, std::to_string(periodic[i]),
            "must be an input index below " + std::to_string(inputs));
    for (size_t j = 0; j < i; ++j) {
      require(periodic[j] != periodic[i], key, std::to_string(periodic[i]),
              "must not repeat an input");
    }
  }
  validate_slope_init(*this);
  if (fourier.enabled()) validate_fourier(*this);
  if (factorization.enabled) {
    require(std::isfinite(factorization.mean), "factorization.mean",
            std::to_string(factorization.mean), "must be finite");
    require(std::isfinite(factorization.std) && factorization.std >= 0, "factorization.std",
            std::to_string(factorization.std), "must be finite and >= 0");
  }
  for (const auto& u : unknowns) {
    const auto key = "unknowns." + u.name;
    require(std::isfinite(u.initial), key + ".initial", std::to_string(u.initial),
            "must be finite");
    require(!u.positive || u.initial > 0, key + ".initial", std::to_string(u.initial),
            "must be > 0 where positive: true (the value is trained as exp(theta))");
    require(std::isfinite(u.lr) && u.lr >= 0, key + ".lr", std::to_string(u.lr), "must be >= 0");
  }
}

}  // namespace pinn
