// Problems written as formulas against the compiled modules they mirror: the same
// points, loss terms, losses and gradients to rounding, with both derivative engines.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "solver/config/source.h"
#include "solver/run/run.h"
#include "tests/core/support.h"

namespace pinn {
namespace {

std::string shipped(const std::string& name) {
  return std::string(PINN_SOURCE_DIR) + "/configs/" + name;
}

RunConfig load(const std::string& file, std::vector<std::string> overrides) {
  auto source = config::load_config_file(shipped(file));
  for (const auto& o : overrides) config::apply_override(source, o);
  return parse_run_config(source, testing::builtin_registry());
}

struct Evaluated {
  std::vector<double> terms;
  std::vector<at::Tensor> gradient;
};

Evaluated evaluate(const RunConfig& config) {
  auto setup = prepare_training(config);
  const auto values = setup.loss.evaluate();
  Evaluated out;
  for (const auto& t : values.terms) out.terms.push_back(t.item<double>());
  out.gradient = torch::autograd::grad({values.total}, setup.net->parameters());
  return out;
}

void expect_twins(const std::string& compiled, const std::string& formula,
                  const std::vector<std::string>& overrides) {
  for (const std::string engine : {"autograd", "taylor"}) {
    SCOPED_TRACE(formula + " with " + engine);
    auto o = overrides;
    o.push_back("training.derivatives=" + engine);
    const auto a = evaluate(load(compiled, o));
    o.push_back("problem.reference=~");
    const auto b = evaluate(load(formula, o));
    ASSERT_EQ(a.terms.size(), b.terms.size());
    for (size_t i = 0; i < a.terms.size(); ++i) {
      EXPECT_NEAR(b.terms[i], a.terms[i], 1e-12 * std::abs(a.terms[i])) << "term " << i;
      EXPECT_GT(a.terms[i], 0);
    }
    ASSERT_EQ(a.gradient.size(), b.gradient.size());
    for (size_t k = 0; k < a.gradient.size(); ++k) {
      const double scale = a.gradient[k].abs().max().item<double>();
      EXPECT_LE((a.gradient[k] - b.gradient[k]).abs().max().item<double>(), 1e-12 * scale)
          << "parameter " << k;
    }
  }
}

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
