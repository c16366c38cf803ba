#pragma once
// One function per kind of phase. Each runs the current phase of `run` from
// run.iteration_ to the phase's last iteration (or until it converges, stalls,
// is interrupted or diverges), recording, checkpointing and resampling at
// iteration boundaries; an interrupted phase leaves a checkpoint of its state.

#include "solver/training/training_run.h"

namespace pinn {

void run_adam_phase(TrainingRun& run);
void run_lbfgs_phase(TrainingRun& run);
// bfgs, ssbfgs and ssbroyden.
void run_quasi_newton_phase(TrainingRun& run);

}  // namespace pinn
