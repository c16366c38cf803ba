#include <torch/optim/adam.h>

#include <cmath>

#include "solver/training/optimizer_state.h"
#include "solver/training/phase_runners.h"

namespace pinn {

namespace {

// One group for the network, one per unknown coefficient with its own rate
// (unknowns.<name>.lr); `base_rates` gets each group's rate before decay.
std::vector<torch::optim::OptimizerParamGroup> parameter_groups(const TrainingRun& run,
                                                                std::vector<double>& base_rates) {
  const auto& phase = run.phase();
  const auto& net = run.loss().net();
  const auto& unknowns = net->options().unknowns;
  const auto& thetas = net->unknown_parameters();
  auto options = [&](double lr) {
    return std::make_unique<torch::optim::AdamOptions>(
        torch::optim::AdamOptions(lr).betas({phase.beta1, phase.beta2}).eps(phase.eps));
  };
  std::vector<at::Tensor> shared;
  std::vector<torch::optim::OptimizerParamGroup> groups;
  for (const auto& p : run.params()) {
    bool own = false;
    for (size_t i = 0; i < thetas.size(); ++i)
      own = own || (p.is_same(thetas[i]) && unknowns[i].lr > 0);
    if (!own) shared.push_back(p);
  }
  groups.emplace_back(shared, options(phase.lr));
  base_rates = {phase.lr};
  for (size_t i = 0; i < thetas.size(); ++i) {
    if (unknowns[i].lr <= 0) continue;
    groups.emplace_back(std::vector<at::Tensor>{thetas[i]}, options(unknowns[i].lr));
    base_rates.push_back(unknowns[i].lr);
  }
  return groups;
}

}  // namespace

void run_adam_phase(TrainingRun& run) {
  const auto& phase = run.phase();
  std::vector<double> base_rates;
  torch::optim::Adam adam(
      parameter_groups(run, base_rates),
      torch::optim::AdamOptions(phase.lr).betas({phase.beta1, phase.beta2}).eps(phase.eps));
  if (const auto* resumed = run.resuming()) deserialize_optimizer(adam, resumed->optimizer);
  const int64_t last = run.phase_last_iteration();
  LossValues values;
  while (run.iteration_ < last && !run.stopped()) {
    run.maybe_resample();
    run.maybe_update_weights();
    const int64_t k = run.iteration_ - run.phase_first_iteration();
    const double decay =
        phase.decay_every > 0 ? std::pow(phase.decay_rate, double(k / phase.decay_every)) : 1.0;
    // Set every step: a loaded state carries the rate it was saved with.
    for (size_t g = 0; g < base_rates.size(); ++g) {
      static_cast<torch::optim::AdamOptions&>(adam.param_groups()[g].options())
          .lr(base_rates[g] * decay * run.lr_scale());
    }
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
