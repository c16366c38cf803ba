// Output transforms (problem.transform): every partial of a transformed output to order 4
// in two inputs, from both engines, against closed forms built from the raw network's
// partials, against finite differences, and the engines against each other with their
// parameter gradients (float64 and float32); outputs left raw and transforms reading
// another raw output.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <string>
#include <vector>

#include "solver/autodiff/derivative_engine.h"
#include "tests/core/support.h"
#include "tests/core/taylor_support.h"

namespace pinn {
namespace {

using testing::random_net;
using testing::relative_error;

// u = sin(pi x) + t x (1 - x) N_u: u(x, 0) = sin(pi x), u = 0 at x = 0 and 1.
const std::string kWave = R"yaml(problem:
  inputs: {x: [0, 1], t: [0, 1]}
  time: t
  parameters: {c2: 4}
  functions: {"g(s)": sin(pi*s)}
  transform: {u: "g(x) + t*x*(1-x)*N_u"}
  equations: [u_tt - c2*u_xx]
network: {hidden: [12, 12]}
training: {phases: [{optimizer: adam, iterations: 1}]}
)yaml";

const std::vector<std::string> kInputs = {"x", "t"};

// Every partial of order 0 to 4 in x (0) and t (1): 15 of them.
std::vector<Partial> every_partial() {
  std::vector<Partial> all;
  for (int order = 0; order <= 4; ++order) {
    for (int ts = 0; ts <= order; ++ts) {
      std::vector<int> axes(static_cast<size_t>(order - ts), 0);
      axes.insert(axes.end(), static_cast<size_t>(ts), 1);
      all.emplace_back(axes);
    }
  }
  return all;
}

Partial partial_of(int xs, int ts) {
  std::vector<int> axes(static_cast<size_t>(xs), 0);
  axes.insert(axes.end(), static_cast<size_t>(ts), 1);
  return Partial(axes);
}

double binomial(int n, int k) { return k == 0 ? 1 : k == 1 ? n : n * (n - 1) / 2.0; }

// D_x^a D_t^b of sin(pi x) + t g(x) N with g = x (1 - x), by Leibniz from the raw
// network's partials (g''' = 0): sum_k C(a, k) g^(k) (t N_{x^(a-k) t^b} + b N_{x^(a-k) t^(b-1)}).
at::Tensor closed_form(int a, int b, const Fields& raw, const at::Tensor& points) {
  const auto x = points.select(1, 0).unsqueeze(1);
  const auto t = points.select(1, 1).unsqueeze(1);
  const std::vector<at::Tensor> g = {x * (1 - x), 1 - 2 * x, torch::full_like(x, -2.0)};
  auto u = torch::zeros_like(x);
  if (b == 0) u = u + std::pow(M_PI, a) * torch::sin(M_PI * x + a * M_PI / 2);
  for (int k = 0; k <= std::min(a, 2); ++k) {
    auto inner = t * raw.get(partial_of(a - k, b));
    if (b > 0) inner = inner + b * raw.get(partial_of(a - k, b - 1));
    u = u + binomial(a, k) * g[static_cast<size_t>(k)] * inner;
  }
  return u;
}

struct Nets {
  Mlp transformed{nullptr};
  Mlp raw{nullptr};  // the same parameters, no transform
};

Nets nets(const std::string& yaml, torch::Dtype dtype) {
  const auto config = testing::parse_config(yaml);
  EXPECT_NE(config.network.transform, nullptr);
  auto plain = config.network;
  plain.transform = nullptr;
  return {random_net(config.network, dtype), random_net(plain, dtype)};
}

at::Tensor sample_points(int64_t n, torch::Dtype dtype) {
  torch::manual_seed(11);
  return torch::rand({n, 2}, torch::kFloat64).to(dtype);
}

TEST(Transform, EveryPartialToOrderFourMatchesTheClosedFormInBothEngines) {
  auto [net, raw] = nets(kWave, torch::kFloat64);
  const auto points = sample_points(300, torch::kFloat64);
  const auto needs = every_partial();
  const auto n = evaluate_autograd(raw, points, needs, kInputs);
  for (const auto engine : {DerivativeEngine::Autograd, DerivativeEngine::Taylor}) {
    const auto fields = evaluate_fields(engine, net, points, needs, kInputs);
    for (const auto& p : needs) {
      const int ts = static_cast<int>(std::count(p.axes().begin(), p.axes().end(), 1));
      const auto want = closed_form(p.order() - ts, ts, n, points);
      EXPECT_LE(relative_error(fields.get(p), want), 1e-10)
          << to_string(engine) << " " << p.label(kInputs);
    }
  }
  // The closed form is not the raw network: the transform is there.
  EXPECT_GT(relative_error(n.get(Partial{0, 0}), closed_form(2, 0, n, points)), 1e-2);
}

TEST(Transform, PartialsMatchFiniteDifferences) {
  auto [net, raw] = nets(kWave, torch::kFloat64);
  (void)raw;
  const auto points = sample_points(20, torch::kFloat64);
  const auto fields =
      evaluate_fields(DerivativeEngine::Taylor, net, points, {{0}, {1}, {0, 0}, {0, 1}}, kInputs);
  torch::NoGradGuard no_grad;
  auto u = [&](double dx, double dt) {
    return net->forward(points + torch::tensor({{dx, dt}}, torch::kFloat64));
  };
  const double h = 1e-5, h2 = 1e-3;
  const auto u_x = (u(h, 0) - u(-h, 0)) / (2 * h);
  const auto u_t = (u(0, h) - u(0, -h)) / (2 * h);
  const auto u_xx = (u(h2, 0) - 2 * u(0, 0) + u(-h2, 0)) / (h2 * h2);
  const auto u_xt = (u(h2, h2) - u(h2, -h2) - u(-h2, h2) + u(-h2, -h2)) / (4 * h2 * h2);
  EXPECT_LE(relative_error(fields.get({0}), u_x), 1e-8);
  EXPECT_LE(relative_error(fields.get({1}), u_t), 1e-8);
  EXPECT_LE(relative_error(fields.get({0, 0}), u_xx), 1e-5);
  EXPECT_LE(relative_error(fields.get({0, 1}), u_xt), 1e-5);
}

// Values and the gradient of a mix of all of them with respect to every parameter.
testing::Evaluation engine_values(Mlp& net, const at::Tensor& points, DerivativeEngine engine,
                                  const std::vector<Partial>& needs,
                                  const std::vector<std::string>& outputs) {
  return testing::evaluate(net, points, [&](Mlp& m, const at::Tensor& p) {
    const auto fields = evaluate_fields(engine, m, p, needs, kInputs, outputs);
    std::vector<at::Tensor> values;
    for (const auto& need : needs) values.push_back(fields.get(need));
    return values;
  });
}

void expect_engines_agree(const std::string& yaml, const std::vector<Partial>& needs,
                          const std::vector<std::string>& outputs) {
  for (const auto dtype : {torch::kFloat64, torch::kFloat32}) {
    auto [net, raw] = nets(yaml, dtype);
    (void)raw;
    const auto points = sample_points(700, dtype);  // several chunks of the fused kernel
    const auto taylor = engine_values(net, points, DerivativeEngine::Taylor, needs, outputs);
    const auto autograd = engine_values(net, points, DerivativeEngine::Autograd, needs, outputs);
    const double tolerance = dtype == torch::kFloat64 ? 1e-10 : 2e-4;
    for (size_t i = 0; i < needs.size(); ++i) {
      EXPECT_LE(relative_error(taylor.values[i], autograd.values[i]), tolerance)
          << needs[i].label(kInputs, outputs) << " " << c10::toString(dtype);
    }
    ASSERT_EQ(taylor.grads.size(), autograd.grads.size());
    for (size_t i = 0; i < taylor.grads.size(); ++i) {
      EXPECT_GT(taylor.grads[i].abs().max().item<double>(), 0) << i;
      EXPECT_LE(relative_error(taylor.grads[i], autograd.grads[i]), tolerance)
          << "gradient " << i << " " << c10::toString(dtype);
    }
  }
}

TEST(Transform, EnginesAgreeOnValuesAndParameterGradients) {
  expect_engines_agree(kWave, every_partial(), {"u"});
}

// u transformed, reading N_v too; v raw: its partials are the network's own.
const std::string kSystem = R"yaml(problem:
  inputs: {x: [0, 1], y: [-1, 1]}
  outputs: [u, v]
  parameters: {a: 0.5}
  transform: {u: "exp(a*y)*(1 - x^2)*N_u + x*N_v^2"}
  equations: [u_xx + u_yy - v, v_x - u]
network: {hidden: [10, 10]}
training: {phases: [{optimizer: adam, iterations: 1}]}
)yaml";

TEST(Transform, UntransformedOutputsStayRawAndATransformMayReadThem) {
  const std::vector<Partial> needs = {
      {Output{0}},      {Output{0}, {0}},       {Output{0}, {0, 1}}, {Output{0}, {0, 0, 1, 1}},
      {Output{1}, {1}}, {Output{1}, {0, 0, 0}}, {Output{1}},         {Output{0}, {1, 1, 1}}};
  expect_engines_agree(kSystem, needs, {"u", "v"});

  auto [net, raw] = nets(kSystem, torch::kFloat64);
  const auto points = sample_points(200, torch::kFloat64);
  const auto n = evaluate_autograd(raw, points, needs, {"x", "y"}, {"u", "v"});
  const auto f =
      evaluate_fields(DerivativeEngine::Taylor, net, points, needs, {"x", "y"}, {"u", "v"});
  const auto plain =
      evaluate_fields(DerivativeEngine::Taylor, raw, points, needs, {"x", "y"}, {"u", "v"});
  for (const auto& p : needs) {
    if (p.output().index == 1) EXPECT_TRUE(torch::equal(f.get(p), plain.get(p)));
  }
  const auto x = points.select(1, 0).unsqueeze(1);
  const auto y = points.select(1, 1).unsqueeze(1);
  const auto nu = n.get({Output{0}});
  const auto nv = n.get({Output{1}});
  const auto want = torch::exp(0.5 * y) * (1 - x * x) * nu + x * nv * nv;
  EXPECT_LE(relative_error(f.get({Output{0}}), want), 1e-14);
  // u_x = exp(a y) (-2 x N_u + (1 - x^2) N_u_x) + N_v^2 + 2 x N_v N_v_x.
  const auto nu_x =
      evaluate_autograd(raw, points, {{Output{0}, {0}}, {Output{1}, {0}}}, {"x", "y"}, {"u", "v"});
  const auto want_x =
      torch::exp(0.5 * y) * (-2 * x * nu + (1 - x * x) * nu_x.get({Output{0}, {0}})) + nv * nv +
      2 * x * nv * nu_x.get({Output{1}, {0}});
  EXPECT_LE(relative_error(f.get({Output{0}, {0}}), want_x), 1e-12);
}

TEST(Transform, TaylorWithoutGradModeGivesTheSameDetachedValues) {
  auto [net, raw] = nets(kWave, torch::kFloat64);
  (void)raw;
  const auto points = sample_points(100, torch::kFloat64);
  const std::vector<Partial> needs = {{}, {1}, {0, 0}, {1, 1}};
  const auto with = evaluate_fields(DerivativeEngine::Taylor, net, points, needs, kInputs);
  torch::NoGradGuard no_grad;
  const auto without = evaluate_fields(DerivativeEngine::Taylor, net, points, needs, kInputs);
  for (const auto& p : needs) {
    EXPECT_FALSE(without.get(p).requires_grad()) << p.label(kInputs);
    EXPECT_LE(relative_error(without.get(p), with.get(p).detach()), 1e-15) << p.label(kInputs);
  }
}

}  // namespace
}  // namespace pinn
