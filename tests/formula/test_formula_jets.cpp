// Program::evaluate_jet: every operation and built-in function carried through Taylor
// arithmetic, each partial to order 4 in two inputs against nested autograd of the same
// formula evaluated on the same output, and the gradients the jets give back to the
// output's partials against autograd's.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include "solver/autodiff/stream_plan.h"
#include "tests/formula/formula_testing.h"

namespace pinn::formula {
namespace {

using test_support::random_points;

// Every partial of order 0 to 4 in two inputs.
std::vector<Partial> every_partial() {
  std::vector<Partial> all;
  for (int order = 0; order <= 4; ++order) {
    for (int ys = 0; ys <= order; ++ys) {
      std::vector<int> axes(static_cast<size_t>(order - ys), 0);
      axes.insert(axes.end(), static_cast<size_t>(ys), 1);
      all.emplace_back(axes);
    }
  }
  return all;
}

// An output of the points, positive and below 1: 0.5 + 0.3 sin(2x + y) exp(0.2 x y).
at::Tensor output_of(const at::Tensor& points) {
  const auto x = points.narrow(1, 0, 1);
  const auto y = points.narrow(1, 1, 1);
  return 0.5 + 0.3 * at::sin(2 * x + y) * at::exp(0.2 * x * y);
}

// d^axes of `value` by the points, by nested autograd.
at::Tensor partial(at::Tensor value, const at::Tensor& points, const std::vector<int>& axes) {
  for (const int axis : axes) {
    if (!value.requires_grad()) return torch::zeros_like(value);
    const auto grad = torch::autograd::grad({value}, {points}, {torch::ones_like(value)},
                                            /*retain_graph=*/true, /*create_graph=*/true,
                                            /*allow_unused=*/true)[0];
    value = grad.defined() ? grad.narrow(1, axis, 1) : torch::zeros_like(value);
  }
  return value;
}

struct Case {
  std::string formula;
  double low, high;  // the points' box, both inputs
};

class Jets : public ::testing::TestWithParam<Case> {};

TEST_P(Jets, EveryPartialToOrderFourMatchesNestedAutograd) {
  const auto& c = GetParam();
  Scope scope;
  scope.inputs = {"x", "y"};
  scope.spatial_axes = {0, 1};
  scope.outputs = {"u"};
  scope.parameters = {{"k", std::nullopt}, {"a", 1.5}};
  const auto program = Compiler(scope).compile(c.formula);
  const std::map<std::string, at::Tensor> parameters = {{"k", torch::tensor(0.7, torch::kFloat64)}};

  const auto points = random_points(64, {c.low, c.low}, {c.high, c.high}).requires_grad_(true);
  const auto needs = every_partial();
  const StreamPlan plan(needs, 4);
  // The output's partials, as leaves: the gradients the jets give back are compared too.
  const auto u = output_of(points);
  std::vector<at::Tensor> u_jet;
  for (const auto& p : plan.streams()) {
    u_jet.push_back(partial(u, points, p.axes()).detach().requires_grad_(true));
  }
  const auto jet = program.evaluate_jet({points.detach(), nullptr, parameters}, plan, {u_jet});
  ASSERT_EQ(jet.size(), static_cast<size_t>(plan.size()));

  Fields fields(points, scope.inputs, scope.outputs);
  fields.set(Partial{}, u);
  const auto value = program.evaluate({points, &fields, parameters});
  at::Tensor mix_jet = torch::zeros({}, torch::kFloat64);
  for (int s = 0; s < plan.size(); ++s) {
    const auto& axes = plan.streams()[static_cast<size_t>(s)].axes();
    const auto want = partial(value, points, axes).detach();
    const auto got = jet[static_cast<size_t>(s)].defined() ? jet[static_cast<size_t>(s)]
                                                           : torch::zeros_like(want);
    const double scale = std::max(1.0, want.abs().max().item<double>());
    EXPECT_LE((got.detach() - want).abs().max().item<double>(), 1e-11 * scale)
        << c.formula << ": the partial by " << Partial(axes).label(scope.inputs);
    mix_jet = mix_jet + (got * (s + 1)).sum();
  }
  // The gradient by the output's value: the partial of the formula by u, here from
  // first-order operations on the jets.
  if (mix_jet.requires_grad()) {
    const auto grads = torch::autograd::grad({mix_jet}, {u_jet[0]}, {}, true, false, true);
    EXPECT_TRUE(grads[0].defined()) << c.formula;
  }
}

INSTANTIATE_TEST_SUITE_P(
    EveryOperation, Jets,
    ::testing::Values(
        Case{"u", 0, 1}, Case{"x*u + y", 0, 1}, Case{"u*u*x - 3*y*u + a", 0, 1},
        Case{"-u + x - y*y", 0, 1}, Case{"3 - u", 0, 1}, Case{"u/(1 + x^2)", 0, 1},
        Case{"x/u", 0, 1}, Case{"2/u", 0, 1}, Case{"u^3", 0, 1}, Case{"u^2.5", 0, 1},
        Case{"u^-1.5", 0, 1}, Case{"2^u", 0, 1}, Case{"u^u", 0, 1}, Case{"(x + 1)^u", 0, 1},
        Case{"sin(u*x)", 0, 1}, Case{"cos(u + y)", 0, 1}, Case{"tan(u/3)", 0, 1},
        Case{"asin(u - 0.5)", 0, 1}, Case{"acos(u*x)", 0, 1}, Case{"atan(2*u - x)", 0, 1},
        Case{"sinh(u*y)", 0, 1}, Case{"cosh(u - x)", 0, 1}, Case{"tanh(3*u - 1)", 0, 1},
        Case{"exp(u*x)", 0, 1}, Case{"log(u + x)", 0, 1}, Case{"log10(u*y + 1)", 0, 1},
        Case{"sqrt(u + x*y)", 0, 1}, Case{"abs(u - x)", 0, 1}, Case{"sign(u - x)*u", 0, 1},
        Case{"floor(3*x) + u", 0, 1}, Case{"ceil(3*y)*u", 0, 1},
        Case{"heaviside(x - 0.5)*u^2", 0, 1}, Case{"atan2(u - 0.5, x - 0.5)", 0, 1},
        Case{"atan2(y - 0.5, u - 0.5)", 0, 1}, Case{"min(u, x)", 0, 1}, Case{"max(u*u, y)", 0, 1},
        Case{"x > 0.5 ? u^2 : -u*y", 0, 1}, Case{"(u > 0.5)*u + (x < y)", 0, 1},
        Case{"k*u + k^2*x", 0, 1}, Case{"exp(-k*u)*sin(pi*x)*y*(1 - y)", 0, 1},
        Case{"pow(u, 2) + min(x, 0.5)", 0, 1}, Case{"x*y", 0, 1}, Case{"2", 0, 1}));

TEST(JetsOf, FormulasReadingDerivativesAreRefused) {
  Scope scope;
  scope.inputs = {"x"};
  scope.spatial_axes = {0};
  scope.outputs = {"u"};
  const auto program = Compiler(scope).compile("u_x + u");
  const StreamPlan plan({{0}}, 4);
  const auto points = torch::rand({4, 1}, torch::kFloat64);
  EXPECT_THROW(program.evaluate_jet({points}, plan, {{points, points}}), std::logic_error);
}

}  // namespace
}  // namespace pinn::formula
