#pragma once
// Collects the training history: losses per term, the error against the
// reference, and the effective slopes n*a of every hidden layer.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "solver/network/mlp.h"
#include "solver/training/record.h"

namespace pinn {

struct History {
  std::vector<int64_t> iteration;
  std::vector<std::string> phase;
  std::vector<double> time_s;
  std::vector<double> loss;
  // The weighted problem terms (loss without the slope-recovery term): what variants
  // with and without slope recovery are compared by. Empty in results written before it.
  std::vector<double> problem_loss;
  std::vector<std::string> term_names;
  std::vector<std::vector<double>> term_loss;  // [term][record]
  std::vector<double> rel_l2;                  // NaN where no reference exists
  // [layer][record * width + neuron]; width 1 in fixed (always 1), global and layer modes.
  std::vector<std::vector<double>> slopes;
  std::vector<int64_t> slope_widths;
  // The coefficients trained as unknowns: [unknown][record] value (exp(theta) where positive).
  std::vector<std::string> unknown_names;
  std::vector<std::vector<double>> unknown_values;
  // With training.balance: per problem term, its factor (grad_norm, ntk) or mean point
  // weight (rba) at each record, [term][record]. Empty otherwise.
  std::vector<std::string> weight_names;
  std::vector<std::vector<double>> term_weight;
  // With training.causal: the smallest time-bin weight and epsilon at each record.
  std::vector<double> causal_min_weight;
  std::vector<double> causal_epsilon;
  // Time marching (training.windows): the window of each record; empty without windows.
  std::vector<int64_t> window;
};

// Per hidden layer, its effective slope n*a in the last record, or where it has one per
// neuron the mean of their magnitudes |n*a| (NaN for a layer with no record): a
// neuron's sign only flips its row of weights (sigma(-c z) = sigma(c (-z))), so signed
// slopes, as drawn ones are, would cancel in the mean and hide the steepness.
std::vector<double> final_layer_slopes(const History& history);

class HistoryRecorder : public TrainingObserver {
 public:
  // `error` gives the current relative L2 error (NaN without a reference).
  HistoryRecorder(Mlp net, std::vector<std::string> term_names, std::function<double()> error);

  void on_record(const TrainingRecord& record) override;
  // Drops the records from `iteration` on.
  void on_rollback(int64_t iteration) override;
  const History& history() const { return history_; }
  // Continues from a checkpoint's history (same terms and layers).
  void restore(History history);
  double last_error() const { return last_error_; }
  // Time marching: the records from here on belong to `window`, and a rollback keeps every
  // record of the windows before it (their last iteration may equal this window's first).
  void begin_window(int64_t window);

 private:
  Mlp net_;
  std::function<double()> error_;
  History history_;
  double last_error_;
  int64_t window_ = -1;  // -1: a run without windows
  size_t window_first_record_ = 0;
};

}  // namespace pinn
