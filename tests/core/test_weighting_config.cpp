// training.balance and training.causal: read with their defaults, off when absent, and
// every bad value refused at its key with the rule it breaks.

#include <gtest/gtest.h>

#include "solver/run/run_config.h"
#include "tests/core/support.h"

namespace pinn {
namespace {

const std::string kBurgers = "problem: {name: burgers}\nnetwork: {hidden: [8, 8]}\n";
const std::string kPoisson = "problem: {name: poisson}\nnetwork: {hidden: [8, 8]}\n";
const std::string kRegression =
    "problem: {name: regression, domain: [-1, 1], target: 'sin(x)'}\nnetwork: {hidden: [8]}\n";

std::string error_of(const std::string& yaml) { return testing::config_error_of(yaml); }

TEST(WeightingConfig, OffUnlessGivenAndNotWrittenIntoTheResolvedConfig) {
  const auto c = testing::parse_config(kBurgers);
  EXPECT_FALSE(c.trainer.balance.on());
  EXPECT_FALSE(c.trainer.causal.on());
  EXPECT_EQ(c.resolved_yaml.find("balance"), std::string::npos);
  EXPECT_EQ(c.resolved_yaml.find("causal"), std::string::npos);
}

TEST(WeightingConfig, DefaultsPerMethodAndCausalTimeFromTheDomain) {
  const auto grad = testing::parse_config(kBurgers + "training: {balance: {method: grad_norm}}\n");
  EXPECT_EQ(grad.trainer.balance.method, BalanceMethod::GradNorm);
  EXPECT_EQ(grad.trainer.balance.every, 100);
  EXPECT_EQ(grad.trainer.balance.alpha, 0.9);
  EXPECT_FALSE(grad.trainer.balance.update_in_quasi_newton);
  EXPECT_NE(grad.resolved_yaml.find("quasi_newton: freeze"), std::string::npos);
  const auto ntk = testing::parse_config(
      kBurgers + "training: {balance: {method: ntk, points: 16, quasi_newton: update}}\n");
  EXPECT_EQ(ntk.trainer.balance.points, 16);
  EXPECT_TRUE(ntk.trainer.balance.update_in_quasi_newton);
  const auto rba = testing::parse_config(kBurgers + "training: {balance: {method: rba}}\n");
  EXPECT_EQ(rba.trainer.balance.every, 1);
  EXPECT_EQ(rba.trainer.balance.gamma, 0.999);
  EXPECT_EQ(rba.trainer.balance.eta, 0.01);
  // Point weights need no second term.
  EXPECT_EQ(testing::parse_config(kRegression + "training: {balance: {method: rba}}\n")
                .trainer.balance.method,
            BalanceMethod::Rba);

  const auto causal = testing::parse_config(kBurgers + "training: {causal: {}}\n");
  EXPECT_EQ(causal.trainer.causal.bins, 32);
  EXPECT_EQ(causal.trainer.causal.epsilon, (std::vector<double>{1.0}));
  EXPECT_EQ(causal.trainer.causal.time_column, 1);  // burgers: x, t
  EXPECT_EQ(causal.trainer.causal.t_lo, 0);
  EXPECT_EQ(causal.trainer.causal.t_hi, 1);
  const auto schedule = testing::parse_config(
      kBurgers + "training: {causal: {bins: 8, epsilon: [0.01, 0.1, 1], threshold: 0.9}}\n");
  EXPECT_EQ(schedule.trainer.causal.epsilon, (std::vector<double>{0.01, 0.1, 1}));
  EXPECT_EQ(schedule.trainer.causal.threshold, 0.9);
}

TEST(WeightingConfig, BadValuesNameTheirKey) {
  const auto training = [](const std::string& inner) {
    return kBurgers + "training: {" + inner + "}\n";
  };
  EXPECT_NE(error_of(training("balance: {method: softadapt}"))
                .find("key 'training.balance.method': value 'softadapt'"),
            std::string::npos);
  EXPECT_NE(error_of(training("balance: {method: softadapt}")).find("grad_norm, none, ntk, rba"),
            std::string::npos);
  EXPECT_NE(error_of(training("balance: {method: grad_norm, every: 0}"))
                .find("key 'training.balance.every': value 0 must be > 0"),
            std::string::npos);
  EXPECT_NE(error_of(training("balance: {method: ntk, every: -5}"))
                .find("key 'training.balance.every': value -5 must be > 0"),
            std::string::npos);
  EXPECT_NE(error_of(training("balance: {method: grad_norm, alpha: 1}"))
                .find("key 'training.balance.alpha': value 1 must be < 1"),
            std::string::npos);
  EXPECT_NE(error_of(training("balance: {method: grad_norm, alpha: -0.1}"))
                .find("key 'training.balance.alpha': value -0.1 must be >= 0"),
            std::string::npos);
  EXPECT_NE(error_of(training("balance: {method: rba, gamma: 1}"))
                .find("key 'training.balance.gamma': value 1 must be < 1"),
            std::string::npos);
  EXPECT_NE(error_of(training("balance: {method: rba, eta: 0}"))
                .find("key 'training.balance.eta': value 0 must be > 0"),
            std::string::npos);
  EXPECT_NE(error_of(training("balance: {method: ntk, points: 0}"))
                .find("key 'training.balance.points': value 0 must be > 0"),
            std::string::npos);
  EXPECT_NE(error_of(training("balance: {method: grad_norm, quasi_newton: sometimes}"))
                .find("key 'training.balance.quasi_newton': value 'sometimes'"),
            std::string::npos);
  // A key of another method.
  EXPECT_NE(error_of(training("balance: {method: rba, alpha: 0.5}"))
                .find("key 'training.balance.alpha': unknown key"),
            std::string::npos);
  EXPECT_NE(error_of(kRegression + "training: {balance: {method: grad_norm}}\n")
                .find("key 'training.balance.method': value 'grad_norm' weighs the loss terms "
                      "against each other, and problem 'regression' has one (data)"),
            std::string::npos);
  EXPECT_NE(error_of(kRegression + "training: {balance: {method: ntk}}\n").find("has one (data)"),
            std::string::npos);

  EXPECT_NE(error_of(kPoisson + "training: {causal: {bins: 8}}\n")
                .find("key 'training.causal': problem 'poisson' has no time input (inputs x, y)"),
            std::string::npos);
  EXPECT_NE(error_of(training("causal: {bins: 0}"))
                .find("key 'training.causal.bins': value 0 must be > 0"),
            std::string::npos);
  EXPECT_NE(error_of(training("causal: {bins: -3}"))
                .find("key 'training.causal.bins': value -3 must be > 0"),
            std::string::npos);
  EXPECT_NE(error_of(training("causal: {epsilon: -1}"))
                .find("key 'training.causal.epsilon': value -1 must be >= 0"),
            std::string::npos);
  EXPECT_NE(
      error_of(training("causal: {epsilon: [1, -1]}")).find("key 'training.causal.epsilon[1]'"),
      std::string::npos);
  EXPECT_NE(error_of(training("causal: {epsilon: []}")).find("training.causal.epsilon"),
            std::string::npos);
  EXPECT_NE(error_of(training("causal: {threshold: 1.5}"))
                .find("key 'training.causal.threshold': value 1.5 must be <= 1"),
            std::string::npos);
  EXPECT_NE(error_of(training("causal: {every: 0}"))
                .find("key 'training.causal.every': value 0 must be > 0"),
            std::string::npos);
  EXPECT_NE(error_of(training("causal: {bin: 4}")).find("key 'training.causal.bin': unknown key"),
            std::string::npos);
  EXPECT_NE(error_of(training("causal: 4")).find("training.causal"), std::string::npos);
}

}  // namespace
}  // namespace pinn
