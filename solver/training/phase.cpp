#include "solver/training/phase.h"

#include <cmath>
#include <stdexcept>

#include "solver/common/require.h"
#include "solver/common/text.h"

namespace pinn {

const std::vector<std::string>& phase_optimizer_names() {
  static const std::vector<std::string> names = {"adam", "bfgs", "lbfgs", "ssbfgs", "ssbroyden"};
  return names;
}

PhaseOptimizer parse_phase_optimizer(const std::string& name) {
  if (name == "adam") return PhaseOptimizer::Adam;
  if (name == "lbfgs") return PhaseOptimizer::Lbfgs;
  if (name == "bfgs") return PhaseOptimizer::Bfgs;
  if (name == "ssbfgs") return PhaseOptimizer::SsBfgs;
  if (name == "ssbroyden") return PhaseOptimizer::SsBroyden;
  throw std::invalid_argument("unknown optimizer '" + name +
                              "'; valid: " + join(phase_optimizer_names()));
}

std::string to_string(PhaseOptimizer optimizer) {
  switch (optimizer) {
    case PhaseOptimizer::Adam:
      return "adam";
    case PhaseOptimizer::Lbfgs:
      return "lbfgs";
    case PhaseOptimizer::Bfgs:
      return "bfgs";
    case PhaseOptimizer::SsBfgs:
      return "ssbfgs";
    case PhaseOptimizer::SsBroyden:
      return "ssbroyden";
  }
  return "unknown";
}

bool is_dense_quasi_newton(PhaseOptimizer optimizer) {
  return optimizer == PhaseOptimizer::Bfgs || optimizer == PhaseOptimizer::SsBfgs ||
         optimizer == PhaseOptimizer::SsBroyden;
}

const std::vector<std::string>& loss_transform_names() {
  static const std::vector<std::string> names = {"log", "none", "sqrt"};
  return names;
}

LossTransform parse_loss_transform(const std::string& name) {
  if (name == "none") return LossTransform::None;
  if (name == "sqrt") return LossTransform::Sqrt;
  if (name == "log") return LossTransform::Log;
  throw std::invalid_argument("unknown loss transform '" + name + "'; valid: log, none, sqrt");
}

std::string to_string(LossTransform transform) {
  switch (transform) {
    case LossTransform::None:
      return "none";
    case LossTransform::Sqrt:
      return "sqrt";
    case LossTransform::Log:
      return "log";
  }
  return "unknown";
}

void PhaseOptions::validate(const std::string& where) const {
  const auto field = [&](const char* name) { return where + "." + name; };
  require(iterations >= 0, field("iterations"), std::to_string(iterations), "must be >= 0");
  require(std::isfinite(lr) && lr > 0, field("lr"), format_g(lr), "must be > 0");
  require(beta1 >= 0 && beta1 < 1, field("betas[0]"), format_g(beta1), "must be in [0, 1)");
  require(beta2 >= 0 && beta2 < 1, field("betas[1]"), format_g(beta2), "must be in [0, 1)");
  require(eps > 0, field("eps"), format_g(eps), "must be > 0");
  require(decay_rate > 0 && decay_rate <= 1, field("decay.rate"), format_g(decay_rate),
          "must be in (0, 1]");
  require(decay_every >= 0, field("decay.every"), std::to_string(decay_every), "must be >= 0");
  require(history >= 1, field("history"), std::to_string(history), "must be >= 1");
  require(tolerance_grad >= 0, field("tolerance_grad"), format_g(tolerance_grad), "must be >= 0");
  require(c1 > 0 && c1 < 1, field("c1"), format_g(c1), "must be in (0, 1)");
  require(c2 > c1 && c2 < 1, field("c2"), format_g(c2), "must be in (c1, 1)");
}

std::vector<PhaseOptions> default_phases() { return {PhaseOptions{}}; }

std::string describe(const PhaseOptions& p) {
  std::string out =
      "{optimizer: " + to_string(p.optimizer) + ", iterations: " + std::to_string(p.iterations);
  switch (p.optimizer) {
    case PhaseOptimizer::Adam:
      out += ", lr: " + format_g(p.lr) + ", betas: [" + format_g(p.beta1) + ", " +
             format_g(p.beta2) + "], eps: " + format_g(p.eps);
      if (p.decay_every > 0) {
        out += ", decay: {rate: " + format_g(p.decay_rate) +
               ", every: " + std::to_string(p.decay_every) + "}";
      }
      break;
    case PhaseOptimizer::Lbfgs:
      out += ", history: " + std::to_string(p.history) +
             ", tolerance_grad: " + format_g(p.tolerance_grad);
      break;
    default:
      out += ", tolerance_grad: " + format_g(p.tolerance_grad) + ", c1: " + format_g(p.c1) +
             ", c2: " + format_g(p.c2) + ", loss_transform: " + to_string(p.loss_transform);
      break;
  }
  return out + "}";
}

}  // namespace pinn
