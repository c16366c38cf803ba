// Formulas and scopes that do not compile: each fault at its column, in the text that
// holds it (the formula, or a function's body), with a message that says what is valid.

#include <string>
#include <vector>

#include "tests/formula/formula_testing.h"

namespace pinn::formula {
namespace {

using test_support::expect_error;
using test_support::expect_scope_error;
using test_support::heat_scope;

TEST(FormulaErrors, SyntaxAtItsColumn) {
  const Scope scope = heat_scope();
  expect_error(scope, "sin(6x)", "", 6,
               {"formula 'sin(6x)': column 6: expected ')' or an operator, found 'x'"});
  expect_error(scope, "u_x +", "", 6, {"found end of formula"});
  expect_error(scope, "(x + t", "", 7, {"the '(' at column 1 is not closed"});
  expect_error(scope, "x ? 1", "", 6, {"the '?' at column 3 has no ':'"});
  expect_error(scope, "d(u x)", "", 5, {"expected ',', ')' or an operator, found 'x'"});
  expect_error(scope, "x = 1", "", 3, {"write '=='"});
  // The leftmost fault first: an unknown name before a syntax error to its right.
  expect_error(scope, "nuu + 1 2", "", 1, {"unknown name 'nuu'"});
}

TEST(FormulaErrors, UnknownNamesListTheValidOnes) {
  const Scope scope = heat_scope();
  expect_error(scope, "u_t - nuu*u_xx", "", 7,
               {"column 7: unknown name 'nuu'; inputs: x, t; outputs: u; parameters: nu, a; "
                "functions: u0, g"});
  expect_error(scope, "y", "", 1, {"unknown name 'y'"});
  expect_error(scope, "u_", "", 1, {"unknown name 'u_'"});
  Scope references = heat_scope();
  references.outputs.clear();
  references.functions.clear();
  expect_error(references, "x + u", "", 5,
               {"unknown name 'u'; inputs: x, t; outputs: none; parameters: nu, a; "
                "functions: none"});
}

TEST(FormulaErrors, DerivativesByNamesThatAreNotInputs) {
  const Scope scope = heat_scope();
  expect_error(scope, "u_x + u_q", "", 7,
               {"derivative 'u_q': 'q' is not a sequence of input names; inputs: x, t"});
  expect_error(scope, "d(u, nu)", "", 6,
               {"d() differentiates by inputs (x, t); 'nu' is a parameter"});
  expect_error(scope, "d(u, x, 2)", "", 9,
               {"d() differentiates by inputs (x, t), written by name"});
  expect_error(scope, "d(u, x + t)", "", 6, {"written by name"});
}

TEST(FormulaErrors, OrdersAboveTheHighest) {
  const Scope scope = heat_scope();
  expect_error(scope, "1 + u_xxxxt", "", 5,
               {"derivative 'u_xxxxt': order 5 is above the highest, 4"});
  expect_error(scope, "u_xx + d(u_xx, x, t, t)", "", 8, {"d(): order 5 is above the highest, 4"});
  expect_error(scope, "laplacian(u_xxx)", "", 1, {"laplacian(): order 5 is above the highest, 4"});
  EXPECT_NO_THROW(Compiler(scope).compile("u_xxxt + d(u_xx, x, t) + laplacian(u_xx)"));
}

TEST(FormulaErrors, DifferentiatingWhatIsNotAnOutput) {
  const Scope scope = heat_scope();
  expect_error(scope, "d(nu, x)", "", 3,
               {"d() differentiates an output or one of its derivatives (outputs: u); 'nu' is a "
                "parameter"});
  expect_error(scope, "d(u0, x)", "", 3, {"'u0' is a function"});
  expect_error(scope, "1 + d(2*u, x)", "", 7, {"d() differentiates an output", "written by name"});
  expect_error(scope, "d(u)", "", 1,
               {"d() takes an output (or one of its derivatives) and the inputs to differentiate "
                "by, as in d(u, x); given 1 argument"});
  expect_error(scope, "laplacian(x)", "", 11,
               {"laplacian() differentiates an output", "'x' is an input"});
  expect_error(scope, "d(u_n, x)", "", 3, {"'u_n' is the outward normal derivative of u"});
}

TEST(FormulaErrors, CallsWithTheWrongArguments) {
  const Scope scope = heat_scope();
  expect_error(scope, "sin(x, t)", "", 1, {"function 'sin' takes 1 argument, given 2"});
  expect_error(scope, "2*g(x, t)", "", 3, {"function 'g' takes 1 argument, given 2"});
  expect_error(scope, "g + 1", "", 3, {"expected '(' after function 'g', found '+'"});
  expect_error(scope, "u0(x)", "", 1, {"function 'u0' takes no arguments, given 1"});
  expect_error(scope, "laplacian(u, u)", "", 1, {"function 'laplacian' takes 1 argument, given 2"});
  expect_error(scope, "x(2)", "", 2, {"'x' is an input, not a function"});
  expect_error(scope, "u_x(1)", "", 4, {"'u_x' is a derivative, not a function"});
  expect_error(scope, "nu (1)", "", 4, {"'nu' is a parameter, not a function"});
}

TEST(FormulaErrors, OutputsWhereTheScopeHasNone) {
  Scope scope = heat_scope();
  scope.outputs.clear();
  scope.functions.clear();
  expect_error(scope, "x + d(u, x)", "", 5,
               {"d() differentiates an output, and this formula reads none"});
  expect_error(scope, "laplacian(u)", "", 1, {"laplacian() differentiates an output"});
  expect_error(scope, "u_x", "", 1, {"unknown name 'u_x'", "outputs: none"});
}

TEST(FormulaErrors, NormalsWhereTheScopeHasNone) {
  Scope scope = heat_scope();
  expect_error(
      scope, "2*n_x", "", 3,
      {"'n_x' is the outward normal's x component, read only in conditions"});
  expect_error(scope, "u_n + u", "", 1, {"'u_n' is the outward normal derivative of u"});
  scope.normals = true;
  scope.spatial_axes.clear();
  expect_error(scope, "u + u_n", "", 5,
               {"'u_n' sums over the spatial inputs, and the scope has none"});
  expect_error(scope, "laplacian(u)", "", 1, {"the scope has none"});
}

TEST(FormulaErrors, FaultsInFunctionBodiesNameTheFunction) {
  Scope scope = heat_scope();
  scope.functions = {{"u0", {}, "sin(pi*y)"}};
  expect_scope_error(scope, "u0", 8, {"function 'u0' = 'sin(pi*y)': column 8: unknown name 'y'"});
  scope.functions = {{"g", {"s"}, "s + x"}};
  expect_scope_error(scope, "g", 5,
                     {"function 'g(s)' = 's + x': column 5: 'x' is an input, which a function "
                      "with arguments does not read by name"});
  scope.functions = {{"g", {"s"}, "s +"}};
  expect_scope_error(scope, "g", 4, {"found end of formula"});
  scope.functions = {{"g", {"s"}, "d(s, x)"}};
  expect_scope_error(scope, "g", 3, {"'s' is an argument"});
}

TEST(FormulaErrors, RecursionIsReportedWhereTheCycleCloses) {
  Scope scope = heat_scope();
  scope.functions = {{"f", {"s"}, "g2(s) + 1"}, {"g2", {"s"}, "2*f(s)"}};
  expect_scope_error(scope, "g2", 3, {"function 'f' calls itself: f -> g2 -> f"});
  scope.functions = {{"r", {}, "x + r"}};
  expect_scope_error(scope, "r", 5, {"function 'r' calls itself: r -> r"});
  // Calling the same function twice is no cycle.
  scope.functions = {{"p", {}, "x"}, {"q", {}, "p*p"}, {"w", {}, "q + p"}};
  EXPECT_NO_THROW(Compiler(scope).compile("w"));
}

TEST(FormulaErrors, NameClashesInTheScope) {
  auto with = [](auto change) {
    Scope scope = heat_scope();
    change(scope);
    return scope;
  };
  expect_scope_error(with([](Scope& s) {
                       s.parameters.push_back({"x", 1.0});
                     }),
                     "", 0, {"formula scope: 'x' is both an input and a parameter"});
  expect_scope_error(with([](Scope& s) { s.inputs.push_back("x"); }), "", 0,
                     {"'x' is listed twice as an input"});
  expect_scope_error(with([](Scope& s) {
                       s.functions.push_back({"nu", {}, "1"});
                     }),
                     "", 0, {"'nu' is both a parameter and a function"});
  expect_scope_error(with([](Scope& s) {
                       s.parameters.push_back({"sin", 1.0});
                     }),
                     "", 0, {"parameter 'sin' is named like a built-in function"});
  expect_scope_error(with([](Scope& s) {
                       s.functions.push_back({"d", {}, "1"});
                     }),
                     "", 0, {"function 'd' is named like a built-in function"});
  expect_scope_error(with([](Scope& s) { s.outputs.push_back("laplacian"); }), "", 0,
                     {"output 'laplacian' is named like a built-in function"});
  expect_scope_error(with([](Scope& s) {
                       s.parameters.push_back({"pi", 1.0});
                     }),
                     "", 0, {"parameter 'pi' is named like a built-in constant"});
  expect_scope_error(with([](Scope& s) {
                       s.parameters.push_back({"u_x", 1.0});
                     }),
                     "", 0, {"parameter 'u_x' reads as the derivative u_x"});
  expect_scope_error(with([](Scope& s) { s.inputs.push_back("2y"); }), "", 0,
                     {"input '2y' is not a name"});
  expect_scope_error(with([](Scope& s) {
                       s.spatial_axes = {0, 2};
                     }),
                     "", 0, {"spatial axis 2 is not an input's index (2 inputs)"});
  expect_scope_error(with([](Scope& s) {
                       s.spatial_axes = {0, 0};
                     }),
                     "", 0, {"spatial axis 0 is listed twice"});
  expect_scope_error(with([](Scope& s) {
                       s.normals = true;
                       s.parameters.push_back({"n_x", 1.0});
                     }),
                     "", 0, {"parameter 'n_x' reads as the normal's x component"});
  expect_scope_error(with([](Scope& s) {
                       s.normals = true;
                       s.functions.push_back({"u_n", {}, "1"});
                     }),
                     "", 0, {"function 'u_n' reads as the normal derivative of u"});
  // Without normals, n_x is a name like any other.
  EXPECT_NO_THROW(Compiler(with([](Scope& s) { s.parameters.push_back({"n_x", 1.0}); })));
  // Arguments: the function at fault.
  expect_scope_error(with([](Scope& s) {
                       s.functions.push_back({"h", {"nu"}, "nu"});
                     }),
                     "h", 0, {"function 'h': argument 'nu' is also the name of a parameter"});
  expect_scope_error(with([](Scope& s) {
                       s.functions.push_back({"h", {"s", "s"}, "s"});
                     }),
                     "h", 0, {"argument 's' is listed twice"});
  expect_scope_error(with([](Scope& s) {
                       s.functions.push_back({"h", {"exp"}, "1"});
                     }),
                     "h", 0, {"argument 'exp' is named like a built-in function"});
  expect_scope_error(with([](Scope& s) {
                       s.functions.push_back({"h", {"u"}, "u"});
                     }),
                     "h", 0, {"argument 'u' is also the name of an output"});
}

}  // namespace
}  // namespace pinn::formula
