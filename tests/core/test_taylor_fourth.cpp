// The Taylor engine at fourth order: every partial up to order 4 in four inputs
// (u_xxxx, u_xxyy, u_xyzt, u_xxxt, ...) of two-output networks, for every
// activation whose fourth derivative is informative and every adaptive mode, the
// fused kernel and the tensor-op path against nested autograd: values and the
// parameter gradients of a loss built from them (the kernel's hand-written
// backward), float64 to 1e-10 relative and float32 to 1e-5 (or as close to the
// float64 truth as autograd's float32). Then the two Taylor paths against each
// other, the fourth-order Faa di Bruno terms, and the limits.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <optional>
#include <tuple>

#include "solver/autodiff/derivative_engine.h"
#include "solver/autodiff/stream_plan.h"
#include "solver/autodiff/taylor_cpu.h"
#include "solver/autodiff/taylor_engine.h"
#include "solver/autodiff/taylor_tensor.h"
#include "tests/core/taylor_support.h"

namespace pinn {
namespace {

using testing::evaluate;
using testing::Evaluation;
using testing::relative_error;

const std::vector<std::string> kInputs = {"x", "y", "z", "t"};

// The value, 4 first, 10 second, 20 third and 35 fourth partials.
const std::vector<Partial> kNeeds = testing::partials_up_to(4, 4);

NetworkOptions options(AdaptiveMode mode, const std::string& activation,
                       std::vector<int64_t> periodic = {}) {
  NetworkOptions o;
  o.inputs = 4;
  o.outputs = 2;
  o.hidden = {6, 5};
  o.activation = activation;
  o.mode = mode;
  o.scale = 2.0;
  // Boxes of different sizes: each input's normalisation scale enters its partials.
  o.input_lo = {-1, 0, -0.5, 0};
  o.input_hi = {1, 2, 0.5, 1};
  o.periodic = std::move(periodic);
  return o;
}

at::Tensor random_points(int64_t n, torch::Dtype dtype) {
  torch::manual_seed(19);
  const auto lo = torch::tensor({-1.0, 0.0, -0.5, 0.0}, torch::kFloat64);
  const auto hi = torch::tensor({1.0, 2.0, 0.5, 1.0}, torch::kFloat64);
  return (lo + torch::rand({n, 4}, torch::kFloat64) * (hi - lo)).to(dtype);
}

// Both Taylor paths against nested autograd on the network of `o`.
void expect_taylor_matches_autograd(const NetworkOptions& o, torch::Dtype dtype,
                                    const std::string& what) {
  const bool f64 = dtype == torch::kFloat64;
  auto net = testing::random_net(o, dtype);
  // 90 points: two chunks of 45, each padded to whole lane batches.
  at::set_num_threads(2);
  const auto points = random_points(90, dtype);
  const auto by_autograd = testing::autograd_engine(kNeeds, kInputs);
  const auto want = evaluate(net, points, by_autograd);
  std::optional<Evaluation> truth;
  if (!f64) {
    auto net64 = testing::random_net(o, torch::kFloat64);
    truth = evaluate(net64, points.to(torch::kFloat64), by_autograd);
  }
  const double tolerance = f64 ? 1e-10 : 1e-5;
  const auto* reference = truth ? &*truth : nullptr;
  const auto labels = testing::labels_of(kNeeds, kInputs);
  testing::expect_same(evaluate(net, points, testing::taylor_engine(taylor_streams_cpu, kNeeds)),
                       want, reference, tolerance, labels, what + ", fused");
  testing::expect_same(evaluate(net, points, testing::taylor_engine(taylor_streams_tensor, kNeeds)),
                       want, reference, tolerance, labels, what + ", tensor ops");
}

using Case = std::tuple<std::string, AdaptiveMode, torch::Dtype>;

class FourthOrder : public ::testing::TestWithParam<Case> {};

TEST_P(FourthOrder, MatchesAutogradValuesAndGradients) {
  const auto& [activation, mode, dtype] = GetParam();
  expect_taylor_matches_autograd(options(mode, activation), dtype, activation);
}

// The activations whose fourth derivative is not zero almost everywhere.
std::vector<std::string> fourth_order_activations() {
  std::vector<std::string> names;
  for (const auto& name : activation_names()) {
    if (find_activation(name).informative_order >= 4) names.push_back(name);
  }
  return names;
}

std::vector<Case> all_cases() {
  std::vector<Case> cases;
  for (const auto& activation : fourth_order_activations()) {
    for (auto mode :
         {AdaptiveMode::Fixed, AdaptiveMode::Global, AdaptiveMode::Layer, AdaptiveMode::Neuron}) {
      for (auto dtype : {torch::kFloat64, torch::kFloat32}) {
        cases.emplace_back(activation, mode, dtype);
      }
    }
  }
  return cases;
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  const auto& [activation, mode, dtype] = info.param;
  return activation + "_" + to_string(mode) + (dtype == torch::kFloat64 ? "_f64" : "_f32");
}

INSTANTIATE_TEST_SUITE_P(EveryActivationAndMode, FourthOrder, ::testing::ValuesIn(all_cases()),
                         case_name);

TEST(FourthOrderActivations, AreTheSmoothOnes) {
  EXPECT_EQ(fourth_order_activations(),
            (std::vector<std::string>{"celu", "elu", "gelu", "logsigmoid", "sigmoid", "silu", "sin",
                                      "softplus", "tanh"}));
}

// Periodic inputs: the features' fourth derivatives (pi scale)^4 sin(pi x' + phase + 2 pi).
TEST(FourthOrderPeriodic, MatchesAutograd) {
  for (auto dtype : {torch::kFloat64, torch::kFloat32}) {
    expect_taylor_matches_autograd(options(AdaptiveMode::Neuron, "tanh", {0, 3}), dtype,
                                   "tanh periodic in x and t");
  }
}

// The tensor-op path (any device) against the fused kernel, on a wider network and
// more points than the autograd comparison affords.
TEST(FourthOrderPaths, TensorOpsMatchTheFusedKernel) {
  const std::vector<Partial> needs = {{},           {0},          {0, 0},       {0, 1},
                                      {1, 1},       {0, 0, 0, 0}, {0, 0, 1, 1}, {1, 1, 1, 1},
                                      {0, 1, 2, 3}, {0, 0, 0, 3}, {2, 2, 3, 3}};
  const auto labels = testing::labels_of(needs, kInputs);
  at::set_num_threads(2);
  for (const auto* activation : {"tanh", "sin", "gelu", "silu", "softplus", "elu"}) {
    for (auto dtype : {torch::kFloat64, torch::kFloat32}) {
      auto o = options(AdaptiveMode::Neuron, activation);
      o.hidden = {20, 20, 20};
      auto net = testing::random_net(o, dtype);
      const auto points = random_points(600, dtype);
      const auto fused = evaluate(net, points, testing::taylor_engine(taylor_streams_cpu, needs));
      const auto tensor =
          evaluate(net, points, testing::taylor_engine(taylor_streams_tensor, needs));
      // float32: two roundings of the same sums; the fused kernel's tanh is within
      // a few ulps of ATen's.
      testing::expect_same(fused, tensor, nullptr, dtype == torch::kFloat64 ? 1e-12 : 2e-5, labels,
                           activation);
    }
  }
}

TEST(FourthOrderPlan, TermsFollowFaaDiBruno) {
  // h_xxxx = s4 y_x^4 + 6 s3 y_x^2 y_xx + 4 s2 y_x y_xxx + 3 s2 y_xx^2 + s1 y_xxxx
  const StreamPlan plan({{0, 0, 0, 0}}, 4);
  EXPECT_EQ(plan.size(), 5);
  EXPECT_EQ(plan.max_order(), 4);
  const int x = plan.index(Partial{0}), xx = plan.index(Partial{0, 0});
  const int xxx = plan.index(Partial{0, 0, 0}), xxxx = plan.index(Partial{0, 0, 0, 0});
  std::vector<std::tuple<int, double, std::vector<int>>> got;
  for (const auto& t : plan.terms(xxxx)) got.emplace_back(t.order, t.coefficient, t.blocks);
  std::sort(got.begin(), got.end());
  const std::vector<std::tuple<int, double, std::vector<int>>> want = {{1, 1.0, {xxxx}},
                                                                       {2, 4.0, {x, xxx}},
                                                                       {2, 3.0, {xx, xx}},
                                                                       {3, 6.0, {x, x, xx}},
                                                                       {4, 1.0, {x, x, x, x}}};
  auto sorted_want = want;
  std::sort(sorted_want.begin(), sorted_want.end());
  EXPECT_EQ(got, sorted_want);
}

TEST(FourthOrderPlan, MixedPartialsCountEverySetPartition) {
  // u_xyzt: the 15 set partitions of four distinct axes, one term each; u_xxyy: 15
  // partitions falling on 9 distinct terms. Streams: every sub-multiset.
  const StreamPlan plan({{0, 1, 2, 3}, {0, 0, 1, 1}}, 4);
  const auto& mixed = plan.terms(plan.index(Partial{0, 1, 2, 3}));
  EXPECT_EQ(mixed.size(), 15u);
  for (const auto& t : mixed) EXPECT_EQ(t.coefficient, 1.0);
  double partitions = 0;
  const auto& xxyy = plan.terms(plan.index(Partial{0, 0, 1, 1}));
  for (const auto& t : xxyy) partitions += t.coefficient;
  EXPECT_EQ(partitions, 15.0);
  EXPECT_EQ(xxyy.size(), 9u);
  // 16 subsets of {x, y, z, t} and u_xx, u_yy, u_xxy, u_xyy, u_xxyy.
  EXPECT_EQ(plan.size(), 21);
}

TEST(FourthOrderPlan, RefusesOrdersAboveTheEngine) {
  try {
    StreamPlan plan({{0, 0, 0, 0, 1}}, kTaylorMaxOrder);
    FAIL() << "a fifth-order partial was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("up to order 4"), std::string::npos) << e.what();
  }
  // The fused kernel refuses a plan built above its order rather than misreading it.
  auto net = testing::random_net(options(AdaptiveMode::Fixed, "tanh"), torch::kFloat64);
  const StreamPlan fifth({{0, 0, 0, 0, 0}}, 5);
  try {
    taylor_streams_cpu(*net, random_points(20, torch::kFloat64), fifth);
    FAIL() << "the fused kernel ran a fifth-order plan";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("up to order 4"), std::string::npos) << e.what();
  }
}

TEST(FourthOrderEngine, TaylorIsTheFastestUpToFourthOrder) {
  EXPECT_EQ(kTaylorMaxOrder, 4);
  for (int order = 0; order <= 4; ++order) {
    EXPECT_EQ(fastest_engine(order), DerivativeEngine::Taylor) << order;
  }
  EXPECT_EQ(fastest_engine(5), DerivativeEngine::Autograd);
}

TEST(FourthOrderEngine, FieldsOfThreeOutputsMatchAutograd) {
  auto o = options(AdaptiveMode::Layer, "sin");
  o.outputs = 3;
  auto net = testing::random_net(o, torch::kFloat64);
  const auto points = random_points(200, torch::kFloat64);
  const std::vector<Partial> needs = {{Output{0}, {}},
                                      {Output{0}, {0, 0, 0, 0}},
                                      {Output{1}, {0, 0, 1, 1}},
                                      {Output{2}, {0, 1, 2, 3}},
                                      {Output{2}, {0, 0, 0, 3}}};
  const std::vector<std::string> outputs = {"u", "v", "w"};
  const auto taylor =
      evaluate_fields(DerivativeEngine::Taylor, net, points, needs, kInputs, outputs);
  const auto autograd =
      evaluate_fields(DerivativeEngine::Autograd, net, points, needs, kInputs, outputs);
  for (const auto& p : needs) {
    EXPECT_LE(relative_error(taylor.get(p), autograd.get(p)), 1e-12) << p.label(kInputs, outputs);
  }
  EXPECT_EQ(Partial({0, 0, 1, 1}, Output{1}).label(kInputs, outputs), "v_xxyy");
}

}  // namespace
}  // namespace pinn
