// Formulas over inputs evaluated as tensors against the double evaluator (expression.h),
// in float64 and float32.

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "solver/expression/builtins.h"
#include "solver/expression/expression.h"
#include "tests/formula/formula_testing.h"

namespace pinn::formula {
namespace {

using test_support::random_points;

const std::vector<std::string> kInputs = {"x", "y", "t"};

Scope input_scope() {
  Scope scope;
  scope.inputs = kInputs;
  scope.spatial_axes = {0, 1};
  return scope;
}

// x, y in [-1, 1], t in [0.1, 1], with the edges where formulas branch: 0 and ties.
torch::Tensor test_points() {
  auto points = random_points(500, {-1.0, -1.0, 0.1}, {1.0, 1.0, 1.0});
  points.index_put_({0, 0}, 0.0);
  points.index_put_({1, 1}, 0.0);
  points.index_put_({2, 0}, points.index({2, 1}));
  points.index_put_({3, 0}, -0.5);
  points.index_put_({4, 0}, 0.5);
  return points;
}

// The double evaluator at every row of `points` (float64, N x inputs).
std::vector<double> expected_values(const std::string& text, const torch::Tensor& points) {
  const auto contiguous = points.contiguous();
  const double* data = contiguous.data_ptr<double>();
  const std::vector<double> rows(data, data + contiguous.numel());
  return Expression::parse(text, kInputs).evaluate_rows(rows);
}

// Compares the program's values with the double evaluator's, each within `tolerance`
// relative (NaN where the double evaluator gives NaN). `floor`: the smallest magnitude the
// error is relative to, for float32, whose sums of terms of order 1 that cancel keep an
// error of order 1e-7 however small the result.
void expect_matches(const std::string& text, torch::Dtype dtype, double tolerance,
                    double floor = 0.0) {
  const Program program = Compiler(input_scope()).compile(text);
  const auto points = test_points().to(dtype);
  Context context;
  context.points = points;
  const auto values = program.evaluate(context);
  ASSERT_EQ(values.sizes(), (std::vector<int64_t>{points.size(0), 1})) << text;
  ASSERT_EQ(values.scalar_type(), dtype) << text;
  // The double evaluator reads the points as the program did (rounded to float32).
  const std::vector<double> expected = expected_values(text, points.to(torch::kFloat64));
  const auto got = values.to(torch::kFloat64).contiguous();
  const double* data = got.data_ptr<double>();
  int failures = 0;
  for (std::size_t i = 0; i < expected.size() && failures < 5; ++i) {
    const double want = expected[i];
    if (std::isnan(want)) {
      if (!std::isnan(data[i])) ++failures;
      EXPECT_TRUE(std::isnan(data[i])) << text << " row " << i;
      continue;
    }
    const double error = std::fabs(data[i] - want);
    const bool close = error <= tolerance * std::max(std::fabs(want), floor) || error == 0.0;
    if (!close) ++failures;
    EXPECT_TRUE(close) << text << " row " << i << ": " << data[i] << " vs " << want << " ("
                       << error / std::fabs(want) << " relative)";
  }
}

// Formulas whose value is well conditioned on the test points: float32 then stays within a
// few ulps of each operation.
const std::vector<std::string> kFormulas = {
    // Every built-in function.
    "sin(3*x)", "cos(x) + 2", "tan(x)", "asin(0.9*x)", "acos(0.9*y)", "atan(3*x)", "sinh(x) + 2",
    "cosh(x)", "tanh(2*x) + 2", "exp(x)", "log(t)", "log10(t)", "sqrt(t)", "abs(x) + t",
    "sign(x) + 3", "floor(3*x) + 5", "ceil(3*x) + 5", "heaviside(x) + 1", "atan2(y, x)",
    "min(x, y)", "max(x, y)", "pow(t, x)", "pow(x, 2) + t", "pow(2, x)",
    // Constant operands on either side, where tensors take Scalars or wrapped numbers.
    "2 - x", "x - 2", "2 / (x + 3)", "(x + 3) / 2", "2^x", "(x + 3)^2.5", "t^-0.5", "t^0.5",
    "x^3 + 3", "min(x, 0.5) + 2", "max(0.5, x) + 2", "atan2(1, x)", "atan2(x, 2) + 1",
    "1 + x*1 + 0", "x^1 + 2", "t/1",
    // Operators, precedence and associativity.
    "x + y*t", "x - y - t + 3", "(x + 3) / (y + 3) / t", "-x^2 - 1", "--x + 2", "+x - -y + 3",
    "2*x^2^0.5 + t", "(x + 2)^(y + 1)^0.5", "1 + 2*x*t - x/(t + 1)", "-(x + y) * -t + 3",
    // Comparisons and logic give 1 or 0.
    "(x < y) + 1", "(x <= 0) + 1", "(x > y) + 1", "(x >= y) + 1", "(x == y) + 1", "(x != y) + 1",
    "(2 < x) + (0.5 >= y) + 1", "(x < 0 && y > 0) + 1", "(x < 0 || y > 0) + 1", "!(x < y) + 1",
    "!x + 1", "(x && y) + 2", "(x || 0) + 2", "(0 || x) + 2", "(1 && x) + 2", "!!x + 2",
    "(x < y == t > 0.5) + 1",
    // Conditionals, nested, with constant branches.
    "x < -0.5 ? 1 : x < 0 ? 2 : x < 0.5 ? 3 : 4", "(x > 0 ? x : y) * t + 2", "x > 0 ? 1 : 2",
    "x > 0 ? x + 2 : 2", "x > 0 ? 2 : x + 2", "x ? 2 : 3", "t > 0.5 ? (y > 0 ? 1 : 2) : 3",
    "x > 0 ? x : x", "1 ? x + 2 : y",
    // Mixed.
    "exp(-(x^2 + y^2)) * (t > 0.5 ? t : 1 - t) + atan2(y, x)",
    "x <= 0 ? 0.2*sin(18*x) + 1 : 1 + 0.3*x*cos(54*x)", "2*pi*t + e", "sin(pi*x)*exp(-t) + 2",
    "sqrt(x^2 + y^2) + t", "log(1 + x^2) + 1", "exp(-t) * cos(2*pi*x) * sin(pi*y) + 2"};

TEST(FormulaValues, Float64MatchesTheDoubleEvaluator) {
  for (const auto& text : kFormulas) expect_matches(text, torch::kFloat64, 1e-14);
}

TEST(FormulaValues, Float32MatchesTheDoubleEvaluator) {
  for (const auto& text : kFormulas) expect_matches(text, torch::kFloat32, 2e-6, 1.0);
}

TEST(FormulaValues, EveryBuiltinFunctionIsCovered) {
  for (const auto& name : builtins::function_names()) {
    bool used = false;
    for (const auto& text : kFormulas) used = used || text.find(name + "(") != std::string::npos;
    EXPECT_TRUE(used) << name;
  }
}

// NaN is true in conditions, passes through sign and heaviside, is ignored by min and max.
TEST(FormulaValues, NotANumberAsTheDoubleEvaluatorReadsIt) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> xs = {nan, inf, -inf, 0.0, -0.0, 1.0, -2.0};
  auto points = torch::zeros({static_cast<int64_t>(xs.size()), 3}, torch::kFloat64);
  for (std::size_t i = 0; i < xs.size(); ++i)
    points.index_put_({static_cast<int64_t>(i), 0}, xs[i]);
  points.index_put_({torch::indexing::Slice(), 2}, 0.5);
  for (const char* text : {"sign(x)", "heaviside(x)", "x ? 1 : 2", "!x", "x && 1", "x || 0",
                           "min(x, 1)", "max(1, x)", "x == x", "x != x", "abs(x)", "-x"}) {
    Context context;
    context.points = points;
    const auto values = Compiler(input_scope()).compile(text).evaluate(context).contiguous();
    const auto expected = expected_values(text, points);
    for (std::size_t i = 0; i < xs.size(); ++i) {
      const double got = values.data_ptr<double>()[i];
      if (std::isnan(expected[i]))
        EXPECT_TRUE(std::isnan(got)) << text << " at " << xs[i];
      else
        EXPECT_EQ(got, expected[i]) << text << " at " << xs[i];
    }
  }
}

TEST(FormulaValues, ConstantFormulasFillAColumnInThePointsDtype) {
  for (const auto dtype : {torch::kFloat64, torch::kFloat32}) {
    Context context;
    context.points = random_points(7, {0, 0, 0}, {1, 1, 1}).to(dtype);
    const auto values = Compiler(input_scope()).compile("2*pi + 1").evaluate(context);
    EXPECT_EQ(values.sizes(), (std::vector<int64_t>{7, 1}));
    EXPECT_EQ(values.scalar_type(), dtype);
    EXPECT_TRUE(torch::all(values == torch::full({7, 1}, 2 * M_PI + 1, dtype)).item<bool>());
    // A comparison alone is a number too.
    const auto truth = Compiler(input_scope()).compile("x < 2").evaluate(context);
    EXPECT_EQ(truth.scalar_type(), dtype);
    EXPECT_TRUE(torch::all(truth == 1).item<bool>());
  }
}

TEST(FormulaValues, AnInputAloneIsItsColumn) {
  Context context;
  context.points = random_points(9, {0, 0, 0}, {1, 1, 1});
  const auto values = Compiler(input_scope()).compile("t").evaluate(context);
  EXPECT_TRUE(torch::equal(values, context.points.narrow(1, 2, 1)));
}

}  // namespace
}  // namespace pinn::formula
