// The live progress line: cut to the terminal's width, stale values marked.

#include <gtest/gtest.h>

#include <cstdio>

#include "solver/common/text.h"
#include "solver/training/progress.h"

namespace pinn {
namespace {

TrainingRecord record_at(int64_t iteration, double loss, std::vector<double> terms = {}) {
  TrainingRecord r;
  r.phase = "adam";
  r.iteration = iteration;
  r.total_iterations = 17000;
  r.time_s = 0.02 * static_cast<double>(iteration);
  r.loss = loss;
  r.terms = std::move(terms);
  return r;
}

struct PrinterFixture : ::testing::Test {
  std::FILE* sink = std::tmpfile();
  ProgressPrinter printer{sink, false, {"residual", "initial", "boundary"}, [] { return 3.25e-2; }};
  ~PrinterFixture() override { std::fclose(sink); }
};

TEST_F(PrinterFixture, AtARecordEveryValueIsFromThatStep) {
  printer.on_record(record_at(500, 6.0e2, {1.06e3, 2.0e-4, 3.0e-5}));
  const auto line = printer.compose(record_at(500, 6.0e2), 0);
  EXPECT_EQ(line.find("[at"), std::string::npos) << line;
  for (const char* part : {"adam      500/17000", "loss 6.000e+02", "rel_l2 3.250e-02",
                           "residual 1.06e+03", "boundary 3.00e-05", "elapsed 10.0s", "left "}) {
    EXPECT_NE(line.find(part), std::string::npos) << part << " missing from: " << line;
  }
}

TEST_F(PrinterFixture, BetweenRecordsTheRecordsValuesCarryTheirIteration) {
  printer.on_record(record_at(500, 6.0e2, {1.06e3, 2.0e-4, 3.0e-5}));
  const auto line = printer.compose(record_at(520, 5.0e2), 0);
  EXPECT_NE(line.find("loss 5.000e+02  [at 500: rel_l2 3.250e-02  residual 1.06e+03"),
            std::string::npos)
      << line;
  EXPECT_NE(line.find("boundary 3.00e-05]  elapsed"), std::string::npos) << line;
}

TEST_F(PrinterFixture, AnEightyColumnLineKeepsTheMostUsefulFields) {
  printer.on_record(record_at(500, 6.0e2, {1.06e3, 2.0e-4, 3.0e-5}));
  const auto full = printer.compose(record_at(520, 5.0e2), 0);
  ASSERT_GT(full.size(), 120u);
  const auto line = printer.compose(record_at(520, 5.0e2), 79);
  EXPECT_LE(line.size(), 79u);
  for (const char* part :
       {"adam      520/17000", "loss 5.000e+02", "[at 500: rel_l2 3.250e-02]", "left 5m30s"}) {
    EXPECT_NE(line.find(part), std::string::npos) << part << " missing from: " << line;
  }
  EXPECT_EQ(line.find("residual"), std::string::npos) << line;
  EXPECT_EQ(line.find("elapsed"), std::string::npos) << line;
  // Narrower: the error outlives the time left, the loss outlives the error.
  const auto narrow = printer.compose(record_at(520, 5.0e2), 63);
  EXPECT_LE(narrow.size(), 63u);
  EXPECT_NE(narrow.find("rel_l2"), std::string::npos) << narrow;
  EXPECT_EQ(narrow.find("left"), std::string::npos) << narrow;
  const auto tiny = printer.compose(record_at(520, 5.0e2), 45);
  EXPECT_EQ(tiny, "adam      520/17000  loss 5.000e+02");
  // A wide terminal gets the terms back, most important first.
  const auto wide = printer.compose(record_at(520, 5.0e2), 110);
  EXPECT_LE(wide.size(), 110u);
  EXPECT_NE(wide.find("residual 1.06e+03"), std::string::npos) << wide;
  EXPECT_NE(wide.find("elapsed"), std::string::npos) << wide;
}

TEST_F(PrinterFixture, PlainLogLinesAreNeverCut) {
  printer.on_record(record_at(500, 6.0e2, {1.06e3, 2.0e-4, 3.0e-5}));
  std::rewind(sink);
  char text[512] = {};
  ASSERT_NE(std::fgets(text, sizeof text, sink), nullptr);
  EXPECT_NE(std::string(text).find("boundary 3.00e-05"), std::string::npos) << text;
}

TEST(Text, DurationsAndCounts) {
  EXPECT_EQ(format_duration(0.43), "0.4s");
  EXPECT_EQ(format_duration(59.9), "59.9s");
  EXPECT_EQ(format_duration(340.1), "5m40s");
  EXPECT_EQ(format_duration(7500), "2h05m");
  EXPECT_EQ(format_duration(NAN), "?");
  EXPECT_EQ(count_of(1, "iteration"), "1 iteration");
  EXPECT_EQ(count_of(0, "iteration"), "0 iterations");
  EXPECT_EQ(count_of(852, "iteration"), "852 iterations");
}

TEST(Text, ShellWordsPasteBackAsOneArgument) {
  EXPECT_EQ(shell_word("training.phases.1.iterations=3000"), "training.phases.1.iterations=3000");
  EXPECT_EQ(shell_word("output.file=runs/mode=layer,scale=10/seed_1.h5"),
            "output.file=runs/mode=layer,scale=10/seed_1.h5");
  EXPECT_EQ(shell_word("network.hidden=[40, 40]"), "'network.hidden=[40, 40]'");
  EXPECT_EQ(shell_word("problem.target=sin(x)*y"), "'problem.target=sin(x)*y'");
  EXPECT_EQ(shell_word("a='b'"), R"('a='\''b'\''')");
  EXPECT_EQ(shell_word(""), "''");
}

}  // namespace
}  // namespace pinn
