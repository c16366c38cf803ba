// Input embeddings (random Fourier features, random weight factorisation) through
// both derivative engines: every partial up to order 4 in two inputs of a two-output
// network, for every adaptive mode, the fused Taylor kernel and the tensor-op path
// against nested autograd (values and the gradients of every parameter: weights or
// V and s, biases, slopes), float64 to 1e-10 and float32 to 1e-5 (or as close to the
// float64 truth as autograd's float32); and each order against central finite
// differences of the order below, in float64.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <optional>
#include <string>
#include <tuple>

#include "solver/autodiff/taylor_cpu.h"
#include "solver/autodiff/taylor_tensor.h"
#include "tests/core/taylor_support.h"

namespace pinn {
namespace {

using testing::evaluate;
using testing::Evaluation;

const std::vector<std::string> kInputs = {"x", "t"};
// The value, 2 first, 3 second, 4 third and 5 fourth partials.
const std::vector<Partial> kNeeds = testing::partials_up_to(2, 4);

struct Embedding {
  const char* name;
  bool fourier = false;
  std::vector<int64_t> fourier_inputs;  // empty: every non-periodic input
  std::vector<int64_t> periodic;
  bool factorized = false;
};

const Embedding kEmbeddings[] = {
    {"fourier", true},
    {"fourier_x_only", true, {0}},              // t passes through as t'
    {"fourier_and_periodic_x", true, {}, {0}},  // B reads t; x gives cos, sin(pi x')
    {"factorized", false, {}, {}, true},
    {"fourier_factorized", true, {}, {}, true},
};

NetworkOptions options(const Embedding& e, AdaptiveMode mode) {
  NetworkOptions o;
  o.inputs = 2;
  o.outputs = 2;
  o.hidden = {7, 5};
  o.activation = "tanh";
  o.mode = mode;
  o.scale = 2.0;
  o.input_lo = {-1, 0};
  o.input_hi = {1, 2};
  o.periodic = e.periodic;
  if (e.fourier) {
    o.fourier.features = 5;  // 10 columns or more: the kernel keeps layer 0's z
    o.fourier.scale = 1.5;
    o.fourier.seed = 11;
    o.fourier.inputs = e.fourier_inputs;
  }
  o.factorization.enabled = e.factorized;
  return o;
}

at::Tensor random_points(int64_t n, torch::Dtype dtype) {
  torch::manual_seed(23);
  return (torch::rand({n, 2}, torch::kFloat64) * torch::tensor({2.0, 2.0}) -
          torch::tensor({1.0, 0.0}))
      .to(dtype);
}

using Case = std::tuple<int, AdaptiveMode, torch::Dtype>;

class EmbeddingEngines : public ::testing::TestWithParam<Case> {};

TEST_P(EmbeddingEngines, TaylorMatchesAutogradToFourthOrder) {
  const auto& [index, mode, dtype] = GetParam();
  const auto o = options(kEmbeddings[index], mode);
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
  // Every parameter counts: the mix's gradient reaches each one.
  for (size_t i = 0; i < want.grads.size(); ++i) {
    EXPECT_GT(want.grads[i].abs().max().item<double>(), 0) << "parameter " << i;
  }
  const double tolerance = f64 ? 1e-10 : 1e-5;
  const auto* reference = truth ? &*truth : nullptr;
  const auto labels = testing::labels_of(kNeeds, kInputs);
  const std::string what = kEmbeddings[index].name;
  testing::expect_same(evaluate(net, points, testing::taylor_engine(taylor_streams_cpu, kNeeds)),
                       want, reference, tolerance, labels, what + ", fused");
  testing::expect_same(evaluate(net, points, testing::taylor_engine(taylor_streams_tensor, kNeeds)),
                       want, reference, tolerance, labels, what + ", tensor ops");
}

std::vector<Case> all_cases() {
  std::vector<Case> cases;
  for (int e = 0; e < static_cast<int>(std::size(kEmbeddings)); ++e) {
    for (auto mode :
         {AdaptiveMode::Fixed, AdaptiveMode::Global, AdaptiveMode::Layer, AdaptiveMode::Neuron}) {
      for (auto dtype : {torch::kFloat64, torch::kFloat32}) cases.emplace_back(e, mode, dtype);
    }
  }
  return cases;
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  const auto& [index, mode, dtype] = info.param;
  return std::string(kEmbeddings[index].name) + "_" + to_string(mode) +
         (dtype == torch::kFloat64 ? "_f64" : "_f32");
}

INSTANTIATE_TEST_SUITE_P(EveryEmbeddingAndMode, EmbeddingEngines, ::testing::ValuesIn(all_cases()),
                         case_name);

// Each partial of order k >= 1 from the fused kernel against the central difference
// of its parent (order k - 1, the same engine) along its last axis, in float64: a
// check that needs no second engine.
TEST(EmbeddingDerivatives, MatchFiniteDifferencesToFourthOrder) {
  at::set_num_threads(1);
  for (const auto& e : kEmbeddings) {
    auto net = testing::random_net(options(e, AdaptiveMode::Neuron), torch::kFloat64);
    torch::NoGradGuard no_grad;
    const StreamPlan plan(kNeeds, kTaylorMaxOrder);
    const auto points = random_points(40, torch::kFloat64);
    const auto at = [&](const at::Tensor& p) { return taylor_streams_cpu(*net, p, plan); };
    const auto streams = at(points);
    constexpr double h = 3e-5;
    for (const auto& p : kNeeds) {
      if (p.order() == 0) continue;
      const int axis = p.axes().back();
      auto shift = torch::zeros({1, 2}, torch::kFloat64);
      shift[0][axis] = h;
      const int parent = plan.index(p.parent());
      const auto difference = (at(points + shift)[parent] - at(points - shift)[parent]) / (2 * h);
      const auto exact = streams[plan.index(p)];
      const double scale = exact.abs().max().item<double>() + 1;
      const double error = (difference - exact).abs().max().item<double>() / scale;
      // Truncation (h^2 times the next derivative) and rounding (1e-16 / h).
      EXPECT_LT(error, 1e-6) << e.name << " " << p.label(kInputs);
    }
  }
}

}  // namespace
}  // namespace pinn
