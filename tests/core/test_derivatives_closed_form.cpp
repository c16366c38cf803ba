// Both derivative engines on a network whose derivatives are known in closed form:
// one hidden layer of one neuron with weights set by hand computes
//   u = c sigma(a . x + b) + d,  so  d^k u / dx_i1 ... dx_ik = c a_i1 ... a_ik sigma^(k)(a . x +
//   b).
// Every partial of order 0 to 4, mixed ones included, in 1, 2, 5 and 10 inputs, for
// sin and tanh, by nested autograd, the fused Taylor kernel and its tensor-op form,
// in float64 and float32. The expected values are computed in float64 from the
// float32-rounded weights and points, so float32 is measured on its own rounding.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

#include "solver/autodiff/derivative_engine.h"
#include "solver/autodiff/stream_plan.h"
#include "solver/autodiff/taylor_tensor.h"
#include "tests/core/taylor_support.h"

namespace pinn {
namespace {

struct Neuron {
  std::vector<double> a;  // hidden weights, one per input
  double b = 0.3;         // hidden bias
  double c = 1.7;         // output weight
  double d = -0.4;        // output bias
};

// Weights of both signs and different sizes, scaled so that a . x stays within a
// few units on [-1, 1]^n.
Neuron neuron(int inputs) {
  Neuron n;
  const double shrink = std::min(1.0, 2.0 / std::sqrt(static_cast<double>(inputs)));
  for (int i = 0; i < inputs; ++i) {
    n.a.push_back((i % 2 ? -1.0 : 1.0) * (0.6 + 0.5 * i / inputs) * shrink);
  }
  return n;
}

// The network u = c sigma(a . x + b) + d on inputs normalised over [-1, 1] (x' = x),
// built without a domain.
Mlp one_neuron(const std::string& activation, const Neuron& n, torch::Dtype dtype) {
  const auto inputs = static_cast<int64_t>(n.a.size());
  NetworkOptions o;
  o.inputs = inputs;
  o.hidden = {1};
  o.activation = activation;
  o.input_lo.assign(inputs, -1.0);
  o.input_hi.assign(inputs, 1.0);
  Mlp net(o);
  torch::NoGradGuard guard;
  net->hidden_layer(0)->weight.copy_(torch::tensor(n.a, torch::kFloat64).reshape({1, inputs}));
  net->hidden_layer(0)->bias.fill_(n.b);
  net->output_layer()->weight.fill_(n.c);
  net->output_layer()->bias.fill_(n.d);
  net->to(dtype);
  return net;
}

// sigma^(k)(y) for k <= 4, written from the textbook derivatives.
at::Tensor derivative(const std::string& activation, int k, const at::Tensor& y) {
  if (activation == "sin") return at::sin(y + k * M_PI / 2);
  const auto t = at::tanh(y);
  const auto s = 1 / at::cosh(y).pow(2);  // sech^2
  switch (k) {
    case 0:
      return t;
    case 1:
      return s;
    case 2:
      return -2 * s * t;
    case 3:
      return 4 * s * t * t - 2 * s * s;
    default:
      return 16 * s * s * t - 8 * s * t.pow(3);
  }
}

using Case = std::tuple<std::string, int, torch::Dtype>;

class OneNeuron : public ::testing::TestWithParam<Case> {};

TEST_P(OneNeuron, EveryPartialToFourthOrderIsTheClosedForm) {
  const auto& [activation, inputs, dtype] = GetParam();
  const bool f64 = dtype == torch::kFloat64;
  auto n = neuron(inputs);
  if (!f64) {
    for (auto& a : n.a) a = static_cast<float>(a);
    for (double* v : {&n.b, &n.c, &n.d}) *v = static_cast<float>(*v);
  }
  auto net = one_neuron(activation, n, dtype);
  std::vector<std::string> names;
  for (int i = 0; i < inputs; ++i) names.push_back("x" + std::to_string(i));
  // 40 points: two chunks of 20 in the fused kernel, each padded to 32.
  at::set_num_threads(2);
  torch::manual_seed(23);
  const auto points = (2 * torch::rand({40, inputs}, torch::kFloat64) - 1).to(dtype);
  const auto x = points.to(torch::kFloat64);
  const auto a = torch::tensor(n.a, torch::kFloat64);
  const auto y = at::matmul(x, a).unsqueeze(1) + n.b;
  const auto needs = testing::partials_up_to(inputs, 4);
  // C(inputs + 4, 4) multisets: 5, 15, 126 and 1001.
  int64_t count = 1;
  for (int k = 1; k <= 4; ++k) count = count * (inputs + k) / k;
  ASSERT_EQ(static_cast<int64_t>(needs.size()), count);

  const auto autograd = evaluate_fields(DerivativeEngine::Autograd, net, points, needs, names);
  const auto taylor = evaluate_fields(DerivativeEngine::Taylor, net, points, needs, names);
  const StreamPlan plan(needs, 4);
  const auto tensor_ops = taylor_streams_tensor(*net, points, plan);
  // float64: the engines' own arithmetic, within a few ulps per operation; float32:
  // sigma^(4) in float32 (autograd's nested tanh derivative loses the most).
  const double tolerance = f64 ? 1e-13 : 2e-6;
  double worst[3] = {0, 0, 0};
  for (const auto& p : needs) {
    double product = n.c;
    for (int axis : p.axes()) product *= n.a[axis];
    auto want = product * derivative(activation, p.order(), y);
    if (p.order() == 0) want = want + n.d;
    const at::Tensor got[3] = {autograd.get(p), taylor.get(p), tensor_ops[plan.index(p)]};
    const char* engine[3] = {"autograd", "taylor", "taylor tensor ops"};
    for (int e = 0; e < 3; ++e) {
      const double error = testing::relative_error(got[e], want);
      worst[e] = std::max(worst[e], error);
      EXPECT_LE(error, tolerance) << engine[e] << " " << p.label(names);
    }
  }
  std::printf("worst relative error: autograd %.2e, taylor %.2e, tensor ops %.2e\n", worst[0],
              worst[1], worst[2]);
}

std::vector<Case> all_cases() {
  std::vector<Case> cases;
  for (const auto* activation : {"sin", "tanh"}) {
    for (int inputs : {1, 2, 5, 10}) {
      for (auto dtype : {torch::kFloat64, torch::kFloat32}) {
        cases.emplace_back(activation, inputs, dtype);
      }
    }
  }
  return cases;
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  const auto& [activation, inputs, dtype] = info.param;
  return activation + "_" + std::to_string(inputs) + "_inputs" +
         (dtype == torch::kFloat64 ? "_f64" : "_f32");
}

INSTANTIATE_TEST_SUITE_P(InputsAndDtypes, OneNeuron, ::testing::ValuesIn(all_cases()), case_name);

}  // namespace
}  // namespace pinn
