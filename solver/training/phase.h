#pragma once
// One phase of training: an optimizer, how many iterations it runs, and its own
// settings. Training is a list of phases run in order (README, "training.phases").

#include <cstdint>
#include <string>
#include <vector>

namespace pinn {

enum class PhaseOptimizer { Adam, Lbfgs, Bfgs, SsBfgs, SsBroyden };

PhaseOptimizer parse_phase_optimizer(const std::string& name);  // throws listing the names
std::string to_string(PhaseOptimizer optimizer);
const std::vector<std::string>& phase_optimizer_names();
// bfgs, ssbfgs, ssbroyden: a dense P x P inverse-Hessian approximation.
bool is_dense_quasi_newton(PhaseOptimizer optimizer);

// What a dense quasi-Newton phase minimises: the loss L itself, sqrt(L) or log(L)
// (the history records L either way).
enum class LossTransform { None, Sqrt, Log };
LossTransform parse_loss_transform(const std::string& name);
std::string to_string(LossTransform transform);
const std::vector<std::string>& loss_transform_names();

struct PhaseOptions {
  PhaseOptimizer optimizer = PhaseOptimizer::Adam;
  int64_t iterations = 1000;

  // adam
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  // Exponential decay: lr * decay_rate^floor(k / decay_every) at the phase's
  // iteration k; decay_every 0 keeps lr constant.
  double decay_rate = 1.0;
  int64_t decay_every = 0;

  // lbfgs
  int64_t history = 50;

  // lbfgs and the dense methods: the phase ends when the largest gradient entry
  // falls below this.
  double tolerance_grad = 1e-10;

  // the dense methods: the strong-Wolfe line search's constants, and the transform.
  double c1 = 1e-4;
  double c2 = 0.9;
  LossTransform loss_transform = LossTransform::None;

  // Throws std::invalid_argument naming the field (prefixed by `where`, e.g.
  // "phases[1]"), its value and the rule broken.
  void validate(const std::string& where = "phase") const;
};

// The default list: one Adam phase.
std::vector<PhaseOptions> default_phases();

// The phase's settings in flow YAML, the keys its optimizer reads only
// ("{optimizer: lbfgs, iterations: 5000, history: 50, tolerance_grad: 1e-10}").
std::string describe(const PhaseOptions& phase);

}  // namespace pinn
