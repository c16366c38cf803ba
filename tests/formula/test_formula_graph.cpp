// The compiled graph: shared subexpressions, folded constants, what a program reads, and
// functions inlined with their arguments.

#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include "solver/autodiff/fields.h"
#include "tests/formula/formula_testing.h"

namespace pinn::formula {
namespace {

using test_support::heat_scope;
using test_support::random_points;

int operations(const std::string& text) {
  return Compiler(heat_scope()).compile(text).operation_count();
}

torch::Tensor value_at(const std::string& text, const torch::Tensor& points, const Scope& scope) {
  Context context;
  context.points = points;
  context.parameters["nu"] = torch::tensor(0.5, torch::kFloat64);
  return Compiler(scope).compile(text).evaluate(context);
}

void expect_same_values(const std::string& text, const std::string& expanded) {
  const auto points = random_points(50, {-1, 0}, {1, 1});
  const auto got = value_at(text, points, heat_scope());
  const auto want = value_at(expanded, points, heat_scope());
  EXPECT_TRUE(torch::equal(got, want)) << text << " vs " << expanded;
}

TEST(FormulaGraph, CommonSubexpressionsAreComputedOnce) {
  // sin, *, + rather than sin, sin, *, sin, +.
  EXPECT_EQ(operations("sin(x)*sin(x) + sin(x)"), 3);
  EXPECT_EQ(operations("sin(x)"), 1);
  // Commutative operations share across operand order; sums are not regrouped.
  EXPECT_EQ(operations("x*t + t*x"), 2);
  EXPECT_EQ(operations("(x + t) + 1"), 2);
  EXPECT_EQ(operations("x + (t + 1)"), 2);
  EXPECT_EQ(operations("(x + t + 1) - (x + (t + 1))"), 5);  // two sums, kept apart
  // A comparison mirrored when its constant is on the left.
  EXPECT_EQ(operations("(2 < x) + (x > 2)"), 3);
  // Truth values are converted to numbers only where used as numbers.
  EXPECT_EQ(operations("x > 0 ? x : t"), 2);
  EXPECT_EQ(operations("(x > 0) * x"), 3);
}

TEST(FormulaGraph, ConstantsAreFoldedAndIdentitiesDropped) {
  EXPECT_EQ(operations("2*pi*a"), 0);  // a = 2 is known
  EXPECT_EQ(operations("sin(pi/2)*cos(0) + a^2 - e"), 0);
  EXPECT_EQ(operations("x*1 + 0"), 0);
  EXPECT_EQ(operations("1*x/1 - 0"), 0);
  EXPECT_EQ(operations("x^1"), 0);
  EXPECT_EQ(operations("--x"), 0);
  EXPECT_EQ(operations("a > 1 ? x : sin(x)"), 0);
  EXPECT_EQ(operations("0 && x < 1 ? sin(x) : x"), 0);
  EXPECT_EQ(operations("t > 0 ? x : x"), 0);
  EXPECT_EQ(operations("2*pi*nu"), 1);  // nu is trained: (2*pi) * nu
  // x*0 is not 0 where x is infinite or NaN.
  EXPECT_EQ(operations("x*0"), 1);
  // Folding computes what evaluation would.
  expect_same_values("2*pi*a*x + e^a", "12.566370614359172*x + 7.3890560989306495");
  expect_same_values("x*1 + 0", "x");
}

TEST(FormulaGraph, WhatAProgramReads) {
  Scope scope = heat_scope();
  scope.outputs = {"u", "v"};
  scope.spatial_axes = {0};
  const Program program = Compiler(scope).compile("u_t + u*u_x - nu*u_xx + v + d(v, t, t)");
  EXPECT_EQ(program.needs(),
            (std::vector<Partial>{Partial(Output{0}), Partial({0}, Output{0}),
                                  Partial({0, 0}, Output{0}), Partial({1}, Output{0}),
                                  Partial(Output{1}), Partial({1, 1}, Output{1})}));
  EXPECT_EQ(program.outputs_read(), (std::vector<int>{0, 1}));
  EXPECT_EQ(program.unknowns_read(), std::vector<std::string>{"nu"});
  EXPECT_EQ(program.max_order(), 2);
  EXPECT_EQ(program.derivative_labels(), (std::vector<std::string>{"u_x", "u_xx", "u_t", "v_tt"}));
  EXPECT_FALSE(program.reads_normals());
  EXPECT_EQ(program.text(), "u_t + u*u_x - nu*u_xx + v + d(v, t, t)");

  // Only what the result depends on: a folded-away branch reads nothing.
  const Program folded = Compiler(scope).compile("a > 1 ? v : u_xx*nu");
  EXPECT_EQ(folded.needs(), std::vector<Partial>{Partial(Output{1})});
  EXPECT_EQ(folded.outputs_read(), std::vector<int>{1});
  EXPECT_TRUE(folded.unknowns_read().empty());
  EXPECT_EQ(folded.max_order(), 0);
  EXPECT_TRUE(folded.derivative_labels().empty());

  const Program inputs_only = Compiler(scope).compile("sin(x)");
  EXPECT_TRUE(inputs_only.needs().empty());
  EXPECT_TRUE(inputs_only.outputs_read().empty());
  EXPECT_EQ(inputs_only.max_order(), 0);
  // A program never compiled reads nothing.
  const Program empty;
  EXPECT_TRUE(empty.needs().empty());
  EXPECT_EQ(empty.operation_count(), 0);
  EXPECT_THROW(empty.evaluate(Context{}), std::logic_error);
}

TEST(FormulaGraph, FunctionsAreInlined) {
  // u0 = sin(pi*x) reads the inputs; g(s) = s^2 + a its argument.
  expect_same_values("u0", "sin(pi*x)");
  expect_same_values("u0()", "sin(pi*x)");
  expect_same_values("g(x - t)", "(x - t)^2 + 2");
  expect_same_values("g(g(t))", "(t^2 + 2)^2 + 2");
  expect_same_values("g(u0) * u0", "(sin(pi*x)^2 + 2) * sin(pi*x)");
  // Inlined calls share with the same text written out.
  EXPECT_EQ(operations("u0 - sin(pi*x)"), 3);
  EXPECT_EQ(operations("g(x) + g(x)"), 3);
}

TEST(FormulaGraph, FunctionsCallFunctions) {
  Scope scope = heat_scope();
  scope.functions.push_back({"h", {"p", "q"}, "g(p)*q + u0"});
  // An argument named like an input hides it: k(x) reads its argument.
  scope.functions.push_back({"k", {"x"}, "x + 1"});
  // A function with arguments reads the outputs and trained parameters where it is used.
  scope.functions.push_back({"flux", {"s"}, "s*u_x*nu"});
  const auto points = random_points(40, {-1, 0}, {1, 1});
  auto same = [&](const std::string& text, const std::string& expanded) {
    EXPECT_TRUE(torch::equal(value_at(text, points, scope), value_at(expanded, points, scope)))
        << text;
  };
  same("h(x - t, 3)", "((x - t)^2 + 2)*3 + sin(pi*x)");
  same("h(h(t, 2), x)", "(((t^2 + 2)*2 + sin(pi*x))^2 + 2)*x + sin(pi*x)");
  same("k(t)", "t + 1");
  same("k(x > 0)", "(x > 0) + 1");
  const Program flux = Compiler(scope).compile("flux(x)");
  EXPECT_EQ(flux.needs(), std::vector<Partial>{Partial({0}, Output{0})});
  EXPECT_EQ(flux.unknowns_read(), std::vector<std::string>{"nu"});
}

TEST(FormulaGraph, DeepCallChainsCompileOnce) {
  // f_k = f_{k-1} + f_{k-1}: 2^30 calls if every call were walked again.
  Scope scope = heat_scope();
  scope.functions = {{"f0", {}, "sin(x)"}};
  for (int k = 1; k <= 30; ++k) {
    const std::string previous = "f" + std::to_string(k - 1);
    scope.functions.push_back({"f" + std::to_string(k), {}, previous + " + " + previous});
  }
  const auto start = std::chrono::steady_clock::now();
  const Program program = Compiler(scope).compile("f30");
  EXPECT_EQ(program.operation_count(), 31);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  const auto points = random_points(5, {-1, 0}, {1, 1});
  Context context;
  context.points = points;
  EXPECT_TRUE(torch::allclose(program.evaluate(context),
                              std::pow(2.0, 30) * torch::sin(points.narrow(1, 0, 1)), 1e-15, 0));
}

TEST(FormulaGraph, EvaluationNeedsWhatTheFormulaReads) {
  const Compiler compiler(heat_scope());
  const auto points = random_points(5, {-1, 0}, {1, 1});
  Context context;
  context.points = points;
  auto expect_fails = [&](const std::string& text, const char* fragment) {
    try {
      compiler.compile(text).evaluate(context);
      ADD_FAILURE() << text;
    } catch (const std::exception& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  expect_fails("u_x", "no fields were given");
  expect_fails("nu*x", "the unknown parameter 'nu' was given no value");
  context.points = points.narrow(1, 0, 1);
  expect_fails("x", "the points must be N x 2");
  Scope faces = heat_scope();
  faces.normals = true;
  context.points = points;
  Fields fields(points, {"x", "t"}, {"u"});
  fields.set(Partial({0}, Output{0}), points.narrow(1, 0, 1));
  context.fields = &fields;
  try {
    Compiler(faces).compile("u_n").evaluate(context);
    ADD_FAILURE() << "u_n without normals";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("outward normals"), std::string::npos) << e.what();
  }
  // A partial the fields lack: Fields names it.
  EXPECT_THROW(compiler.compile("u_t").evaluate(context), std::logic_error);
}

}  // namespace
}  // namespace pinn::formula
