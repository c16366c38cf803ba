// The strong-Wolfe line search on the six test functions of Moré and Thuente
// (ACM TOMS 20, 1994), from four initial steps each: the accepted point must
// satisfy both conditions. Also: refusal of a non-descent direction, and
// recovery from steps where the function is not finite.

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "solver/optim/line_search.h"

namespace pinn::optim {
namespace {

struct TestFunction {
  const char* name;
  std::function<LinePoint(double)> phi;
  double c2;  // Moré and Thuente's curvature parameter for it
};

LinePoint at(double a, double value, double slope) { return {a, value, slope}; }

double gamma_of(double b) { return std::sqrt(1 + b * b) - b; }

TestFunction yanai(const char* name, double b1, double b2) {
  return {name,
          [=](double a) {
            const double r1 = std::sqrt((1 - a) * (1 - a) + b2 * b2);
            const double r2 = std::sqrt(a * a + b1 * b1);
            return at(a, gamma_of(b1) * r1 + gamma_of(b2) * r2,
                      gamma_of(b1) * (a - 1) / r1 + gamma_of(b2) * a / r2);
          },
          1e-3};
}

std::vector<TestFunction> more_thuente_functions() {
  const double pi = M_PI;
  return {
      {"1: -a / (a^2 + 2)",
       [](double a) {
         const double d = a * a + 2;
         return at(a, -a / d, (a * a - 2) / (d * d));
       },
       0.1},
      {"2: (a + 0.004)^5 - 2 (a + 0.004)^4",
       [](double a) {
         const double z = a + 0.004;
         return at(a, std::pow(z, 5) - 2 * std::pow(z, 4), 5 * std::pow(z, 4) - 8 * std::pow(z, 3));
       },
       0.1},
      {"3: wiggly, l = 39, beta = 0.01",
       [pi](double a) {
         const double beta = 0.01, l = 39;
         double v, d;
         if (a <= 1 - beta) {
           v = 1 - a, d = -1;
         } else if (a >= 1 + beta) {
           v = a - 1, d = 1;
         } else {
           v = (a - 1) * (a - 1) / (2 * beta) + beta / 2, d = (a - 1) / beta;
         }
         return at(a, v + 2 * (1 - beta) / (l * pi) * std::sin(l * pi * a / 2),
                   d + (1 - beta) * std::cos(l * pi * a / 2));
       },
       0.1},
      yanai("4: Yanai, 0.001, 0.001", 0.001, 0.001),
      yanai("5: Yanai, 0.01, 0.001", 0.01, 0.001),
      yanai("6: Yanai, 0.001, 0.01", 0.001, 0.01),
  };
}

TEST(LineSearch, StrongWolfeOnMoreThuenteFunctions) {
  for (const auto& f : more_thuente_functions()) {
    for (const double initial : {1e-3, 1e-1, 1e1, 1e3}) {
      LineSearchOptions options;
      options.c1 = 1e-4;
      options.c2 = f.c2;
      options.max_evaluations = 60;
      const LinePoint start = f.phi(0);
      ASSERT_LT(start.slope, 0) << f.name;
      int calls = 0;
      const LineFunction phi = [&](double a) {
        ++calls;
        EXPECT_GT(a, 0) << f.name;
        return f.phi(a);
      };
      const auto r = strong_wolfe_search(phi, start, initial, options);
      SCOPED_TRACE(std::string(f.name) + ", initial step " + std::to_string(initial));
      ASSERT_EQ(r.status, LineSearchResult::Status::Converged) << to_string(r.status);
      const auto& p = r.accepted;
      EXPECT_GT(p.step, 0);
      EXPECT_LE(p.value, start.value + options.c1 * p.step * start.slope);
      EXPECT_LE(std::abs(p.slope), -options.c2 * start.slope);
      EXPECT_EQ(r.evaluations, calls);
      // The accepted point is the function's own value there.
      EXPECT_EQ(p.value, f.phi(p.step).value);
      if (r.last_is_accepted) EXPECT_LE(r.evaluations, options.max_evaluations);
    }
  }
}

TEST(LineSearch, RefusesANonDescentDirection) {
  int calls = 0;
  const LineFunction phi = [&](double a) {
    ++calls;
    return at(a, a * a, 2 * a);
  };
  for (const double slope : {0.0, 1.0}) {
    const auto r = strong_wolfe_search(phi, at(0, 0, slope), 1.0, {});
    EXPECT_EQ(r.status, LineSearchResult::Status::NotDescent);
    EXPECT_FALSE(r.moved());
    EXPECT_EQ(r.accepted.step, 0);
  }
  EXPECT_EQ(calls, 0);
}

TEST(LineSearch, ShrinksStepsWhereTheFunctionIsNotFinite) {
  // (a - 1)^2, undefined beyond a = 2.
  const LineFunction phi = [](double a) {
    if (a > 2) return at(a, std::nan(""), std::nan(""));
    return at(a, (a - 1) * (a - 1), 2 * (a - 1));
  };
  const auto r = strong_wolfe_search(phi, at(0, 1, -2), 100.0, {});
  ASSERT_EQ(r.status, LineSearchResult::Status::Converged) << to_string(r.status);
  EXPECT_LE(r.accepted.step, 2);
  EXPECT_LT(r.accepted.value, 1);
}

TEST(LineSearch, OutOfEvaluationsKeepsTheBestSufficientPoint) {
  // A steep valley: with one evaluation, a point with sufficient decrease but too
  // steep a slope is all there is.
  const LineFunction phi = [](double a) { return at(a, -a + 0.001 * a * a, -1 + 0.002 * a); };
  LineSearchOptions options;
  options.max_evaluations = 1;
  const auto r = strong_wolfe_search(phi, at(0, 0, -1), 1.0, options);
  EXPECT_EQ(r.status, LineSearchResult::Status::SufficientOnly);
  EXPECT_EQ(r.accepted.step, 1.0);
  EXPECT_TRUE(r.last_is_accepted);

  const LineFunction rising = [](double a) { return at(a, a, 1.0); };
  const auto failed = strong_wolfe_search(rising, at(0, 0, -1), 1.0, options);
  EXPECT_EQ(failed.status, LineSearchResult::Status::Failed);
  EXPECT_FALSE(failed.moved());
}

TEST(LineSearch, CubicMinimizerOfAQuadraticIsExact) {
  // f = (a - 0.3)^2: values and slopes at 0 and 1 determine it.
  const auto f = [](double a) { return at(a, (a - 0.3) * (a - 0.3), 2 * (a - 0.3)); };
  EXPECT_NEAR(cubic_minimizer(f(0), f(1), 0, 1), 0.3, 1e-14);
  // Clamped into the bounds given.
  EXPECT_EQ(cubic_minimizer(f(0), f(1), 0.5, 1), 0.5);
}

TEST(LineSearch, OptionsNameTheFieldAndRule) {
  LineSearchOptions o;
  o.c1 = 0.5;
  o.c2 = 0.4;
  try {
    o.validate();
    FAIL() << "accepted c2 < c1";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("c2 = 0.4: must be in (c1, 1)"), std::string::npos)
        << e.what();
  }
  o = {};
  o.c1 = 0;
  EXPECT_THROW(o.validate(), std::invalid_argument);
}

}  // namespace
}  // namespace pinn::optim
