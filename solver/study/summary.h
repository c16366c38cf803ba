#pragma once
// Per-variant statistics over seeds: final loss and error (mean, spread), how
// soon the loss falls below each threshold, and the slopes training ended with.

#include <cstdint>
#include <string>
#include <vector>

#include "solver/io/result.h"

namespace pinn::study {

// Losses here are the problem's weighted terms without the slope-recovery term
// (History::problem_loss), so that variants with and without it compare.
// An identified coefficient over the runs of one variant: its final value and,
// where the truth is known, its relative error.
struct UnknownSummary {
  std::string name;
  double mean = 0, std = 0, min = 0, max = 0;
  double error_mean = 0, error_std = 0, error_min = 0, error_max = 0;  // NaN: truth unknown
};

// Another error of the runs of one variant: a field's (rel_l2_v, rel_l2_h; test_rel_l2_v at
// test points) where a result has several fields, or a profile metric
// (max_centreline_error).
struct MetricSummary {
  std::string name;
  double mean = 0, std = 0, min = 0, max = 0;
};

struct VariantSummary {
  std::string variant;
  int64_t runs = 0;      // completed runs (seeds): the statistics cover these
  int64_t diverged = 0;  // runs whose loss became non-finite, left out of the statistics
  double final_loss_mean = 0, final_loss_std = 0;
  // The runs' errors: at the test points where the problem has them (L2RE), else on the
  // grid (Metrics::judged_rel_l2).
  double rel_l2_mean = 0, rel_l2_std = 0, rel_l2_min = 0, rel_l2_max = 0;
  double wall_time_mean = 0;
  // Per threshold: over the runs whose loss fell below it, the mean first iteration and
  // time at which a record shows it below (NaN when none did), and how many did.
  std::vector<double> iteration_to_threshold;
  std::vector<double> time_to_threshold;
  std::vector<int64_t> reached;
  // Per hidden layer: the final effective slope n*a (over a layer's neurons the mean of
  // |n*a|, final_layer_slopes), averaged over runs.
  std::vector<double> final_slopes;
  // Every recorded slope of every completed run is exactly 1: a fixed activation, whose
  // slopes say nothing (the table shows "-").
  bool fixed_slopes = false;
  std::vector<UnknownSummary> unknowns;  // in the runs' order of unknowns
  std::vector<MetricSummary> metrics;    // in the first run's order
};

// Statistics of one variant's completed runs; diverged ones are only counted. Standard
// deviations are the sample ones (n - 1), NaN for a single run; everything is NaN
// without a completed run.
VariantSummary summarize(const std::string& variant, const std::vector<const ResultData*>& runs,
                         const std::vector<double>& thresholds);

// The summary as a Markdown table, one row per variant. A threshold no run of any
// variant reached gets no column, nor do the slopes where every variant's are fixed.
std::string markdown_table(const std::vector<VariantSummary>& summaries,
                           const std::vector<double>& thresholds);

}  // namespace pinn::study
