// The autograd engine's input derivatives against finite differences of the
// network itself (float64) and against its own float64 values (float32).

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "solver/autodiff/autograd_engine.h"

namespace pinn {
namespace {

Mlp make_net(AdaptiveMode mode, const std::string& activation) {
  NetworkOptions o;
  o.inputs = 2;
  o.hidden = {8, 8};
  o.activation = activation;
  o.mode = mode;
  o.scale = 3.0;
  o.input_lo = {-1, 0};
  o.input_hi = {1, 1};
  torch::manual_seed(11);
  Mlp net(o);
  if (mode != AdaptiveMode::Fixed) {
    torch::NoGradGuard guard;  // move slopes away from 1/n so they matter
    for (auto& p : net->named_parameters()) {
      if (p.key().rfind("slope", 0) == 0) p.value().uniform_(0.2, 0.5);
    }
  }
  return net;
}

const std::vector<std::string> kInputs = {"x", "t"};
const std::vector<Partial> kNeeds = {{}, {0}, {1}, {0, 0}, {0, 1}, {1, 1}, {0, 0, 0}};

double u_at(Mlp& net, double x, double t) {
  return net->forward(torch::tensor({{x, t}}, torch::kFloat64)).item<double>();
}

class DerivativeTest : public ::testing::TestWithParam<std::tuple<AdaptiveMode, std::string>> {};

TEST_P(DerivativeTest, MatchFiniteDifferences) {
  auto net = make_net(std::get<0>(GetParam()), std::get<1>(GetParam()));
  torch::manual_seed(5);
  const auto points =
      torch::rand({6, 2}, torch::kFloat64) * torch::tensor({2.0, 1.0}) - torch::tensor({1.0, 0.0});
  const auto fields = evaluate_autograd(net, points, kNeeds, kInputs);
  const double h1 = 1e-5, h2 = 1e-3, h3 = 1e-2;
  for (int64_t i = 0; i < points.size(0); ++i) {
    const double x = points[i][0].item<double>(), t = points[i][1].item<double>();
    auto u = [&](double dx, double dt) { return u_at(net, x + dx, t + dt); };
    const double ux = (u(h1, 0) - u(-h1, 0)) / (2 * h1);
    const double ut = (u(0, h1) - u(0, -h1)) / (2 * h1);
    const double uxx = (u(h2, 0) - 2 * u(0, 0) + u(-h2, 0)) / (h2 * h2);
    const double utt = (u(0, h2) - 2 * u(0, 0) + u(0, -h2)) / (h2 * h2);
    const double uxt = (u(h2, h2) - u(h2, -h2) - u(-h2, h2) + u(-h2, -h2)) / (4 * h2 * h2);
    const double uxxx =
        (u(2 * h3, 0) - 2 * u(h3, 0) + 2 * u(-h3, 0) - u(-2 * h3, 0)) / (2 * h3 * h3 * h3);
    EXPECT_NEAR(fields.u()[i][0].item<double>(), u(0, 0), 1e-14);
    EXPECT_NEAR(fields.d(0)[i][0].item<double>(), ux, 1e-7);
    EXPECT_NEAR(fields.d(1)[i][0].item<double>(), ut, 1e-7);
    EXPECT_NEAR(fields.d(0, 0)[i][0].item<double>(), uxx, 1e-4);
    EXPECT_NEAR(fields.d(1, 1)[i][0].item<double>(), utt, 1e-4);
    EXPECT_NEAR(fields.d(0, 1)[i][0].item<double>(), uxt, 1e-4);
    EXPECT_NEAR(fields.d(1, 0)[i][0].item<double>(), uxt, 1e-4);  // mixed partials commute
    EXPECT_NEAR(fields.d(0, 0, 0)[i][0].item<double>(), uxxx, 2e-2 * (1 + std::abs(uxxx)));
  }
}

TEST_P(DerivativeTest, Float32MatchesFloat64) {
  auto net64 = make_net(std::get<0>(GetParam()), std::get<1>(GetParam()));
  auto net32 = make_net(std::get<0>(GetParam()), std::get<1>(GetParam()));
  net32->to(torch::kFloat32);
  torch::manual_seed(6);
  const auto points = torch::rand({64, 2}, torch::kFloat64);
  const auto f64 = evaluate_autograd(net64, points, kNeeds, kInputs);
  const auto f32 = evaluate_autograd(net32, points.to(torch::kFloat32), kNeeds, kInputs);
  for (const auto& p : kNeeds) {
    const auto a = f32.get(p).to(torch::kFloat64);
    const auto b = f64.get(p);
    const double scale = b.abs().max().item<double>() + 1.0;
    EXPECT_LT((a - b).abs().max().item<double>() / scale, 1e-4) << p.label(kInputs);
  }
}

INSTANTIATE_TEST_SUITE_P(
    ModesAndActivations, DerivativeTest,
    ::testing::Combine(::testing::Values(AdaptiveMode::Fixed, AdaptiveMode::Global,
                                         AdaptiveMode::Layer, AdaptiveMode::Neuron),
                       ::testing::Values("tanh", "sin", "gelu", "softplus")),
    [](const auto& info) {
      return to_string(std::get<0>(info.param)) + "_" + std::get<1>(info.param);
    });

TEST(Derivatives, ResultsStayDifferentiableForTraining) {
  auto net = make_net(AdaptiveMode::Neuron, "tanh");
  const auto points = torch::rand({10, 2}, torch::kFloat64);
  const auto fields = evaluate_autograd(net, points, {{}, {0, 0}}, kInputs);
  fields.d(0, 0).pow(2).mean().backward();
  for (const auto& p : net->named_parameters()) {
    if (p.key() == "output.bias") continue;  // a constant shift leaves u_xx unchanged
    ASSERT_TRUE(p.value().grad().defined()) << p.key();
  }
  EXPECT_GT(net->named_parameters()["slope_0"].grad().abs().sum().item<double>(), 0.0);
}

TEST(Derivatives, UndeclaredPartialIsAnError) {
  auto net = make_net(AdaptiveMode::Fixed, "tanh");
  const auto fields =
      evaluate_autograd(net, torch::rand({3, 2}, torch::kFloat64), {{}, {1}}, kInputs);
  EXPECT_NO_THROW(fields.d(1));
  try {
    fields.d(0, 0);
    FAIL();
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("u_xx"), std::string::npos) << e.what();
  }
}

TEST(Partial, SortsAxesAndLabels) {
  EXPECT_EQ(Partial({1, 0}), Partial({0, 1}));
  EXPECT_EQ(Partial({1, 0, 0}).label(kInputs), "u_xxt");
  EXPECT_EQ(Partial{}.label(kInputs), "u");
  EXPECT_EQ(Partial({0, 1}).parent(), Partial({0}));
  EXPECT_THROW(Partial{}.parent(), std::logic_error);
}

}  // namespace
}  // namespace pinn
