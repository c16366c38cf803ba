#pragma once
// Adam, then L-BFGS with a strong-Wolfe line search; either phase may be empty.

#include <atomic>
#include <vector>

#include "solver/training/loss.h"
#include "solver/training/record.h"

namespace pinn {

struct TrainerOptions {
  int64_t adam_iterations = 1000;
  double adam_lr = 1e-3;
  int64_t lbfgs_iterations = 0;
  int64_t lbfgs_history = 50;
  // L-BFGS stops early when the largest gradient entry falls below this.
  double lbfgs_tolerance_grad = 1e-10;
  int64_t log_every = 100;

  // Throws std::invalid_argument naming the field, its value and the rule broken.
  void validate() const;
};

class Trainer {
 public:
  Trainer(TrainerOptions options, std::vector<TrainingObserver*> observers);

  // Trains the network's parameters (slopes included). A stop request (set from
  // a signal handler, say) ends training after the current step as Interrupted.
  TrainingOutcome run(const Loss& loss, const std::atomic<bool>* stop_requested = nullptr);

 private:
  TrainerOptions options_;
  std::vector<TrainingObserver*> observers_;
};

}  // namespace pinn
