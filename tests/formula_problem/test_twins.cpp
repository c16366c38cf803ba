// Problems written as formulas against the compiled modules they mirror: the same
// points, loss terms, losses and gradients to rounding, with both derivative engines.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "solver/run/run.h"
#include "tests/core/support.h"
#include "tests/formula_problem/twins.h"

namespace pinn {
namespace {

using twins::expect_twins;
using twins::load;

TEST(FormulaTwins, BurgersHasTheCompiledModulesLossAndGradient) {
  expect_twins("burgers.yaml", "burgers_formula.yaml",
               {"sampling.residual.points=400", "sampling.initial.points=50",
                "sampling.boundary.points=50"});
}

TEST(FormulaTwins, KovasznayHasTheCompiledModulesLossAndGradient) {
  expect_twins("kovasznay.yaml", "kovasznay_formula.yaml",
               {"sampling.residual.points=300", "sampling.boundary.points=60"});
}

TEST(FormulaTwins, KovasznayExactSolutionIsTheCompiledReference) {
  const auto a = load("kovasznay.yaml", {});
  const auto b = load("kovasznay_formula.yaml", {});
  const std::vector<std::vector<double>> axes = {{-0.5, 0.1, 0.7, 1.0}, {-0.5, 0.0, 1.2, 1.5}};
  const auto ra = a.problem->reference(axes);
  const auto rb = b.problem->reference(axes);
  ASSERT_TRUE(ra && rb);
  ASSERT_EQ(ra->size(), 3u);
  ASSERT_EQ(rb->size(), 3u);
  for (size_t o = 0; o < 3; ++o) {
    for (size_t i = 0; i < (*ra)[o].size(); ++i) {
      EXPECT_NEAR((*rb)[o][i], (*ra)[o][i], 1e-14) << "output " << o << " point " << i;
    }
  }
  EXPECT_EQ(b.problem->up_to_constant(), std::vector<std::string>{"p"});
}

// Twenty Adam steps of each: the loss histories agree to rounding.
TEST(FormulaTwins, BurgersTrainsAlongTheSameLossHistory) {
  const std::vector<std::string> small = {
      "sampling.residual.points=300",
      "sampling.initial.points=40",
      "sampling.boundary.points=40",
      "sampling.residual.resample=~",
      "training.phases=[{optimizer: adam, iterations: 20, lr: 0.005}]",
      "training.log_every=1",
      "output.grid={x: 9, t: 5}"};
  std::vector<std::vector<double>> histories;
  for (const std::string file : {"burgers.yaml", "burgers_formula.yaml"}) {
    auto o = small;
    o.push_back("output.file=" + testing::temp_path(file + ".h5"));
    if (file == "burgers_formula.yaml") o.push_back("problem.reference=~");
    const auto config = load(file, o);
    RunSettings settings;
    settings.log = stdout;
    const auto result = run_training(config, settings);
    histories.push_back(result.history.loss);
    std::filesystem::remove(config.output_file);
    std::filesystem::remove(config.checkpoint_file);
  }
  ASSERT_EQ(histories[0].size(), histories[1].size());
  ASSERT_GE(histories[0].size(), 20u);
  for (size_t i = 0; i < histories[0].size(); ++i) {
    EXPECT_NEAR(histories[1][i], histories[0][i], 1e-12 * histories[0][i]) << "record " << i;
  }
}

}  // namespace
}  // namespace pinn
