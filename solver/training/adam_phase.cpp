#include <torch/optim/adam.h>

#include <cmath>

#include "solver/training/optimizer_state.h"
#include "solver/training/phase_runners.h"

namespace pinn {

void run_adam_phase(TrainingRun& run) {
  const auto& phase = run.phase();
  torch::optim::Adam adam(
      run.params(),
      torch::optim::AdamOptions(phase.lr).betas({phase.beta1, phase.beta2}).eps(phase.eps));
  if (const auto* resumed = run.resuming()) deserialize_optimizer(adam, resumed->optimizer);
  auto& settings = static_cast<torch::optim::AdamOptions&>(adam.param_groups()[0].options());
  const int64_t last = run.phase_last_iteration();
  LossValues values;
  while (run.iteration_ < last && !run.stopped()) {
    run.maybe_resample();
    const int64_t k = run.iteration_ - run.phase_first_iteration();
    const double decay =
        phase.decay_every > 0 ? std::pow(phase.decay_rate, double(k / phase.decay_every)) : 1.0;
    // Set every step: a loaded state carries the rate it was saved with.
    settings.lr(phase.lr * decay * run.lr_scale());
    if (!run.evaluate(values)) break;
    run.maybe_record(values);
    adam.step();
    run.progress(++run.iteration_);
    if (run.checkpoint_due()) run.checkpoint(false, serialize_optimizer(adam));
  }
  if (run.interrupted() && !run.interrupt_saved()) {
    run.checkpoint(true, serialize_optimizer(adam));
  }
}

}  // namespace pinn
