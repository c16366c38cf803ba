// training.phases and sampling.<term>.resample: parsing, defaults, overrides by
// index, and every bad value refused with its key, rule and file:line:column.

#include <gtest/gtest.h>

#include "problems/register_builtin.h"
#include "solver/config/config_error.h"
#include "solver/run/run_config.h"
#include "tests/core/support.h"

namespace pinn {
namespace {

const std::string kHead = "problem: {name: burgers}\nnetwork: {hidden: [8, 8]}\n";

RunConfig parse(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
  return testing::parse_config(yaml, overrides);
}

std::string error_of(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
  return testing::config_error_of(yaml, overrides);
}

TEST(PhasesConfig, ListOfPhasesWithEachOptimizersKeys) {
  const auto c =
      parse(kHead +
            "training:\n"
            "  phases:\n"
            "    - {optimizer: adam, iterations: 100, lr: 5.0e-3, betas: [0.8, 0.99],\n"
            "       eps: 1.0e-7, decay: {rate: 0.98, every: 50}}\n"
            "    - {optimizer: lbfgs, iterations: 20, history: 10}\n"
            "    - {optimizer: ssbroyden, iterations: 30, loss_transform: log, c2: 0.5}\n"
            "    - {optimizer: adam, iterations: 5}\n");
  const auto& p = c.trainer.phases;
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p[0].optimizer, PhaseOptimizer::Adam);
  EXPECT_EQ(p[0].lr, 5e-3);
  EXPECT_EQ(p[0].beta1, 0.8);
  EXPECT_EQ(p[0].beta2, 0.99);
  EXPECT_EQ(p[0].eps, 1e-7);
  EXPECT_EQ(p[0].decay_rate, 0.98);
  EXPECT_EQ(p[0].decay_every, 50);
  EXPECT_EQ(p[1].optimizer, PhaseOptimizer::Lbfgs);
  EXPECT_EQ(p[1].history, 10);
  EXPECT_EQ(p[2].optimizer, PhaseOptimizer::SsBroyden);
  EXPECT_EQ(p[2].loss_transform, LossTransform::Log);
  EXPECT_EQ(p[2].c1, 1e-4);
  EXPECT_EQ(p[2].c2, 0.5);
  EXPECT_EQ(p[2].tolerance_grad, 0.0);
  EXPECT_EQ(p[3].lr, 1e-3);  // defaults per phase
  EXPECT_EQ(c.trainer.total_iterations(), 155);
  EXPECT_EQ(describe(p[2]),
            "{optimizer: ssbroyden, iterations: 30, tolerance_grad: 0, c1: 0.0001, c2: 0.5, "
            "loss_transform: log}");
  // Defaults are written into the resolved config.
  EXPECT_NE(c.resolved_yaml.find("loss_transform: log"), std::string::npos) << c.resolved_yaml;
}

TEST(PhasesConfig, DefaultIsOneAdamPhase) {
  const auto c = parse(kHead);
  ASSERT_EQ(c.trainer.phases.size(), 1u);
  EXPECT_EQ(c.trainer.phases[0].optimizer, PhaseOptimizer::Adam);
  EXPECT_EQ(c.trainer.phases[0].iterations, 1000);
  EXPECT_NE(c.resolved_yaml.find("optimizer: adam"), std::string::npos) << c.resolved_yaml;
}

TEST(PhasesConfig, OverridesAddressAPhaseByIndex) {
  const std::string yaml = kHead +
                           "training:\n  phases:\n    - {optimizer: adam, iterations: 10}\n"
                           "    - {optimizer: lbfgs, iterations: 20}\n";
  const auto c = parse(yaml, {"training.phases.1.optimizer=bfgs", "training.phases.0.lr=0.01"});
  EXPECT_EQ(c.trainer.phases[1].optimizer, PhaseOptimizer::Bfgs);
  EXPECT_EQ(c.trainer.phases[1].iterations, 20);
  EXPECT_EQ(c.trainer.phases[0].lr, 0.01);
  // One past the end appends a phase; further is an error that says how many there are.
  const auto appended = parse(yaml, {"training.phases.2={optimizer: ssbfgs, iterations: 3}"});
  ASSERT_EQ(appended.trainer.phases.size(), 3u);
  EXPECT_EQ(appended.trainer.phases[2].optimizer, PhaseOptimizer::SsBfgs);
  EXPECT_NE(error_of(yaml, {"training.phases.3.iterations=1"})
                .find("'training.phases' is a list of 2 entries and '3' is not an index into it"),
            std::string::npos);
  // An error in an overridden phase key names the override.
  EXPECT_EQ(error_of(yaml, {"training.phases.1.iterations=-2"}),
            "command line 'training.phases.1.iterations=-2': key 'training.phases[1].iterations': "
            "value -2 must be >= 0");
}

TEST(PhasesConfig, OldKeysSayWhatToWriteInstead) {
  const auto message = error_of(
      kHead + "training:\n  adam: {iterations: 200, lr: 0.01}\n  lbfgs: {iterations: 50}\n");
  EXPECT_EQ(message,
            "cfg.yaml:4:9: key 'training.adam': training.adam and training.lbfgs are replaced by a "
            "list of phases; write training.phases: [{optimizer: adam, iterations: 200, lr: 0.01}, "
            "{optimizer: lbfgs, iterations: 50}] (optimizers: adam, bfgs, lbfgs, ssbfgs, "
            "ssbroyden)");
  EXPECT_NE(error_of(kHead + "training:\n  lbfgs: {iterations: 5}\n").find("key 'training.lbfgs'"),
            std::string::npos);
}

TEST(PhasesConfig, BadValuesNameKeyRuleAndLocation) {
  const auto phase = [](const std::string& entry) {
    return kHead + "training:\n  phases:\n    - " + entry + "\n";
  };
  EXPECT_EQ(error_of(phase("{optimizer: sgd}")),
            "cfg.yaml:5:19: key 'training.phases[0].optimizer': value 'sgd' must be one of: adam, "
            "bfgs, lbfgs, ssbfgs, ssbroyden");
  EXPECT_EQ(error_of(phase("{iterations: 5}")),
            "cfg.yaml:5:7: key 'training.phases[0].optimizer': missing required key");
  EXPECT_EQ(error_of(phase("{optimizer: bfgs, c1: 0.5, c2: 0.4}")),
            "cfg.yaml:5:38: key 'training.phases[0].c2': value 0.4 must be greater than c1 = 0.5");
  EXPECT_EQ(error_of(phase("{optimizer: ssbfgs, c2: 1}")),
            "cfg.yaml:5:31: key 'training.phases[0].c2': value 1 must be in (0, 1)");
  EXPECT_NE(error_of(phase("{optimizer: ssbroyden, loss_transform: exp}"))
                .find("key 'training.phases[0].loss_transform': value 'exp' must be one of: log, "
                      "none, sqrt"),
            std::string::npos);
  // Keys of another optimizer are unknown here, listing the valid ones.
  EXPECT_NE(error_of(phase("{optimizer: lbfgs, lr: 0.1}"))
                .find("key 'training.phases[0].lr': unknown key; valid keys here: history, "
                      "iterations, optimizer, tolerance_grad"),
            std::string::npos);
  EXPECT_NE(error_of(phase("{optimizer: adam, betas: [0.9]}")).find("must have two entries"),
            std::string::npos);
  EXPECT_NE(error_of(phase("{optimizer: adam, betas: [0.9, 1.0]}")).find("betas[1]"),
            std::string::npos);
  EXPECT_NE(error_of(phase("{optimizer: adam, decay: {rate: 1.5, every: 10}}"))
                .find("key 'training.phases[0].decay.rate': value 1.5 must be <= 1"),
            std::string::npos);
  EXPECT_NE(error_of(phase("{optimizer: adam, decay: {rate: 0.9}}"))
                .find("key 'training.phases[0].decay.every': missing required key"),
            std::string::npos);
  EXPECT_NE(error_of(kHead + "training: {phases: []}\n").find("must list at least one phase"),
            std::string::npos);
  EXPECT_NE(
      error_of(kHead + "training: {phases: {optimizer: adam}}\n").find("must be a list of maps"),
      std::string::npos);
}

TEST(PhasesConfig, DenseMethodsRefuseNetworksTooLargeForTheirMatrix) {
  const auto message = error_of(
      "problem: {name: burgers}\nnetwork: {hidden: [100, 100]}\n"
      "training: {phases: [{optimizer: adam}, {optimizer: ssbroyden}]}\n");
  EXPECT_NE(message.find("the network has 10501 trainable parameters; a dense quasi-Newton phase "
                         "would hold a 10501 x 10501 matrix (882 MB)"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("use lbfgs"), std::string::npos);
  // The same network trains with L-BFGS.
  EXPECT_NO_THROW(
      parse("problem: {name: burgers}\nnetwork: {hidden: [100, 100]}\n"
            "training: {phases: [{optimizer: lbfgs}]}\n"));
}

TEST(ResampleConfig, RadAndUniformWithDefaults) {
  const auto c = parse(kHead +
                       "sampling:\n"
                       "  residual: {points: 100, resample: {every: 50}}\n"
                       "  initial: {points: 20, resample: {every: 25, method: uniform}}\n");
  const auto& r = c.sampling.at("residual").resample;
  EXPECT_EQ(r.every, 50);
  EXPECT_EQ(r.method, ResampleSpec::Method::Rad);
  EXPECT_EQ(r.candidates, 1000);  // 10 x points
  EXPECT_EQ(r.k, 1.0);
  EXPECT_EQ(r.c, 1.0);
  EXPECT_EQ(c.sampling.at("initial").resample.method, ResampleSpec::Method::Uniform);
  EXPECT_EQ(c.sampling.at("boundary").resample.every, 0);
}

TEST(ResampleConfig, BadValuesNameKeyRuleAndLocation) {
  const auto sampling = [](const std::string& resample) {
    return kHead + "sampling:\n  residual: {points: 100, resample: " + resample + "}\n";
  };
  EXPECT_NE(error_of(sampling("{method: rad}"))
                .find("key 'sampling.residual.resample.every': missing required key"),
            std::string::npos);
  EXPECT_EQ(error_of(sampling("{every: 0}")),
            "cfg.yaml:4:45: key 'sampling.residual.resample.every': value 0 must be > 0");
  EXPECT_NE(error_of(sampling("{every: 10, candidates: 50}"))
                .find("key 'sampling.residual.resample.candidates': value 50 must be >= the term's "
                      "points (100)"),
            std::string::npos);
  EXPECT_NE(error_of(sampling("{every: 10, method: greedy}"))
                .find("value 'greedy' must be one of: rad, uniform"),
            std::string::npos);
  EXPECT_NE(error_of(sampling("{every: 10, k: -1}")).find("resample.k': value -1 must be >= 0"),
            std::string::npos);
  EXPECT_NE(error_of(sampling("{every: 10, k: 0, c: 0}")).find("every weight would be 0"),
            std::string::npos);
  EXPECT_NE(error_of(sampling("{every: 10, method: uniform, k: 2}"))
                .find("key 'sampling.residual.resample.k': unknown key"),
            std::string::npos);
}

}  // namespace
}  // namespace pinn
