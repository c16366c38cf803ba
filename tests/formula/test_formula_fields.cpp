// Formulas that read the network's outputs and their derivatives, normals and trained
// parameters: each read from the right Fields entry, and autograd through them.

#include <cmath>
#include <string>
#include <vector>

#include "solver/autodiff/fields.h"
#include "tests/formula/formula_testing.h"

namespace pinn::formula {
namespace {

using test_support::random_points;

// Inputs x, y, t (x and y spatial); outputs u = exp(0.7x - 1.3y + 0.4t) and
// v = exp(-0.2x + 0.5y + 1.1t), so that each partial is a distinct closed form: the
// output times the product of the rates of the axes.
const std::vector<double> kRatesU = {0.7, -1.3, 0.4};
const std::vector<double> kRatesV = {-0.2, 0.5, 1.1};

Scope wave_scope() {
  Scope scope;
  scope.inputs = {"x", "y", "t"};
  scope.spatial_axes = {0, 1};
  scope.outputs = {"u", "v"};
  scope.parameters = {{"nu", std::nullopt}, {"c", 0.25}};
  scope.normals = true;
  return scope;
}

torch::Tensor closed_form(const torch::Tensor& points, const std::vector<double>& rates,
                          const std::vector<int>& axes) {
  auto exponent = torch::zeros({points.size(0), 1}, points.options());
  for (int k = 0; k < 3; ++k) exponent = exponent + rates[k] * points.narrow(1, k, 1);
  double factor = 1.0;
  for (const int axis : axes) factor *= rates[static_cast<size_t>(axis)];
  return factor * torch::exp(exponent);
}

// Every partial of u and v up to order 4, set from the closed forms.
Fields all_partials(const torch::Tensor& points) {
  Fields fields(points, {"x", "y", "t"}, {"u", "v"});
  std::vector<std::vector<int>> axes_lists = {{}};
  for (int order = 1; order <= 4; ++order) {
    std::vector<std::vector<int>> longer;
    for (const auto& axes : axes_lists) {
      if (static_cast<int>(axes.size()) != order - 1) continue;
      for (int k = axes.empty() ? 0 : axes.back(); k < 3; ++k) {
        auto next = axes;
        next.push_back(k);
        longer.push_back(next);
      }
    }
    axes_lists.insert(axes_lists.end(), longer.begin(), longer.end());
  }
  for (const auto& axes : axes_lists) {
    fields.set(Partial(axes, Output{0}), closed_form(points, kRatesU, axes));
    fields.set(Partial(axes, Output{1}), closed_form(points, kRatesV, axes));
  }
  return fields;
}

torch::Tensor points() { return random_points(64, {-1, -1, 0}, {1, 1, 1}); }

torch::Tensor evaluate(const std::string& text, const Fields& fields, const torch::Tensor& at,
                       const torch::Tensor& normals = {}) {
  Context context;
  context.points = at;
  context.fields = &fields;
  context.normals = normals;
  context.parameters["nu"] = torch::tensor(0.3, torch::kFloat64);
  return Compiler(wave_scope()).compile(text).evaluate(context);
}

void expect_close(const torch::Tensor& got, const torch::Tensor& want, const std::string& what) {
  ASSERT_EQ(got.sizes(), want.sizes()) << what;
  EXPECT_TRUE(torch::allclose(got, want, 1e-14, 1e-14))
      << what << ": largest error " << (got - want).abs().max().item<double>();
}

TEST(FormulaFields, DerivativeNamesReadTheirPartials) {
  const auto at = points();
  const Fields fields = all_partials(at);
  struct Case {
    const char* text;
    std::vector<int> axes;
    int output;
  };
  const std::vector<Case> cases = {{"u", {}, 0},
                                   {"v", {}, 1},
                                   {"u_x", {0}, 0},
                                   {"u_t", {2}, 0},
                                   {"v_y", {1}, 1},
                                   {"u_xt", {0, 2}, 0},
                                   {"u_tx", {0, 2}, 0},
                                   {"v_yy", {1, 1}, 1},
                                   {"u_xyt", {0, 1, 2}, 0},
                                   {"u_txyx", {0, 0, 1, 2}, 0},
                                   {"d(u, x)", {0}, 0},
                                   {"d(u, t, x)", {0, 2}, 0},
                                   {"d(u_x, t)", {0, 2}, 0},
                                   {"d(v_yy, x, x)", {0, 0, 1, 1}, 1},
                                   {"d((u), y)", {1}, 0}};
  for (const Case& c : cases) {
    const Program program = Compiler(wave_scope()).compile(c.text);
    const Partial partial(c.axes, Output{c.output});
    EXPECT_EQ(program.needs(), std::vector<Partial>{partial}) << c.text;
    EXPECT_EQ(program.max_order(), partial.order()) << c.text;
    EXPECT_EQ(program.operation_count(), 0) << c.text;
    expect_close(evaluate(c.text, fields, at),
                 closed_form(at, c.output == 0 ? kRatesU : kRatesV, c.axes), c.text);
  }
}

TEST(FormulaFields, ResidualOfSeveralPartials) {
  const auto at = points();
  const Fields fields = all_partials(at);
  const auto u = fields.u();
  const auto& r = kRatesU;
  // u_t + c u u_x - nu (u_xx + u_yy) with c = 0.25 known and nu = 0.3 given at evaluation.
  const auto expected =
      r[2] * u + 0.25 * u * (r[0] * u) - 0.3 * (r[0] * r[0] * u + r[1] * r[1] * u);
  expect_close(evaluate("u_t + c*u*u_x - nu*laplacian(u)", fields, at), expected, "residual");
  expect_close(evaluate("u_t + c*u*u_x - nu*(u_xx + u_yy)", fields, at), expected, "spelled out");
}

TEST(FormulaFields, LaplacianSumsTheSpatialSecondDerivatives) {
  const auto at = points();
  const Fields fields = all_partials(at);
  const Program program = Compiler(wave_scope()).compile("laplacian(v)");
  EXPECT_EQ(program.needs(),
            (std::vector<Partial>{Partial({0, 0}, Output{1}), Partial({1, 1}, Output{1})}));
  EXPECT_EQ(program.derivative_labels(), (std::vector<std::string>{"v_xx", "v_yy"}));
  const auto& r = kRatesV;
  expect_close(evaluate("laplacian(v)", fields, at),
               (r[0] * r[0] + r[1] * r[1]) * fields.u(Output{1}), "laplacian(v)");
  // Of a derivative: the Laplacian of u_t.
  expect_close(evaluate("laplacian(u_t)", fields, at),
               (kRatesU[0] * kRatesU[0] + kRatesU[1] * kRatesU[1]) * kRatesU[2] * fields.u(),
               "laplacian(u_t)");
  // The same sum written out is the same graph.
  EXPECT_EQ(Compiler(wave_scope()).compile("laplacian(v) - (v_xx + v_yy)").operation_count(), 2);
}

TEST(FormulaFields, NormalsAndNormalDerivatives) {
  const auto at = points();
  const Fields fields = all_partials(at);
  // Unit normals in the x, y plane at random angles; no t component.
  const auto angle = random_points(64, {0}, {2 * M_PI}, 11);
  const auto normals =
      torch::cat({torch::cos(angle), torch::sin(angle), torch::zeros_like(angle)}, 1);
  const auto n_x = normals.narrow(1, 0, 1);
  const auto n_y = normals.narrow(1, 1, 1);
  const auto u = fields.u();
  const auto expected = n_x * (kRatesU[0] * u) + n_y * (kRatesU[1] * u);
  expect_close(evaluate("u_n", fields, at, normals), expected, "u_n");
  expect_close(evaluate("n_x*u_x + n_y*u_y", fields, at, normals), expected, "spelled out");
  expect_close(evaluate("u_n + 2*u", fields, at, normals), expected + 2 * u, "robin");
  const Program program = Compiler(wave_scope()).compile("u_n + v_n");
  EXPECT_TRUE(program.reads_normals());
  EXPECT_EQ(program.needs(),
            (std::vector<Partial>{Partial({0}, Output{0}), Partial({1}, Output{0}),
                                  Partial({0}, Output{1}), Partial({1}, Output{1})}));
  EXPECT_EQ(program.outputs_read(), (std::vector<int>{0, 1}));
  // u_n and its sum written out share every operation.
  EXPECT_EQ(Compiler(wave_scope()).compile("u_n - (n_x*u_x + n_y*u_y)").operation_count(), 4);
  EXPECT_FALSE(Compiler(wave_scope()).compile("u_x").reads_normals());
}

TEST(FormulaFields, AnInputNamedNMakesUnAPartial) {
  Scope scope;
  scope.inputs = {"n", "s"};
  scope.spatial_axes = {0, 1};
  scope.outputs = {"u"};
  scope.normals = true;
  const Program program = Compiler(scope).compile("u_n + n_s");
  EXPECT_EQ(program.needs(), std::vector<Partial>{Partial({0}, Output{0})});
  EXPECT_TRUE(program.reads_normals());
}

TEST(FormulaFields, KnownParametersFoldUnknownOnesAreRead) {
  const Program known = Compiler(wave_scope()).compile("2*pi*c");
  EXPECT_EQ(known.operation_count(), 0);
  EXPECT_TRUE(known.unknowns_read().empty());
  Context context;
  context.points = points();
  EXPECT_TRUE(torch::equal(known.evaluate(context),
                           torch::full({64, 1}, 2 * M_PI * 0.25, torch::kFloat64)));
  const Program unknown = Compiler(wave_scope()).compile("2*pi*nu");
  EXPECT_EQ(unknown.operation_count(), 1);
  EXPECT_EQ(unknown.unknowns_read(), std::vector<std::string>{"nu"});
  context.parameters["nu"] = torch::tensor(0.3, torch::kFloat64);
  const auto values = unknown.evaluate(context);
  EXPECT_EQ(values.sizes(), (std::vector<int64_t>{64, 1}));
  EXPECT_TRUE(torch::allclose(values, torch::full({64, 1}, 2 * M_PI * 0.3, torch::kFloat64)));
  // A parameter alone, in the points' dtype.
  context.points = context.points.to(torch::kFloat32);
  const auto alone = Compiler(wave_scope()).compile("nu").evaluate(context);
  EXPECT_EQ(alone.scalar_type(), torch::kFloat32);
  EXPECT_EQ(alone.sizes(), (std::vector<int64_t>{64, 1}));
}

TEST(FormulaFields, GradientFlowsToAnUnknownParameter) {
  const auto at = points();
  const Fields fields = all_partials(at);
  auto nu = torch::tensor(0.3, torch::kFloat64).requires_grad_(true);
  Context context;
  context.points = at;
  context.fields = &fields;
  context.parameters["nu"] = nu;
  const auto residual =
      Compiler(wave_scope()).compile("u_t - nu*u_xx + nu^2*sin(u)").evaluate(context);
  const auto loss = residual.pow(2).mean();
  loss.backward();
  // d/dnu mean(r^2) = mean(2 r (-u_xx + 2 nu sin(u))).
  const auto u = fields.u();
  const auto u_xx = kRatesU[0] * kRatesU[0] * u;
  const auto r = kRatesU[2] * u - 0.3 * u_xx + 0.09 * torch::sin(u);
  const double expected = (2 * r * (-u_xx + 0.6 * torch::sin(u))).mean().item<double>();
  EXPECT_NEAR(nu.grad().item<double>(), expected, 1e-13 * std::fabs(expected));
}

TEST(FormulaFields, BackwardThroughTheFieldsIsExact) {
  const auto at = points();
  Fields fields(at, {"x", "y", "t"}, {"u", "v"});
  auto u = closed_form(at, kRatesU, {}).requires_grad_(true);
  auto u_x = closed_form(at, kRatesU, {0}).requires_grad_(true);
  fields.set(Partial(Output{0}), u);
  fields.set(Partial({0}, Output{0}), u_x);
  Context context;
  context.points = at;
  context.fields = &fields;
  const auto values = Compiler(wave_scope())
                          .compile("sin(u_x)*u + (x > 0 ? u^2 : 3*u) + u_x/(1 + u^2)")
                          .evaluate(context);
  values.sum().backward();
  const auto x = at.narrow(1, 0, 1);
  const auto ud = u.detach();
  const auto u_xd = u_x.detach();
  const auto du = torch::sin(u_xd) + torch::where(x > 0, 2 * ud, torch::full_like(ud, 3.0)) -
                  u_xd * 2 * ud / (1 + ud * ud).pow(2);
  const auto du_x = torch::cos(u_xd) * ud + 1 / (1 + ud * ud);
  expect_close(u.grad(), du, "d/du");
  expect_close(u_x.grad(), du_x, "d/du_x");
}

}  // namespace
}  // namespace pinn::formula
