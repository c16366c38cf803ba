#pragma once
// For tests that interrupt a run and resume it: an observer that asks training to stop at
// an iteration, as a signal would, and the comparison of a resumed run with an
// uninterrupted one.

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <vector>

#include "solver/io/result.h"
#include "solver/training/record.h"

namespace pinn::testing {

// Asks training to stop once it has reached `iteration`, as a signal would.
class StopAt : public TrainingObserver {
 public:
  StopAt(int64_t iteration, std::atomic<bool>& stop) : iteration_(iteration), stop_(stop) {}
  void on_record(const TrainingRecord& record) override { check(record.iteration); }
  void on_step(const TrainingRecord& step) override { check(step.iteration); }

 private:
  void check(int64_t iteration) {
    if (iteration >= iteration_) stop_ = true;
  }
  int64_t iteration_;
  std::atomic<bool>& stop_;
};

// Equal to the last bit, NaN included (the nodes a shape masks, errors without a reference).
inline bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

// Every recorded figure, the solution and the metrics: equal to the last bit.
// Only the clock (time_s, wall_time_s) may differ.
inline void expect_identical(const ResultData& a, const ResultData& b) {
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.history.iteration, b.history.iteration);
  EXPECT_EQ(a.history.phase, b.history.phase);
  EXPECT_EQ(a.history.loss, b.history.loss);
  EXPECT_EQ(a.history.problem_loss, b.history.problem_loss);
  EXPECT_EQ(a.history.term_names, b.history.term_names);
  EXPECT_EQ(a.history.term_loss, b.history.term_loss);
  EXPECT_TRUE(same_bits(a.history.rel_l2, b.history.rel_l2));
  EXPECT_EQ(a.history.slopes, b.history.slopes);
  EXPECT_EQ(a.history.unknown_names, b.history.unknown_names);
  EXPECT_EQ(a.history.unknown_values, b.history.unknown_values);
  EXPECT_EQ(a.history.weight_names, b.history.weight_names);
  EXPECT_EQ(a.history.term_weight, b.history.term_weight);
  EXPECT_EQ(a.history.causal_min_weight, b.history.causal_min_weight);
  EXPECT_EQ(a.history.causal_epsilon, b.history.causal_epsilon);
  EXPECT_EQ(a.training.term_weights, b.training.term_weights);
  EXPECT_EQ(a.training.causal_weights, b.training.causal_weights);
  ASSERT_EQ(a.metrics.unknowns.size(), b.metrics.unknowns.size());
  for (size_t i = 0; i < a.metrics.unknowns.size(); ++i) {
    EXPECT_EQ(a.metrics.unknowns[i].value, b.metrics.unknowns[i].value);
  }
  EXPECT_TRUE(same_bits(a.solution.fields.at(0).values, b.solution.fields.at(0).values));
  EXPECT_EQ(a.metrics.final_loss, b.metrics.final_loss);
  EXPECT_TRUE(same_bits({a.metrics.rel_l2}, {b.metrics.rel_l2}));
  EXPECT_EQ(a.metrics.iterations, b.metrics.iterations);
}

}  // namespace pinn::testing
