#include <ATen/ATen.h>
#include <torch/autograd.h>

#include <cmath>
#include <limits>

#include "solver/optim/dense_quasi_newton.h"
#include "solver/training/phase_runners.h"

namespace pinn {
namespace {

optim::QuasiNewtonUpdate update_of(PhaseOptimizer optimizer) {
  switch (optimizer) {
    case PhaseOptimizer::Bfgs:
      return optim::QuasiNewtonUpdate::Bfgs;
    case PhaseOptimizer::SsBfgs:
      return optim::QuasiNewtonUpdate::SsBfgs;
    default:
      return optim::QuasiNewtonUpdate::SsBroyden;
  }
}

// The parameters as one float64 vector x (the minimiser's master copy: in a
// float32 run the network holds x rounded), and back.
class FlatParameters {
 public:
  explicit FlatParameters(const std::vector<at::Tensor>& params) : params_(params) {
    for (const auto& p : params_) size_ += p.numel();
  }
  Eigen::Index size() const { return size_; }

  Eigen::VectorXd values() const {
    Eigen::VectorXd x(size_);
    gather(x, [](const at::Tensor& p) { return p.detach(); });
    return x;
  }
  void assign(const Eigen::VectorXd& x) const {
    torch::NoGradGuard no_grad;
    int64_t offset = 0;
    for (const auto& p : params_) {
      auto source = at::from_blob(const_cast<double*>(x.data()) + offset, p.sizes(),
                                  at::TensorOptions().dtype(at::kDouble));
      p.copy_(source);
      offset += p.numel();
    }
  }
  void gradient(Eigen::VectorXd& g) const {
    g.resize(size_);
    gather(g,
           [](const at::Tensor& p) { return p.grad().defined() ? p.grad() : at::zeros_like(p); });
  }

 private:
  template <typename Pick>
  void gather(Eigen::VectorXd& out, Pick pick) const {
    std::vector<at::Tensor> flat;
    for (const auto& p : params_) flat.push_back(pick(p).reshape(-1));
    const auto joined = at::cat(flat).to(at::kCPU, at::kDouble).contiguous();
    std::copy(joined.data_ptr<double>(), joined.data_ptr<double>() + size_, out.data());
  }

  const std::vector<at::Tensor>& params_;
  Eigen::Index size_ = 0;
};

// f = T(L) and its gradient T'(L) dL, for the phase's loss transform.
double transformed(LossTransform transform, double loss, Eigen::VectorXd& gradient) {
  switch (transform) {
    case LossTransform::None:
      return loss;
    case LossTransform::Sqrt: {
      const double root = std::sqrt(loss);
      gradient /= 2 * root;
      return root;
    }
    case LossTransform::Log:
      gradient /= loss;
      return std::log(loss);
  }
  return loss;
}

}  // namespace

void run_quasi_newton_phase(TrainingRun& run) {
  const auto& phase = run.phase();
  const FlatParameters flat(run.params());
  optim::DenseQuasiNewtonOptions options;
  options.update = update_of(phase.optimizer);
  options.line_search.c1 = phase.c1;
  options.line_search.c2 = phase.c2;
  options.tolerance_grad = phase.tolerance_grad;
  options.threads = run.options().threads;
  optim::DenseQuasiNewton qn(flat.size(), options);

  LossValues values;  // at the minimiser's current x
  LossValues trial;   // of the objective's latest evaluation
  Eigen::VectorXd g;
  // The transformed loss and gradient at x; false where either is not finite.
  const auto evaluate_here = [&](LossValues& v, bool trial_step) {
    const bool finite = trial_step ? run.evaluate_trial(v) : run.evaluate(v);
    if (!finite) return false;
    flat.gradient(g);
    return true;
  };
  const optim::Objective objective = [&](const Eigen::VectorXd& x, Eigen::VectorXd& gradient) {
    flat.assign(x);
    if (!evaluate_here(trial, true)) {
      gradient.setConstant(x.size(), std::numeric_limits<double>::quiet_NaN());
      return std::numeric_limits<double>::infinity();
    }
    gradient = g;
    return transformed(phase.loss_transform, trial.total.item<double>(), gradient);
  };

  if (const auto* resumed = run.resuming()) {
    qn.restore(resumed->optimizer);
    flat.assign(qn.state().x);
    if (!evaluate_here(values, false)) return;
  } else {
    const Eigen::VectorXd x = flat.values();
    if (!evaluate_here(values, false)) return;
    const double f = transformed(phase.loss_transform, values.total.item<double>(), g);
    qn.start(x, f, g);
  }

  const int64_t last = run.phase_last_iteration();
  while (run.iteration_ < last && !run.stopped()) {
    const bool resampled = run.maybe_resample();
    if (run.maybe_update_weights() || resampled) {
      // A new loss at the same x; H carries over, as in the papers.
      if (!evaluate_here(values, false)) break;
      qn.refresh(transformed(phase.loss_transform, values.total.item<double>(), g), g);
    }
    run.maybe_record(values);
    const auto report = qn.iterate(objective);
    if (report.reset) run.note("H reset to the identity", report.note);
    if (report.update_skipped) run.note("update skipped", report.note);
    if (report.outcome != optim::IterationReport::Outcome::Moved) {
      // The line search's trials moved the network: back to x.
      flat.assign(qn.state().x);
      run.note(report.outcome == optim::IterationReport::Outcome::Converged
                   ? "stopped: gradient below tolerance_grad"
                   : "stopped: no progress",
               report.note);
      break;
    }
    values = trial;
    run.progress(++run.iteration_);
    if (run.checkpoint_due()) run.checkpoint(false, qn.serialize());
  }
  if (run.interrupted() && !run.interrupt_saved()) run.checkpoint(true, qn.serialize());
}

}  // namespace pinn
