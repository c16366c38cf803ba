// A fourth-order problem through the config layer: the plate (biharmonic) equation
//   u_xxxx + 2 u_xxyy + u_yyyy = 4 pi^4 sin(pi x) sin(pi y)  on [0, 1]^2,
//   u = 0 and u_xx + u_yy = 0 on the boundary (simply supported),
// a problem defined here only. Smooth activations are accepted, piecewise-linear ones
// refused naming the fourth derivative, `auto` picks the Taylor engine, `taylor` is
// accepted, and the Taylor engine's loss and parameter gradients equal autograd's.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "solver/config/config_error.h"
#include "solver/config/source.h"
#include "solver/run/run.h"
#include "solver/run/run_config.h"
#include "tests/core/support.h"

namespace pinn {
namespace {

constexpr int X = 0;
constexpr int Y = 1;

class Plate : public Problem {
 public:
  Domain domain() const override { return {{"x", "y"}, {0.0, 0.0}, {1.0, 1.0}, -1}; }

  std::vector<LossTerm> loss_terms() const override {
    return {
        {"residual", Region::Interior, 300, {{}, {X, X, X, X}, {X, X, Y, Y}, {Y, Y, Y, Y}},
         [](const Fields& f) {
           const auto source = 4 * std::pow(M_PI, 4) * at::sin(M_PI * f.input(X)) *
                               at::sin(M_PI * f.input(Y));
           return f.d(X, X, X, X) + 2 * f.d(X, X, Y, Y) + f.d(Y, Y, Y, Y) - source;
         }},
        {"boundary", Region::Boundary, 100, {{}, {X, X}, {Y, Y}},
         [](const Fields& f) { return at::cat({f.u(), f.d(X, X) + f.d(Y, Y)}, 1); }},
    };
  }
};

ProblemRegistry registry_with_plate() {
  auto registry = testing::builtin_registry();
  registry.add({"test_plate", "u_xxxx + 2 u_xxyy + u_yyyy = 4 pi^4 sin(pi x) sin(pi y)", {},
                [](const Parameters&) { return std::make_unique<Plate>(); }});
  return registry;
}

RunConfig parse(const std::string& yaml) {
  auto source = config::load_config_string(yaml, "cfg.yaml");
  return parse_run_config(source, registry_with_plate());
}

std::string error_of(const std::string& yaml) {
  try {
    parse(yaml);
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for:\n" << yaml;
  return "";
}

TEST(FourthOrderProblem, SmoothActivationsAreAcceptedAndTaylorIsChosen) {
  for (const auto* activation : {"tanh", "sin", "gelu", "elu", "sigmoid"}) {
    const auto config = parse(std::string("problem: {name: test_plate}\nnetwork: {activation: ") +
                              activation + "}\n");
    EXPECT_EQ(max_derivative_order(*config.problem), 4);
    EXPECT_EQ(config.derivatives, DerivativeEngine::Taylor) << activation;
  }
  const auto taylor = parse("problem: {name: test_plate}\ntraining: {derivatives: taylor}\n");
  EXPECT_EQ(taylor.derivatives, DerivativeEngine::Taylor);
  const auto autograd = parse("problem: {name: test_plate}\ntraining: {derivatives: autograd}\n");
  EXPECT_EQ(autograd.derivatives, DerivativeEngine::Autograd);
}

TEST(FourthOrderProblem, PiecewiseLinearActivationsAreRefused) {
  const auto message = error_of("problem: {name: test_plate}\nnetwork: {activation: relu}\n");
  EXPECT_NE(message.find("key 'network.activation'"), std::string::npos) << message;
  EXPECT_NE(message.find("needs fourth derivatives, and the fourth derivative of relu is zero "
                         "almost everywhere"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("use one of: celu, elu, gelu, logsigmoid, sigmoid, silu, sin, "
                         "softplus, tanh"),
            std::string::npos)
      << message;
}

// The whole loss (both terms, their points drawn from the same seed) and every
// parameter's gradient, by each engine.
std::pair<double, std::vector<at::Tensor>> loss_and_gradients(const std::string& engine,
                                                              const std::string& dtype) {
  const auto config = parse(
      "problem: {name: test_plate}\n"
      "network: {hidden: [12, 12], activation: tanh, adaptive: {mode: neuron}}\n"
      "sampling: {residual: {points: 400}, boundary: {points: 120}}\n"
      "training: {derivatives: " +
      engine + ", dtype: " + dtype + ", threads: 2}\n");
  auto setup = prepare_training(config);
  setup.net->zero_grad();
  const auto total = setup.loss.evaluate().total;
  total.backward();
  std::vector<at::Tensor> grads;
  for (const auto& p : setup.net->parameters()) {
    grads.push_back(p.grad().defined() ? p.grad().clone() : torch::zeros_like(p));
  }
  return {total.item<double>(), grads};
}

TEST(FourthOrderProblem, TaylorLossAndGradientsEqualAutograds) {
  for (const auto* dtype : {"float64", "float32"}) {
    const double tolerance = std::string(dtype) == "float64" ? 1e-10 : 1e-4;
    const auto [taylor_loss, taylor_grads] = loss_and_gradients("taylor", dtype);
    const auto [autograd_loss, autograd_grads] = loss_and_gradients("autograd", dtype);
    EXPECT_GT(autograd_loss, 0.0);
    EXPECT_NEAR(taylor_loss, autograd_loss, tolerance * autograd_loss) << dtype;
    ASSERT_EQ(taylor_grads.size(), autograd_grads.size());
    for (size_t i = 0; i < taylor_grads.size(); ++i) {
      const auto want = autograd_grads[i].to(torch::kFloat64);
      const double apart = (taylor_grads[i].to(torch::kFloat64) - want).norm().item<double>();
      EXPECT_LE(apart, tolerance * want.norm().item<double>())
          << dtype << " gradient of parameter " << i;
    }
  }
}

}  // namespace
}  // namespace pinn
