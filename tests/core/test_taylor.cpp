// The Taylor engine (fused CPU kernel and tensor-op path) against the autograd
// engine: every stream's values of every output and every parameter's gradient,
// for every activation x adaptive mode, in float64 (1e-10 relative) and float32
// (1e-5), on a network with three outputs.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <optional>

#include "solver/autodiff/autograd_engine.h"
#include "solver/autodiff/stream_plan.h"
#include "solver/autodiff/taylor_cpu.h"
#include "solver/autodiff/taylor_engine.h"
#include "solver/autodiff/taylor_tensor.h"
#include "tests/core/taylor_support.h"

namespace pinn {
namespace {

using testing::Engine;
using testing::evaluate;
using testing::Evaluation;
using testing::relative_error;
using testing::StreamsFn;

const std::vector<std::string> kInputs = {"x", "t"};
// Every partial up to order 3 in two inputs, mixed ones included.
const std::vector<Partial> kNeeds = {{},     {0},       {1},       {0, 0},    {0, 1},
                                     {1, 1}, {0, 0, 0}, {0, 0, 1}, {0, 1, 1}, {1, 1, 1}};

constexpr int64_t kOutputs = 3;

Mlp random_net(AdaptiveMode mode, const std::string& activation, torch::Dtype dtype,
               int64_t outputs = kOutputs, std::vector<int64_t> periodic = {}) {
  NetworkOptions o;
  o.inputs = 2;
  o.outputs = outputs;
  o.periodic = std::move(periodic);
  o.hidden = {7, 5, 6};
  o.activation = activation;
  o.mode = mode;
  o.scale = 2.0;
  o.input_lo = {-1, 0};
  o.input_hi = {1, 2};
  return testing::random_net(o, dtype);
}

at::Tensor random_points(int64_t n, torch::Dtype dtype) {
  torch::manual_seed(17);
  return (torch::rand({n, 2}, torch::kFloat64) * torch::tensor({2.0, 2.0}) -
          torch::tensor({1.0, 0.0}))
      .to(dtype);
}

const Engine by_autograd = testing::autograd_engine(kNeeds, kInputs);

Engine by_taylor(StreamsFn streams_of) { return testing::taylor_engine(streams_of, kNeeds); }

void expect_same(const Evaluation& got, const Evaluation& want, const Evaluation* truth,
                 double tolerance, const std::string& what) {
  testing::expect_same(got, want, truth, tolerance, testing::labels_of(kNeeds, kInputs), what);
}

using Case = std::tuple<std::string, AdaptiveMode, torch::Dtype>;

class TaylorEngine : public ::testing::TestWithParam<Case> {};

TEST_P(TaylorEngine, MatchesAutogradValuesAndGradients) {
  const auto& [activation, mode, dtype] = GetParam();
  const bool f64 = dtype == torch::kFloat64;
  auto net = random_net(mode, activation, dtype);
  // 1100 points: five chunks of 220, each padded to whole lane batches.
  at::set_num_threads(2);
  const auto points = random_points(1100, dtype);
  const auto want = evaluate(net, points, by_autograd);
  std::optional<Evaluation> truth;
  if (!f64) {
    auto net64 = random_net(mode, activation, torch::kFloat64);
    truth = evaluate(net64, points.to(torch::kFloat64), by_autograd);
  }
  const double tolerance = f64 ? 1e-10 : 1e-5;
  const auto* reference = truth ? &*truth : nullptr;
  expect_same(evaluate(net, points, by_taylor(taylor_streams_cpu)), want, reference, tolerance,
              "fused");
  expect_same(evaluate(net, points, by_taylor(taylor_streams_tensor)), want, reference, tolerance,
              "tensor ops");
}

std::vector<Case> all_cases() {
  std::vector<Case> cases;
  for (const auto& activation : activation_names()) {
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

INSTANTIATE_TEST_SUITE_P(EveryActivationAndMode, TaylorEngine, ::testing::ValuesIn(all_cases()),
                         case_name);

TEST(StreamPlan, ClosesTheRequestedPartialsUnderSubsets) {
  const StreamPlan plan({{}, {1}, {0, 0}}, 3);
  // u_xx needs u_x, which was not asked for.
  ASSERT_EQ(plan.size(), 4);
  EXPECT_TRUE(plan.streams()[0] == Partial{});
  EXPECT_EQ(plan.max_order(), 2);
  EXPECT_NO_THROW(plan.index(Partial{0}));
}

TEST(StreamPlan, ThirdOrderTermsFollowFaaDiBruno) {
  // h_xxx = s3 y_x^3 + 3 s2 y_xx y_x + s1 y_xxx
  const StreamPlan plan({{0, 0, 0}}, 3);
  const int xxx = plan.index(Partial{0, 0, 0});
  const auto& terms = plan.terms(xxx);
  ASSERT_EQ(terms.size(), 3u);
  const int x = plan.index(Partial{0});
  const int xx = plan.index(Partial{0, 0});
  for (const auto& t : terms) {
    if (t.order == 3) {
      EXPECT_EQ(t.coefficient, 1);
      EXPECT_EQ(t.blocks, (std::vector<int>{x, x, x}));
    } else if (t.order == 2) {
      EXPECT_EQ(t.coefficient, 3);
      EXPECT_EQ(t.blocks, (std::vector<int>{x, xx}));
    } else {
      EXPECT_EQ(t.coefficient, 1);
      EXPECT_EQ(t.blocks, (std::vector<int>{xxx}));
    }
  }
}

TEST(StreamPlan, RefusesOrdersAboveTheLimit) {
  try {
    StreamPlan plan({{0, 0, 0, 0}}, 3);
    FAIL() << "a fourth-order partial was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("up to order 3"), std::string::npos) << e.what();
  }
}

TEST(TaylorEngineFields, GivesExactlyTheDeclaredPartials) {
  auto net = random_net(AdaptiveMode::Layer, "tanh", torch::kFloat64);
  const auto points = random_points(20, torch::kFloat64);
  const auto fields = evaluate_taylor(*net, points, {{}, {1}, {0, 0}}, kInputs);
  EXPECT_EQ(fields.d(0, 0).sizes(), (std::vector<int64_t>{20, 1}));
  EXPECT_NO_THROW(fields.d(1));
  EXPECT_THROW(fields.d(1, 1), std::logic_error);
}

TEST(TaylorEngineFields, GivesEveryOutputsPartialsAsAutogradDoes) {
  auto net = random_net(AdaptiveMode::Neuron, "tanh", torch::kFloat64);
  const auto points = random_points(300, torch::kFloat64);
  const std::vector<Partial> needs = {{Output{0}, {}},
                                      {Output{0}, {0}},
                                      {Output{1}, {1}},
                                      {Output{2}, {0, 1}},
                                      {Output{1}, {0, 0, 1}}};
  const std::vector<std::string> outputs = {"u", "v", "p"};
  const auto taylor = evaluate_taylor(*net, points, needs, kInputs, outputs);
  const auto autograd = evaluate_autograd(net, points, needs, kInputs, outputs);
  for (const auto& p : needs) {
    EXPECT_EQ(taylor.get(p).sizes(), (std::vector<int64_t>{300, 1})) << p.label(kInputs, outputs);
    EXPECT_LE(relative_error(taylor.get(p), autograd.get(p)), 1e-12) << p.label(kInputs, outputs);
  }
  EXPECT_LE(relative_error(taylor.d(Output{2}, 0, 1), autograd.d(Output{2}, 0, 1)), 1e-12);
  // Streams serve every output: p_t is there, as v_t's stream is.
  EXPECT_NO_THROW(taylor.d(Output{2}, 1));
  try {
    autograd.d(Output{2}, 1, 1);
    FAIL() << "an undeclared partial was given";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("p_tt"), std::string::npos) << e.what();
  }
}

TEST(TaylorEngineFields, OneOutputNetworksMatchAutogradToo) {
  for (auto dtype : {torch::kFloat64, torch::kFloat32}) {
    auto net = random_net(AdaptiveMode::Layer, "tanh", dtype, 1);
    const auto points = random_points(700, dtype);
    const auto want = evaluate(net, points, by_autograd);
    expect_same(evaluate(net, points, by_taylor(taylor_streams_cpu)), want, nullptr,
                dtype == torch::kFloat64 ? 1e-10 : 1e-5, "one output");
  }
}

TEST(TaylorEngineFields, PeriodicFeaturesMatchAutograd) {
  for (const auto* activation : {"tanh", "sin", "gelu"}) {
    for (const auto& periodic : {std::vector<int64_t>{0}, std::vector<int64_t>{1, 0}}) {
      for (auto dtype : {torch::kFloat64, torch::kFloat32}) {
        auto net = random_net(AdaptiveMode::Neuron, activation, dtype, kOutputs, periodic);
        const auto points = random_points(700, dtype);
        const auto want = evaluate(net, points, by_autograd);
        const double tolerance = dtype == torch::kFloat64 ? 1e-10 : 2e-5;
        const auto what =
            std::string(activation) + " periodic in " + std::to_string(periodic.size()) + " inputs";
        expect_same(evaluate(net, points, by_taylor(taylor_streams_cpu)), want, nullptr, tolerance,
                    what + ", fused");
        expect_same(evaluate(net, points, by_taylor(taylor_streams_tensor)), want, nullptr,
                    tolerance, what + ", tensor ops");
      }
    }
  }
}

TEST(TaylorEngineFields, WithoutGradModeRecordsNothing) {
  auto net = random_net(AdaptiveMode::Neuron, "sin", torch::kFloat32);
  const auto points = random_points(600, torch::kFloat32);
  torch::NoGradGuard guard;
  const auto fields = evaluate_taylor(*net, points, {{}, {0, 0}}, kInputs);
  EXPECT_FALSE(fields.d(0, 0).requires_grad());
  EXPECT_LE(relative_error(fields.u(), net->forward(points).narrow(1, 0, 1)), 1e-6);
}

}  // namespace
}  // namespace pinn
