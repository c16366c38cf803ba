#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "solver/expression/expression.h"

namespace pinn {
namespace {

const double kPi = 3.14159265358979323846;
const double kE = 2.71828182845904523536;

// The value of a formula over x at one point.
double at_x(const std::string& text, double x) {
  return Expression::parse(text, {"x"}).evaluate(&x);
}

// The value of a formula without variables.
double value_of(const std::string& text) { return Expression::parse(text, {}).evaluate(nullptr); }

// Expects parsing to fail at `column` with every fragment in the message.
void expect_error(const std::string& text, const std::vector<std::string>& variables, int column,
                  std::initializer_list<const char*> fragments) {
  try {
    Expression::parse(text, variables);
    ADD_FAILURE() << "expected ExpressionError for '" << text << "'";
  } catch (const ExpressionError& e) {
    const std::string message = e.what();
    EXPECT_EQ(e.column(), column) << message;
    for (const char* fragment : fragments)
      EXPECT_NE(message.find(fragment), std::string::npos)
          << "missing '" << fragment << "' in: " << message;
  }
}

TEST(ExpressionNumbers, AllWrittenFormsRead) {
  EXPECT_EQ(value_of("2"), 2.0);
  EXPECT_EQ(value_of("2.5"), 2.5);
  EXPECT_EQ(value_of(".5"), 0.5);
  EXPECT_EQ(value_of("1e-3"), 1e-3);
  EXPECT_EQ(value_of("2.5E+4"), 25000.0);
  EXPECT_EQ(value_of("3e2"), 300.0);
  EXPECT_EQ(value_of("  7\t"), 7.0);
}

TEST(ExpressionNumbers, ConstantsAreFullPrecision) {
  EXPECT_EQ(value_of("pi"), kPi);
  EXPECT_EQ(value_of("e"), kE);
  EXPECT_EQ(value_of("2*pi"), 2.0 * kPi);
  // An 'e' with no exponent digits after a number is not read as part of it.
  EXPECT_EQ(value_of("2*e+1"), 2.0 * kE + 1.0);
}

TEST(ExpressionPrecedence, ArithmeticFollowsTheUsualRules) {
  EXPECT_EQ(value_of("1 + 2 * 3"), 7.0);
  EXPECT_EQ(value_of("(1 + 2) * 3"), 9.0);
  EXPECT_EQ(value_of("10 - 4 - 3"), 3.0);
  EXPECT_EQ(value_of("64 / 4 / 2"), 8.0);
  EXPECT_EQ(value_of("2 * 3 / 4"), 1.5);
  EXPECT_EQ(value_of("1 - 2 + 3"), 2.0);
  EXPECT_EQ(value_of("7 - -2"), 9.0);
  EXPECT_EQ(value_of("+3 - +1"), 2.0);
  EXPECT_EQ(value_of("--3"), 3.0);
}

TEST(ExpressionPrecedence, PowerIsRightAssociativeAndBindsTighterThanUnaryMinus) {
  EXPECT_EQ(value_of("2^3^2"), 512.0);
  EXPECT_EQ(value_of("(2^3)^2"), 64.0);
  EXPECT_EQ(value_of("-2^2"), -4.0);
  EXPECT_EQ(value_of("(-2)^2"), 4.0);
  EXPECT_EQ(value_of("2^-1"), 0.5);
  EXPECT_EQ(value_of("2*3^2"), 18.0);
  EXPECT_EQ(value_of("-2^-2"), -0.25);
  EXPECT_EQ(at_x("-x^2", 3.0), -9.0);
  EXPECT_EQ(at_x("x^2^0.5", 4.0), std::pow(4.0, std::pow(2.0, 0.5)));
}

TEST(ExpressionPrecedence, ComparisonsSitBelowArithmeticAndAboveLogic) {
  EXPECT_EQ(value_of("1 + 1 == 2"), 1.0);
  EXPECT_EQ(value_of("2 < 1 + 2"), 1.0);
  EXPECT_EQ(value_of("1 < 2 == 1"), 1.0);   // (1 < 2) == 1
  EXPECT_EQ(value_of("0 || 1 && 0"), 0.0);  // && before ||
  EXPECT_EQ(value_of("1 || 1 && 0"), 1.0);
  EXPECT_EQ(value_of("!0 + 1"), 2.0);  // ! is a unary operator
  EXPECT_EQ(value_of("!(0 + 1)"), 0.0);
}

TEST(ExpressionPrecedence, TernaryIsLowestAndRightAssociative) {
  EXPECT_EQ(value_of("1 ? 2 : 3"), 2.0);
  EXPECT_EQ(value_of("0 ? 2 : 3"), 3.0);
  EXPECT_EQ(value_of("0 ? 1 : 0 ? 2 : 3"), 3.0);
  EXPECT_EQ(value_of("1 ? 1 : 0 ? 2 : 3"), 1.0);
  EXPECT_EQ(value_of("0 ? 1 : 1 ? 2 : 3"), 2.0);
  EXPECT_EQ(value_of("1 ? 0 ? 4 : 5 : 6"), 5.0);
  EXPECT_EQ(value_of("1 + 1 ? 10 + 1 : 20"), 11.0);
  EXPECT_EQ(value_of("(1 ? 2 : 3) + 4"), 6.0);
  // Chains over a variable compile to jumps, not folded constants.
  for (double x : {-2.0, -0.5, 0.5, 2.0}) {
    const double expected = x < -1 ? 1.0 : (x < 0 ? 2.0 : (x < 1 ? 3.0 : 4.0));
    EXPECT_EQ(at_x("x < -1 ? 1 : x < 0 ? 2 : x < 1 ? 3 : 4", x), expected) << x;
  }
}

TEST(ExpressionLogic, ComparisonsGiveOneOrZero) {
  struct Case {
    const char* op;
    std::function<bool(double, double)> expected;
  };
  const std::vector<Case> cases = {
      {"<", [](double a, double b) { return a < b; }},
      {"<=", [](double a, double b) { return a <= b; }},
      {">", [](double a, double b) { return a > b; }},
      {">=", [](double a, double b) { return a >= b; }},
      {"==", [](double a, double b) { return a == b; }},
      {"!=", [](double a, double b) { return a != b; }},
  };
  for (const Case& c : cases) {
    const Expression formula = Expression::parse(std::string("a ") + c.op + " b", {"a", "b"});
    for (double a : {-1.0, 0.0, 1.0}) {
      for (double b : {-1.0, 0.0, 1.0}) {
        const double point[] = {a, b};
        EXPECT_EQ(formula.evaluate(point), c.expected(a, b) ? 1.0 : 0.0)
            << a << " " << c.op << " " << b;
      }
    }
  }
}

TEST(ExpressionLogic, NonzeroIsTrue) {
  const Expression both = Expression::parse("a && b", {"a", "b"});
  const Expression either = Expression::parse("a || b", {"a", "b"});
  const Expression negated = Expression::parse("!a", {"a"});
  const Expression chosen = Expression::parse("a ? 10 : 20", {"a"});
  for (double a : {0.0, 2.5, -3.0}) {
    EXPECT_EQ(negated.evaluate(&a), a == 0.0 ? 1.0 : 0.0) << a;
    EXPECT_EQ(chosen.evaluate(&a), a != 0.0 ? 10.0 : 20.0) << a;
    for (double b : {0.0, 0.5, -7.0}) {
      const double point[] = {a, b};
      EXPECT_EQ(both.evaluate(point), (a != 0.0 && b != 0.0) ? 1.0 : 0.0) << a << " " << b;
      EXPECT_EQ(either.evaluate(point), (a != 0.0 || b != 0.0) ? 1.0 : 0.0) << a << " " << b;
    }
  }
  EXPECT_EQ(value_of("!!3"), 1.0);
}

TEST(ExpressionFunctions, OneArgumentFunctionsMatchCmath) {
  struct Case {
    const char* name;
    double (*expected)(double);
    std::vector<double> points;
  };
  const std::vector<double> anywhere = {-2.7, -1.0, -0.3, 0.0, 0.4, 1.0, 3.6};
  const std::vector<double> unit = {-0.9, -0.5, 0.0, 0.3, 0.99};
  const std::vector<double> positive = {0.01, 0.5, 1.0, 2.0, 123.4};
  const std::vector<Case> cases = {
      {"sin", [](double v) { return std::sin(v); }, anywhere},
      {"cos", [](double v) { return std::cos(v); }, anywhere},
      {"tan", [](double v) { return std::tan(v); }, anywhere},
      {"asin", [](double v) { return std::asin(v); }, unit},
      {"acos", [](double v) { return std::acos(v); }, unit},
      {"atan", [](double v) { return std::atan(v); }, anywhere},
      {"sinh", [](double v) { return std::sinh(v); }, anywhere},
      {"cosh", [](double v) { return std::cosh(v); }, anywhere},
      {"tanh", [](double v) { return std::tanh(v); }, anywhere},
      {"exp", [](double v) { return std::exp(v); }, anywhere},
      {"log", [](double v) { return std::log(v); }, positive},
      {"log10", [](double v) { return std::log10(v); }, positive},
      {"sqrt", [](double v) { return std::sqrt(v); }, positive},
      {"abs", [](double v) { return std::fabs(v); }, anywhere},
      {"floor", [](double v) { return std::floor(v); }, anywhere},
      {"ceil", [](double v) { return std::ceil(v); }, anywhere},
      {"sign", [](double v) { return v > 0 ? 1.0 : (v < 0 ? -1.0 : 0.0); }, anywhere},
      {"heaviside", [](double v) { return v < 0 ? 0.0 : 1.0; }, anywhere},
  };
  for (const Case& c : cases) {
    const Expression formula = Expression::parse(std::string(c.name) + "(x)", {"x"});
    for (double x : c.points) EXPECT_EQ(formula.evaluate(&x), c.expected(x)) << c.name << " " << x;
  }
}

TEST(ExpressionFunctions, TwoArgumentFunctionsMatchCmath) {
  struct Case {
    const char* name;
    double (*expected)(double, double);
  };
  const std::vector<Case> cases = {
      {"atan2", [](double y, double x) { return std::atan2(y, x); }},
      {"min", [](double a, double b) { return std::fmin(a, b); }},
      {"max", [](double a, double b) { return std::fmax(a, b); }},
      {"pow", [](double a, double b) { return std::pow(a, b); }},
  };
  for (const Case& c : cases) {
    const Expression formula = Expression::parse(std::string(c.name) + "(a, b)", {"a", "b"});
    for (double a : {-1.5, 0.0, 0.7, 2.0}) {
      for (double b : {-2.0, -0.5, 0.0, 3.0}) {
        const double point[] = {a, b};
        const double expected = c.expected(a, b);
        if (std::isnan(expected))
          EXPECT_TRUE(std::isnan(formula.evaluate(point))) << c.name << " " << a << " " << b;
        else
          EXPECT_EQ(formula.evaluate(point), expected) << c.name << " " << a << " " << b;
      }
    }
  }
  // atan2 takes y first: the point (0, -1) lies at angle pi.
  EXPECT_EQ(value_of("atan2(0, -1)"), kPi);
  EXPECT_EQ(value_of("pow(2, 10)"), 1024.0);
}

TEST(ExpressionFunctions, HeavisideAndSignAtTheEdges) {
  EXPECT_EQ(value_of("heaviside(0)"), 1.0);
  EXPECT_EQ(value_of("heaviside(-1e-300)"), 0.0);
  EXPECT_EQ(value_of("sign(0)"), 0.0);
  EXPECT_EQ(value_of("sign(-0.1)"), -1.0);
  EXPECT_EQ(value_of("sign(1e-300)"), 1.0);
}

TEST(ExpressionFunctions, ArgumentsAreFullExpressions) {
  EXPECT_EQ(at_x("max(x > 0 ? x : -x, 1 + 1)", -3.0), 3.0);
  EXPECT_EQ(at_x("sin(cos(x))", 0.3), std::sin(std::cos(0.3)));
  EXPECT_EQ(at_x(" sqrt ( x ) ", 9.0), 3.0);
}

TEST(ExpressionPiecewise, ConfigTargetMatchesDirectCpp) {
  const Expression target =
      Expression::parse("x <= 0 ? 0.2*sin(18*x) : 1 + 0.3*x*cos(54*x)", {"x"});
  auto direct = [](double x) {
    return x <= 0 ? 0.2 * std::sin(18 * x) : 1 + 0.3 * x * std::cos(54 * x);
  };
  for (double x : {-1.0, -0.37, -1e-9, 0.0, 1e-9, 0.01, 0.42, 1.0}) {
    EXPECT_DOUBLE_EQ(target.evaluate(&x), direct(x)) << x;
  }
  // The jump at 0 survives: left and right values differ by about 1.
  const double left = -1e-12, right = 1e-12;
  EXPECT_NEAR(target.evaluate(&right) - target.evaluate(&left), 1.0, 1e-9);
}

TEST(ExpressionRows, MultiVariableRowsMatchALoop) {
  const Expression formula =
      Expression::parse("exp(-(x^2 + y^2)) * (z > 0.5 ? z : 1 - z) + atan2(y, x)", {"x", "y", "z"});
  std::vector<double> points;
  const int rows = 257;
  for (int i = 0; i < rows; ++i) {
    points.push_back(std::sin(0.7 * i));
    points.push_back(std::cos(1.3 * i));
    points.push_back(0.5 + 0.5 * std::sin(2.1 * i));
  }
  const std::vector<double> values = formula.evaluate_rows(points);
  ASSERT_EQ(values.size(), static_cast<std::size_t>(rows));
  for (int i = 0; i < rows; ++i) {
    const double x = points[3 * i], y = points[3 * i + 1], z = points[3 * i + 2];
    const double expected = std::exp(-(x * x + y * y)) * (z > 0.5 ? z : 1 - z) + std::atan2(y, x);
    EXPECT_DOUBLE_EQ(values[i], expected) << i;
    EXPECT_EQ(values[i], formula.evaluate(&points[3 * i])) << i;
  }
}

TEST(ExpressionRows, VariablesAreUsedInListOrder) {
  const Expression formula = Expression::parse("y - x", {"x", "y"});
  EXPECT_EQ(formula.evaluate_rows({1.0, 10.0, 5.0, 2.0}), (std::vector<double>{9.0, -3.0}));
  EXPECT_TRUE(formula.evaluate_rows({}).empty());
}

TEST(ExpressionRows, RaggedPointsAreRejected) {
  const Expression formula = Expression::parse("x + y", {"x", "y"});
  try {
    formula.evaluate_rows({1.0, 2.0, 3.0});
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("3 values are not rows of 2"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(Expression::parse("1", {}).evaluate_rows({1.0}), std::invalid_argument);
}

// A million rows in one call give what one row at a time gives (how fast is a
// benchmark's question, not a unit test's: a loaded machine would fail a timing).
TEST(ExpressionRows, AMillionRowsEvaluateLikeOneAtATime) {
  const Expression formula = Expression::parse("x <= 0 ? 0.2*x*x : 1 + 0.3*x", {"x"});
  std::vector<double> points(1000000);
  for (std::size_t i = 0; i < points.size(); ++i) points[i] = -1.0 + 2e-6 * i;
  const std::vector<double> values = formula.evaluate_rows(points);
  ASSERT_EQ(values.size(), points.size());
  for (std::size_t i = 0; i < points.size(); i += 4999) {
    EXPECT_EQ(values[i], formula.evaluate(&points[i])) << "row " << i;
  }
  EXPECT_EQ(values[0], 0.2);
  EXPECT_DOUBLE_EQ(values.back(), 1.0 + 0.3 * points.back());
}

TEST(ExpressionCopies, EvaluateIdenticallyAndKeepTextAndVariables) {
  const Expression original = Expression::parse("x*y + sin(x)", {"x", "y"});
  const Expression copy = original;  // NOLINT(performance-unnecessary-copy-initialization)
  Expression assigned = Expression::parse("0", {"q"});
  assigned = original;
  EXPECT_EQ(copy.text(), "x*y + sin(x)");
  EXPECT_EQ(assigned.variables(), (std::vector<std::string>{"x", "y"}));
  for (double x : {-1.0, 0.25, 3.0}) {
    const double point[] = {x, 2.0 - x};
    EXPECT_EQ(copy.evaluate(point), original.evaluate(point));
    EXPECT_EQ(assigned.evaluate(point), x * (2.0 - x) + std::sin(x));
  }
}

TEST(ExpressionCopies, EvaluateConcurrently) {
  const Expression formula = Expression::parse("x > 0 ? sqrt(x) : -x^2", {"x"});
  std::vector<std::vector<double>> results(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      const Expression local = formula;
      for (int i = -500; i <= 500; ++i) {
        const double x = 0.01 * i;
        results[t].push_back(local.evaluate(&x));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const auto& result : results) {
    ASSERT_EQ(result.size(), 1001u);
    for (int i = -500; i <= 500; ++i) {
      const double x = 0.01 * i;
      EXPECT_EQ(result[i + 500], x > 0 ? std::sqrt(x) : -(x * x));
    }
  }
}

TEST(ExpressionDepth, DeepNestingStaysCorrect) {
  // Deeper than the small inline stack used for single evaluations.
  std::string text = "x";
  for (int i = 0; i < 100; ++i) text = "(1 + " + text + ")";
  const double x = 0.5;
  EXPECT_EQ(at_x(text, x), 100.5);
  std::string right_heavy = "x";
  for (int i = 0; i < 100; ++i) right_heavy = "x + (" + right_heavy + ")";
  EXPECT_EQ(at_x(right_heavy, 2.0), 202.0);
  EXPECT_EQ(Expression::parse(right_heavy, {"x"}).evaluate_rows({1.0, 3.0}),
            (std::vector<double>{101.0, 303.0}));
}

TEST(ExpressionErrors, ImplicitMultiplication) {
  expect_error("sin(6x)", {"x"}, 6,
               {"formula 'sin(6x)': column 6: expected ')' or an operator, found 'x'"});
  expect_error("6x", {"x"}, 2, {"column 2: expected an operator or the end of the formula", "'x'"});
  expect_error("2 pi", {}, 3, {"found 'pi'"});
  expect_error("(1)(2)", {}, 4, {"found '('"});
  expect_error("2e", {}, 2, {"found 'e'"});
  expect_error("x(2)", {"x"}, 2, {"'x' is a variable, not a function"});
  expect_error("pi (2)", {}, 4, {"'pi' is a constant, not a function"});
}

TEST(ExpressionErrors, EmptyFormula) {
  expect_error("", {"x"}, 1, {"formula '': column 1: empty formula"});
  expect_error("   ", {"x"}, 4, {"empty formula"});
}

TEST(ExpressionErrors, TrailingGarbage) {
  expect_error("x + 1 2", {"x"}, 7,
               {"column 7: expected an operator or the end of the formula, found '2'"});
  expect_error("1, 2", {}, 2, {"found ','"});
  expect_error("x !", {"x"}, 3, {"found '!'"});
}

TEST(ExpressionErrors, MissingOperand) {
  expect_error("x +", {"x"}, 4,
               {"expected a number, variable, constant, function or '(', found end of formula"});
  expect_error("x * / 2", {"x"}, 5, {"found '/'"});
  expect_error("()", {}, 2, {"found ')'"});
  expect_error("x ? : 1", {"x"}, 5, {"found ':'"});
}

TEST(ExpressionErrors, UnbalancedParentheses) {
  expect_error(
      "(x + 1", {"x"}, 7,
      {"expected ')' or an operator, found end of formula", "the '(' at column 1 is not closed"});
  expect_error("((x)", {"x"}, 5, {"the '(' at column 1 is not closed"});
  expect_error("x + 1)", {"x"}, 6, {"column 6: unmatched ')'"});
  expect_error("sin(x))", {"x"}, 7, {"unmatched ')'"});
  expect_error("sin(x", {"x"}, 6, {"the '(' of 'sin' at column 4 is not closed"});
  expect_error("(x ,1)", {"x"}, 4, {"expected ')' or an operator, found ','"});
}

TEST(ExpressionErrors, QuestionWithoutColon) {
  expect_error(
      "x > 0 ? 1", {"x"}, 10,
      {"expected ':' or an operator, found end of formula", "the '?' at column 7 has no ':'"});
  expect_error("x > 0 ? 1 2", {"x"}, 11, {"expected ':' or an operator, found '2'"});
  expect_error("x : 1", {"x"}, 3, {"':' without a '?'"});
}

TEST(ExpressionErrors, UnknownNameListsTheValidOnesSorted) {
  expect_error("sin(y) + x", {"x", "b"}, 5,
               {"column 5: unknown name 'y'", "variables: b, x;", "constants: e, pi;",
                "functions: abs, acos, asin, atan, atan2, ceil, cos, cosh, exp, floor, "
                "heaviside, log, log10, max, min, pow, sign, sin, sinh, sqrt, tan, tanh"});
  expect_error("Sin(1)", {}, 1, {"unknown name 'Sin'", "variables: none;"});
  expect_error("x_1", {"x"}, 1, {"unknown name 'x_1'"});
}

TEST(ExpressionErrors, WrongArgumentCountSaysHowManyTheFunctionTakes) {
  expect_error("1 + atan2(1)", {}, 5, {"column 5: function 'atan2' takes 2 arguments, given 1"});
  expect_error("sin(1, 2)", {}, 1, {"function 'sin' takes 1 argument, given 2"});
  expect_error("min(1, 2, 3)", {}, 1, {"function 'min' takes 2 arguments, given 3"});
  expect_error("cos()", {}, 1, {"function 'cos' takes 1 argument, given 0"});
  expect_error("max(1 2)", {}, 7, {"expected ',' or an operator, found '2'"});
  expect_error("exp", {}, 4, {"expected '(' after function 'exp', found end of formula"});
  expect_error("exp + 1", {}, 5, {"expected '(' after function 'exp', found '+'"});
}

TEST(ExpressionErrors, BadCharactersAndNumbers) {
  expect_error("x # 2", {"x"}, 3, {"unexpected character '#'"});
  expect_error("x = 1", {"x"}, 3, {"unexpected '=' (write '==' to compare)"});
  expect_error("x & 1", {"x"}, 3, {"write '&&'"});
  expect_error("x | 1", {"x"}, 3, {"write '||'"});
  expect_error("2 * \xCF\x80", {}, 5, {"unexpected byte 0xCF"});
  expect_error("1e999", {}, 1, {"number '1e999' is out of the range of a double"});
  expect_error("1.2.3", {}, 4, {"found '.3'"});
  expect_error("x ** 2", {"x"}, 4, {"found '*'"});
}

TEST(ExpressionErrors, ReportTheLeftmostFault) {
  // A later bad character does not hide an earlier syntax error.
  expect_error("sin(6x) # 1", {"x"}, 6, {"found 'x'"});
}

TEST(ExpressionErrors, VariablesMustBeUsableNames) {
  expect_error("pi * 2", {"pi"}, 0, {"variable 'pi' is named like a constant"});
  expect_error("e", {"x", "e"}, 0, {"variable 'e' is named like a constant"});
  expect_error("sin", {"sin"}, 0, {"variable 'sin' is named like a function"});
  expect_error("x", {"x", "x"}, 0, {"variable 'x' is listed twice"});
  expect_error("x", {"2x"}, 0, {"variable '2x' is not a name"});
  expect_error("x", {""}, 0, {"variable '' is not a name"});
  EXPECT_NO_THROW(Expression::parse("pi_x + e2 + sine", {"pi_x", "e2", "sine"}));
}

TEST(ExpressionErrors, AreInvalidArguments) {
  EXPECT_THROW(Expression::parse("(", {}), std::invalid_argument);
}

}  // namespace
}  // namespace pinn
