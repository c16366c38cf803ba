#pragma once
// One entry of the training history, as observers see it.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace pinn {

struct TrainingRecord {
  std::string phase;             // the optimizer: adam, lbfgs, bfgs, ssbfgs, ssbroyden
  int64_t iteration = 0;         // counted across phases
  int64_t total_iterations = 0;  // planned, for progress display
  double time_s = 0;             // since training started
  double loss = 0;               // weighted total
  double problem_loss = 0;       // the weighted problem terms: loss without W_a S(a)
  std::vector<double> terms;     // unweighted, in Loss::term_names() order
  // With training.balance: per problem term its factor (grad_norm, ntk) or mean point
  // weight (rba); empty otherwise.
  std::vector<double> weights;
  // With training.causal: the smallest time-bin weight and epsilon; NaN otherwise.
  double causal_min_weight = std::numeric_limits<double>::quiet_NaN();
  double causal_epsilon = std::numeric_limits<double>::quiet_NaN();
};

enum class TrainingStatus { Completed, Interrupted, Diverged };
std::string to_string(TrainingStatus status);

struct TrainingOutcome {
  TrainingStatus status = TrainingStatus::Completed;
  std::string message;     // why training stopped early, if it did
  int64_t iterations = 0;  // iterations carried out
  double final_loss = 0;
  double wall_time_s = 0;
  int64_t rollbacks = 0;              // returns to an earlier state after divergence
  std::vector<int64_t> phase_starts;  // the iteration each phase began at (phases begun)
  std::vector<int64_t> resampled_at;  // iterations where point sets were redrawn
  // The loss weights at the end: term factors (grad_norm, ntk) and time-bin weights.
  std::vector<double> term_weights;
  std::vector<double> causal_weights;
};

// Receives records every log_every iterations and at the end.
class TrainingObserver {
 public:
  virtual ~TrainingObserver() = default;
  virtual void on_record(const TrainingRecord& record) = 0;
  // Called after every iteration with the total loss only (terms empty): cheap
  // enough for a live display.
  virtual void on_step(const TrainingRecord& step) { (void)step; }
  // Training went back to the state at `iteration`: records from there on are void.
  virtual void on_rollback(int64_t iteration) { (void)iteration; }
  // Something worth a line in the log: a reset of a quasi-Newton matrix, a phase
  // that ended early, a resampling.
  virtual void on_note(const std::string& text) { (void)text; }
};

}  // namespace pinn
