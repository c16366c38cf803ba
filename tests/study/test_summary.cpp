// Per-variant statistics over seeds on synthetic histories, where every figure
// can be worked out by hand.

#include <gtest/gtest.h>

#include <cmath>

#include "solver/study/summary.h"

namespace pinn::study {
namespace {

// A run with records every 10 iterations, 0.5 s apart, the given losses, and one
// hidden layer of `width` neurons whose final slopes are `slopes`.
ResultData run(const std::vector<double>& losses, double rel_l2, double wall,
               const std::vector<double>& slopes, const std::string& status = "completed") {
  ResultData r;
  r.status = status;
  r.wall_time_s = wall;
  r.metrics.rel_l2 = rel_l2;
  r.metrics.final_loss = losses.back();
  auto& h = r.history;
  for (size_t i = 0; i < losses.size(); ++i) {
    h.iteration.push_back(static_cast<int64_t>(10 * i));
    h.time_s.push_back(0.5 * static_cast<double>(i));
    h.loss.push_back(losses[i]);
  }
  h.slope_widths = {static_cast<int64_t>(slopes.size())};
  h.slopes.push_back(std::vector<double>(slopes.size() * (losses.size() - 1), 1.0));
  h.slopes[0].insert(h.slopes[0].end(), slopes.begin(), slopes.end());
  return r;
}

TEST(Summary, MeansSpreadsAndThresholdsByHand) {
  const auto a = run({1.0, 0.5, 0.05, 0.004}, 0.1, 10, {2.0, 4.0});
  const auto b = run({1.0, 0.2, 0.02, 0.02}, 0.3, 20, {1.0, 1.0});
  const auto s = summarize("v", {&a, &b}, {1e-1, 1e-2});
  EXPECT_EQ(s.variant, "v");
  EXPECT_EQ(s.runs, 2);
  EXPECT_EQ(s.diverged, 0);
  EXPECT_DOUBLE_EQ(s.final_loss_mean, 0.012);
  EXPECT_DOUBLE_EQ(s.final_loss_std, std::sqrt(2 * 0.008 * 0.008));
  EXPECT_DOUBLE_EQ(s.rel_l2_mean, 0.2);
  EXPECT_DOUBLE_EQ(s.rel_l2_std, std::sqrt(0.02));
  EXPECT_DOUBLE_EQ(s.rel_l2_min, 0.1);
  EXPECT_DOUBLE_EQ(s.rel_l2_max, 0.3);
  EXPECT_DOUBLE_EQ(s.wall_time_mean, 15);
  // Below 0.1: a at record 2 (iteration 20, 1 s), b at record 2 (iteration 20, 1 s).
  EXPECT_DOUBLE_EQ(s.iteration_to_threshold[0], 20);
  EXPECT_DOUBLE_EQ(s.time_to_threshold[0], 1.0);
  EXPECT_EQ(s.reached[0], 2);
  // Below 0.01: only a, at record 3.
  EXPECT_DOUBLE_EQ(s.iteration_to_threshold[1], 30);
  EXPECT_DOUBLE_EQ(s.time_to_threshold[1], 1.5);
  EXPECT_EQ(s.reached[1], 1);
  // Final slopes: a's layer mean 3, b's 1.
  ASSERT_EQ(s.final_slopes.size(), 1u);
  EXPECT_DOUBLE_EQ(s.final_slopes[0], 2.0);
}

TEST(Summary, ThresholdsNeverReachedAreNaNAndDivergedRunsOnlyCounted) {
  const auto a = run({1.0, 0.5}, 0.4, 5, {1.0});
  const auto diverged = run({1.0, std::nan("")}, std::nan(""), 1, {1.0}, "diverged");
  const auto s = summarize("v", {&a, &diverged}, {1e-3});
  EXPECT_EQ(s.runs, 1);
  EXPECT_EQ(s.diverged, 1);
  EXPECT_DOUBLE_EQ(s.rel_l2_mean, 0.4);
  EXPECT_TRUE(std::isnan(s.rel_l2_std));  // one run has no spread
  EXPECT_TRUE(std::isnan(s.iteration_to_threshold[0]));
  EXPECT_TRUE(std::isnan(s.time_to_threshold[0]));
  EXPECT_EQ(s.reached[0], 0);
  const auto none = summarize("w", {}, {1e-3});
  EXPECT_EQ(none.runs, 0);
  EXPECT_TRUE(std::isnan(none.final_loss_mean));
}

TEST(Summary, SlopeRecoveryIsLeftOutOfTheComparedLoss) {
  auto a = run({1.5, 0.6, 0.51}, 0.1, 10, {1.0});
  a.history.problem_loss = {1.0, 0.1, 0.01};  // the total carries W_a S(a) = 0.5 on top
  const auto s = summarize("v", {&a}, {0.2, 0.05});
  EXPECT_DOUBLE_EQ(s.final_loss_mean, 0.01);
  EXPECT_DOUBLE_EQ(s.iteration_to_threshold[0], 10);
  EXPECT_DOUBLE_EQ(s.iteration_to_threshold[1], 20);
  EXPECT_EQ(s.reached, (std::vector<int64_t>{1, 1}));
}

TEST(Summary, MarkdownTableHasOneRowPerVariant) {
  const auto a = run({1.0, 0.05}, 0.1, 10, {1.5});
  const auto b = run({1.0, 0.5}, 0.3, 20, {1.0});
  const auto diverged = run({1.0, std::nan("")}, std::nan(""), 1, {1.0}, "diverged");
  const std::vector<double> thresholds = {1e-1};
  const auto table = markdown_table(
      {summarize("fast", {&a}, thresholds), summarize("slow", {&b, &diverged}, thresholds)},
      thresholds);
  EXPECT_NE(table.find("| variant | runs | final loss | rel. L2 (mean ± std) |"), std::string::npos)
      << table;
  EXPECT_NE(table.find("loss < 1e-01: iter. / s (runs) |"), std::string::npos) << table;
  EXPECT_NE(table.find("| fast | 1 | 5.00e-02 | 1.00e-01 | 1.00e-01 – 1.00e-01 | 10 / 0.5 (1/1) | "
                       "10.0 | 1.50 |"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("| slow | 1 (+1 diverged) | 5.00e-01 | 3.00e-01 |"), std::string::npos)
      << table;
  EXPECT_NE(table.find("never (0/1)"), std::string::npos) << table;
}

TEST(Summary, TableLeavesOutUnreachedThresholdsAndFixedSlopes) {
  const auto adaptive = run({1.0, 0.05}, 0.1, 10, {1.5});
  const auto fixed = run({1.0, 0.5}, 0.3, 20, {1.0});
  const std::vector<double> thresholds = {1e-1, 1e-9};
  const auto a = summarize("layer", {&adaptive}, thresholds);
  const auto f = summarize("fixed", {&fixed}, thresholds);
  EXPECT_FALSE(a.fixed_slopes);
  EXPECT_TRUE(f.fixed_slopes);
  const auto table = markdown_table({a, f}, thresholds);
  // No run got below 1e-9: no column of "never".
  EXPECT_EQ(table.find("1e-09"), std::string::npos) << table;
  EXPECT_NE(table.find("loss < 1e-01"), std::string::npos) << table;
  EXPECT_NE(table.find("| layer | 1 | 5.00e-02 | 1.00e-01 | 1.00e-01 – 1.00e-01 | 10 / 0.5 (1/1) | "
                       "10.0 | 1.50 |\n"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("| fixed | 1 | 5.00e-01 | 3.00e-01 | 3.00e-01 – 3.00e-01 | never (0/1) | "
                       "20.0 | - |\n"),
            std::string::npos)
      << table;
  // Only fixed variants: no slopes column at all; one slope off 1 is not fixed.
  const auto only_fixed = markdown_table({f}, thresholds);
  EXPECT_EQ(only_fixed.find("final slopes"), std::string::npos) << only_fixed;
  EXPECT_NE(only_fixed.find("| 20.0 |\n"), std::string::npos) << only_fixed;
  auto moved = run({1.0, 0.5}, 0.3, 20, {1.0});
  moved.history.slopes[0][0] = 0.99;
  EXPECT_FALSE(summarize("global", {&moved}, thresholds).fixed_slopes);
}

TEST(Summary, PerFieldAndProfileErrorsOfSystems) {
  auto a = run({1.0, 0.1}, 0.1, 10, {1.0});
  auto b = run({1.0, 0.1}, 0.3, 20, {1.0});
  a.metrics.fields = {{"u", 0.1, 1.0}, {"h", 0.02, 1.0}};
  b.metrics.fields = {{"u", 0.3, 1.0}, {"h", 0.04, 1.0}};
  a.metrics.profile_errors = {{"max_centreline_error", 0.005}};
  b.metrics.profile_errors = {{"max_centreline_error", 0.007}};
  const auto s = summarize("v", {&a, &b}, {});
  ASSERT_EQ(s.metrics.size(), 3u);
  EXPECT_EQ(s.metrics[1].name, "rel_l2_h");
  EXPECT_DOUBLE_EQ(s.metrics[1].mean, 0.03);
  EXPECT_DOUBLE_EQ(s.metrics[1].std, std::sqrt(2e-4));
  EXPECT_DOUBLE_EQ(s.metrics[1].min, 0.02);
  EXPECT_DOUBLE_EQ(s.metrics[2].max, 0.007);
  const auto table = markdown_table({s}, {});
  EXPECT_NE(table.find("| rel_l2_h (mean ± std) | max_centreline_error (mean ± std) |"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("3.00e-02 ± 1.4e-02"), std::string::npos) << table;
  // One field: its error is the overall rel_l2, and the table keeps its columns.
  auto c = run({1.0, 0.1}, 0.1, 10, {1.0});
  c.metrics.fields = {{"u", 0.1, 1.0}};
  EXPECT_TRUE(summarize("w", {&c}, {}).metrics.empty());
}

TEST(Summary, TestPointErrorsReplaceTheGridsWhereARunHasThem) {
  // Grid errors 0.1 and 0.3; at the test points 0.02 and 0.04, per field too.
  auto a = run({1.0, 0.1}, 0.1, 10, {1.0});
  auto b = run({1.0, 0.1}, 0.3, 10, {1.0});
  a.metrics.fields = {{"u", 0.1, 1}, {"v", 0.1, 1}};
  b.metrics.fields = a.metrics.fields;
  for (auto* r : {&a, &b}) {
    r->metrics.test_point_count = 100;
    r->metrics.test_fields = {{"u", 0.01, 1}, {"v", 0.05, 1}};
  }
  a.metrics.test_rel_l2 = 0.02;
  b.metrics.test_rel_l2 = 0.04;
  const auto s = summarize("v", {&a, &b}, {});
  EXPECT_DOUBLE_EQ(s.rel_l2_mean, 0.03);
  EXPECT_DOUBLE_EQ(s.rel_l2_min, 0.02);
  EXPECT_DOUBLE_EQ(s.rel_l2_max, 0.04);
  ASSERT_EQ(s.metrics.size(), 2u);
  EXPECT_EQ(s.metrics[0].name, "test_rel_l2_u");
  EXPECT_DOUBLE_EQ(s.metrics[0].mean, 0.01);
  EXPECT_EQ(s.metrics[1].name, "test_rel_l2_v");
  EXPECT_DOUBLE_EQ(s.metrics[1].mean, 0.05);
  // Without test points the grid's figures stay.
  a.metrics.test_point_count = b.metrics.test_point_count = 0;
  const auto grid = summarize("v", {&a, &b}, {});
  EXPECT_DOUBLE_EQ(grid.rel_l2_mean, 0.2);
  EXPECT_EQ(grid.metrics[0].name, "rel_l2_u");
}

}  // namespace
}  // namespace pinn::study
