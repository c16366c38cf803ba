// Problem modules: the registry, parameter checks, and each residual evaluated
// on the exact solution (closed-form fields) vanishing.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>

#include "problems/burgers/burgers.h"
#include "problems/helmholtz/helmholtz.h"
#include "problems/klein_gordon/klein_gordon.h"
#include "problems/poisson/poisson.h"
#include "problems/register_builtin.h"
#include "problems/regression/regression.h"
#include "solver/reference/burgers_cole_hopf.h"
#include "tests/core/candidate_fields.h"
#include "tests/core/support.h"

namespace pinn {
namespace {

using testing::builtin_registry;

Parameters defaults(const ProblemEntry& entry) {
  Parameters p;
  for (const auto& spec : entry.parameters) p.set(spec.name, spec.default_value);
  return p;
}

const LossTerm& term(const std::vector<LossTerm>& terms, const std::string& name) {
  for (const auto& t : terms) {
    if (t.name == name) return t;
  }
  throw std::runtime_error("no term " + name);
}

// max |residual| of every term of a one-output problem for the candidate u.
std::map<std::string, double> term_residuals(const Problem& problem, const ClosedForm& u) {
  return testing::term_residuals(problem, {u});
}

TEST(Registry, UnknownNameListsValidProblems) {
  const auto r = builtin_registry();
  try {
    r.find("burger");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(
        e.what(),
        "unknown problem 'burger'; valid problems: allen_cahn, burgers, helmholtz, klein_gordon, "
        "navier_stokes, poisson, regression, schrodinger, variable_diffusion");
  }
}

TEST(Registry, RejectsDuplicatesAndEmptyEntries) {
  auto r = builtin_registry();
  EXPECT_THROW(r.add(problems::burgers_entry()), std::invalid_argument);
  EXPECT_THROW(r.add(ProblemEntry{}), std::invalid_argument);
  ProblemEntry no_factory;
  no_factory.name = "x";
  EXPECT_THROW(r.add(no_factory), std::invalid_argument);
  EXPECT_EQ(r.names(), (std::vector<std::string>{
                           "allen_cahn", "burgers", "helmholtz", "klein_gordon", "navier_stokes",
                           "poisson", "regression", "schrodinger", "variable_diffusion"}));
}

TEST(Burgers, ParametersAreChecked) {
  const auto entry = problems::burgers_entry();
  auto p = defaults(entry);
  p.set("nu", -0.1);
  try {
    entry.create(p);
    FAIL();
  } catch (const ParameterError& e) {
    EXPECT_EQ(e.name(), "nu");
    EXPECT_NE(std::string(e.what()).find("must be > 0"), std::string::npos);
  }
  p = defaults(entry);
  p.set("x", std::vector<double>{1.0, -1.0});
  EXPECT_THROW(entry.create(p), ParameterError);
}

TEST(Burgers, ResidualVanishesOnTheColeHopfSolution) {
  const auto entry = problems::burgers_entry();
  const auto problem = entry.create(defaults(entry));
  const double nu = 0.01 / M_PI;
  const reference::BurgersColeHopf exact(nu);
  // Smooth points away from the shock at x = 0; derivatives by central differences.
  const std::vector<std::pair<double, double>> pts = {{-0.6, 0.2}, {0.4, 0.5}, {0.8, 0.9}};
  const double h = 1e-4;
  std::vector<double> u, ut, ux, uxx, xs, ts;
  for (auto [x, t] : pts) {
    xs.push_back(x);
    ts.push_back(t);
    u.push_back(exact(x, t));
    ut.push_back((exact(x, t + h) - exact(x, t - h)) / (2 * h));
    ux.push_back((exact(x + h, t) - exact(x - h, t)) / (2 * h));
    uxx.push_back((exact(x + h, t) - 2 * exact(x, t) + exact(x - h, t)) / (h * h));
  }
  auto col = [](const std::vector<double>& v) {
    return torch::tensor(v, torch::kFloat64).unsqueeze(1);
  };
  Fields f(torch::cat({col(xs), col(ts)}, 1), {"x", "t"});
  f.set({}, col(u));
  f.set({1}, col(ut));
  f.set({0}, col(ux));
  f.set({0, 0}, col(uxx));
  const auto r = term(problem->loss_terms(), "residual").residual(f);
  EXPECT_LT(r.abs().max().item<double>(), 1e-5);
  // And it is not trivially zero: a wrong viscosity leaves a residual.
  const auto scale = col(uxx).abs().max().item<double>() * nu;
  EXPECT_GT(scale, 1e-3);
}

TEST(Burgers, ConditionsVanishOnTheInitialAndBoundaryData) {
  const auto entry = problems::burgers_entry();
  const auto problem = entry.create(defaults(entry));
  const auto x = torch::linspace(-1, 1, 9, torch::kFloat64).unsqueeze(1);
  Fields initial(torch::cat({x, torch::zeros_like(x)}, 1), {"x", "t"});
  initial.set({}, -torch::sin(M_PI * x));
  EXPECT_LT(term(problem->loss_terms(), "initial").residual(initial).abs().max().item<double>(),
            1e-15);
  Fields boundary(torch::tensor({{-1.0, 0.3}, {1.0, 0.7}}, torch::kFloat64), {"x", "t"});
  boundary.set({}, torch::zeros({2, 1}, torch::kFloat64));
  EXPECT_EQ(term(problem->loss_terms(), "boundary").residual(boundary).abs().max().item<double>(),
            0.0);
}

TEST(Burgers, ReferenceOnlyForIntegerEndpoints) {
  const auto entry = problems::burgers_entry();
  auto p = defaults(entry);
  const auto problem = entry.create(p);
  const auto ref = problem->reference({{-1.0, 0.5, 1.0}, {0.0, 0.5}});
  ASSERT_TRUE(ref.has_value());
  ASSERT_EQ(ref->size(), 1u);
  ASSERT_EQ(ref->front().size(), 6u);
  EXPECT_NEAR(ref->front()[2], -std::sin(M_PI * 0.5),
              1e-14);  // (x = 0.5, t = 0), first axis slowest
  p.set("x", std::vector<double>{-1.0, 0.5});
  EXPECT_FALSE(entry.create(p)->reference({{-1.0, 0.5}, {0.0, 0.5}}).has_value());
}

class PoissonTest : public ::testing::TestWithParam<int> {};

TEST_P(PoissonTest, ResidualVanishesOnTheManufacturedSolution) {
  const int dim = GetParam();
  const auto entry = problems::poisson_entry();
  auto p = defaults(entry);
  p.set("dim", int64_t{dim});
  p.set("k", 2.0);
  const auto problem = entry.create(p);
  EXPECT_EQ(problem->domain().dim(), dim);
  torch::manual_seed(1);
  const auto x = torch::rand({20, dim}, torch::kFloat64);
  std::vector<std::string> inputs = problem->domain().names;
  auto u = torch::ones({20, 1}, torch::kFloat64);
  for (int i = 0; i < dim; ++i) u = u * torch::sin(2 * M_PI * x.select(1, i).unsqueeze(1));
  Fields f(x, inputs);
  f.set({}, u);
  for (int i = 0; i < dim; ++i) f.set({i, i}, -4 * M_PI * M_PI * u);
  EXPECT_LT(term(problem->loss_terms(), "residual").residual(f).abs().max().item<double>(), 1e-12);
  EXPECT_LT(term(problem->loss_terms(), "boundary").residual(f).abs().max().item<double>(), 1e-15);
  // A wrong Laplacian is caught.
  f.set({0, 0}, torch::zeros_like(u));
  EXPECT_GT(term(problem->loss_terms(), "residual").residual(f).abs().max().item<double>(), 1.0);
}

INSTANTIATE_TEST_SUITE_P(Dimensions, PoissonTest, ::testing::Values(1, 2, 3));

TEST(Poisson, ReferencesOnTheGrid) {
  const auto entry = problems::poisson_entry();
  auto p = defaults(entry);
  p.set("dim", int64_t{2});
  const std::vector<double> axis = {0.0, 0.25, 0.5, 0.75, 1.0};
  const auto sine = entry.create(p)->reference({axis, axis});
  ASSERT_TRUE(sine.has_value());
  EXPECT_NEAR(sine->front()[1 * 5 + 2], std::sin(M_PI * 0.25) * std::sin(M_PI * 0.5), 1e-15);
  p.set("case", std::string("unit_source"));
  std::vector<double> fine(65);
  for (int i = 0; i < 65; ++i) fine[i] = i / 64.0;
  const auto fd = entry.create(p)->reference({fine, fine});
  ASSERT_TRUE(fd.has_value());
  // Torsion of the unit square: u(1/2, 1/2) = 0.0736713532814...
  EXPECT_NEAR(fd->front()[32 * 65 + 32], 0.07367135328, 5e-5);
  EXPECT_EQ(fd->front()[0], 0.0);
}

TEST(Poisson, ParametersAreChecked) {
  const auto entry = problems::poisson_entry();
  auto p = defaults(entry);
  p.set("dim", int64_t{4});
  try {
    entry.create(p);
    FAIL();
  } catch (const ParameterError& e) {
    EXPECT_EQ(e.name(), "dim");
  }
  p = defaults(entry);
  p.set("k", 0.0);
  EXPECT_THROW(entry.create(p), ParameterError);
}

TEST(KleinGordon, EveryTermVanishesOnTheExactSolutionAndOnlyThere) {
  const auto entry = problems::klein_gordon_entry();
  auto p = defaults(entry);
  p.set("t", std::vector<double>{0.5, 2.0});  // initial data away from t = 0 too
  const auto problem = entry.create(p);
  auto exact = [](const std::vector<at::Tensor>& in) { return in[0] * torch::cos(in[1]); };
  const auto residuals = term_residuals(*problem, exact);
  EXPECT_EQ(residuals.size(), 4u);
  for (const auto& [name, r] : residuals) EXPECT_LT(r, 1e-13) << name;
  // A perturbation that keeps the boundary data breaks the equation and the initial data.
  auto wrong = [&](const std::vector<at::Tensor>& in) {
    return exact(in) + 0.1 * (1 - in[0] * in[0]) * in[1] * in[1];
  };
  const auto off = term_residuals(*problem, wrong);
  EXPECT_GT(off.at("residual"), 1e-2);
  EXPECT_GT(off.at("initial"), 1e-3);
  EXPECT_GT(off.at("initial_velocity"), 1e-3);
  EXPECT_LT(off.at("boundary"), 1e-13);
}

TEST(KleinGordon, GeneralCoefficientsAndReference) {
  const auto entry = problems::klein_gordon_entry();
  auto p = defaults(entry);
  p.set("alpha", 0.7);
  p.set("beta", 2.0);
  p.set("gamma", -0.3);
  p.set("power", int64_t{3});
  const auto problem = entry.create(p);
  auto exact = [](const std::vector<at::Tensor>& in) { return in[0] * torch::cos(in[1]); };
  EXPECT_LT(term_residuals(*problem, exact).at("residual"), 1e-13);
  const auto ref = problem->reference({{-1.0, 0.25, 1.0}, {0.0, 0.5}});
  ASSERT_TRUE(ref.has_value());
  EXPECT_NEAR(ref->front()[3], 0.25 * std::cos(0.5), 1e-15);  // (x = 0.25, t = 0.5)
  p.set("power", int64_t{0});
  EXPECT_THROW(entry.create(p), ParameterError);
}

TEST(Helmholtz, EveryTermVanishesOnTheExactSolutionAndOnlyThere) {
  for (double k : {0.0, 1.0, 4.0}) {
    const auto entry = problems::helmholtz_entry();
    auto p = defaults(entry);
    p.set("k", k);
    const auto problem = entry.create(p);
    auto exact = [](const std::vector<at::Tensor>& in) {
      return (in[0] + in[1]) * torch::sin(M_PI * in[0]) * torch::sin(M_PI * in[1]);
    };
    const auto residuals = term_residuals(*problem, exact);
    EXPECT_LT(residuals.at("residual"), 1e-12) << k;
    EXPECT_LT(residuals.at("boundary"), 1e-15) << k;
    auto wrong = [&](const std::vector<at::Tensor>& in) {
      return exact(in) + 0.05 * torch::sin(M_PI * in[0]) * torch::sin(M_PI * in[1]);
    };
    EXPECT_GT(term_residuals(*problem, wrong).at("residual"), 1e-2) << k;
  }
}

TEST(Helmholtz, ReferenceIsTheExactSolutionAndBoundaryDataFollowsTheDomain) {
  const auto entry = problems::helmholtz_entry();
  auto p = defaults(entry);
  p.set("domain", std::vector<double>{-0.5, 1.5});
  const auto problem = entry.create(p);
  const auto ref = problem->reference({{-0.5, 0.5}, {0.25, 1.5}});
  ASSERT_TRUE(ref.has_value());
  EXPECT_NEAR(ref->front()[2], (0.5 + 0.25) * std::sin(M_PI * 0.5) * std::sin(M_PI * 0.25), 1e-15);
  auto exact = [](const std::vector<at::Tensor>& in) {
    return (in[0] + in[1]) * torch::sin(M_PI * in[0]) * torch::sin(M_PI * in[1]);
  };
  EXPECT_LT(term_residuals(*problem, exact).at("boundary"), 1e-15);
  p.set("k", -1.0);
  EXPECT_THROW(entry.create(p), ParameterError);
}

// The finite-difference reference: the boundary data on the boundary nodes, and
// (Richardson-extrapolated) the same values on a grid and on one twice as fine.
TEST(Problem, VariableDiffusionReferenceHoldsTheBoundaryDataAndIsGridIndependent) {
  const auto registry = builtin_registry();
  const auto& entry = registry.find("variable_diffusion");
  auto p = defaults(entry);
  p.set("alpha", 0.8);
  const auto problem = entry.create(p);
  const double h = 1 / std::sqrt(2.0);
  auto axis = [&](int n) {
    std::vector<double> a;
    for (int i = 0; i < n; ++i) a.push_back(-h + 2 * h * i / (n - 1));
    return a;
  };
  const auto coarse = problem->reference({axis(11), axis(11)})->front();
  const auto fine = problem->reference({axis(21), axis(21)})->front();
  double worst = 0;
  for (int i = 0; i < 11; ++i) {
    for (int j = 0; j < 11; ++j) {
      worst = std::max(worst, std::abs(coarse[i * 11 + j] - fine[(2 * i) * 21 + 2 * j]));
    }
  }
  EXPECT_LT(worst, 1e-6);
  const auto x = axis(11);
  for (int j = 0; j < 11; ++j) {
    EXPECT_DOUBLE_EQ(coarse[j], std::cos(M_PI * x[0]) * std::cos(M_PI * x[j]));
    EXPECT_DOUBLE_EQ(coarse[10 * 11 + j], std::cos(M_PI * x[10]) * std::cos(M_PI * x[j]));
  }
  p.set("alpha", 1.5);  // 1 + alpha x < 0 at the left edge
  EXPECT_THROW(entry.create(p), ParameterError);
}

TEST(Problem, MaxDerivativeOrder) {
  const auto r = builtin_registry();
  const std::map<std::string, int> expected = {
      {"allen_cahn", 2},   {"burgers", 2},       {"helmholtz", 2},
      {"klein_gordon", 2}, {"navier_stokes", 2}, {"poisson", 2},
      {"regression", 0},   {"schrodinger", 2},   {"variable_diffusion", 2}};
  EXPECT_EQ(r.names().size(), expected.size());
  for (const auto& name : r.names()) {
    const auto& entry = r.find(name);
    auto p = defaults(entry);
    if (name == "regression") p.set("target", std::string("x"));
    EXPECT_EQ(max_derivative_order(*entry.create(p)), expected.at(name)) << name;
  }
}

Parameters regression_parameters(const std::string& target, const std::string& file = "") {
  auto p = defaults(problems::regression_entry());
  p.set("target", target);
  p.set("file", file);
  return p;
}

TEST(Regression, FormulaTargetGivesTheDataAndTheReference) {
  const auto problem = problems::regression_entry().create(
      regression_parameters("x <= 0 ? 0.2*sin(18*x) : 1 + 0.3*x*cos(54*x)"));
  const auto terms = problem->loss_terms();
  ASSERT_EQ(terms.size(), 1u);
  const auto& data = terms[0];
  EXPECT_EQ(data.name, "data");
  EXPECT_TRUE(data.fixed_points.empty());
  const std::vector<double> xs = {-0.5, 0.0, 0.25};
  const auto values = data.data(xs);
  ASSERT_EQ(values.size(), 3u);
  EXPECT_DOUBLE_EQ(values[0], 0.2 * std::sin(18 * -0.5));
  EXPECT_DOUBLE_EQ(values[1], 0.0);
  EXPECT_DOUBLE_EQ(values[2], 1 + 0.3 * 0.25 * std::cos(54 * 0.25));
  // The residual is u - data: zero for the target itself, the difference otherwise.
  Fields f(torch::tensor(xs, torch::kFloat64).unsqueeze(1), {"x"});
  f.set_data(torch::tensor(values, torch::kFloat64).unsqueeze(1));
  f.set({}, torch::tensor(values, torch::kFloat64).unsqueeze(1));
  EXPECT_EQ(data.residual(f).abs().max().item<double>(), 0.0);
  f.set({}, torch::zeros({3, 1}, torch::kFloat64));
  EXPECT_NEAR(data.residual(f)[2].item<double>(), -values[2], 1e-15);
  const auto ref = problem->reference({{-1.0, 0.5, 1.0}});
  ASSERT_TRUE(ref.has_value());
  EXPECT_DOUBLE_EQ(ref->front()[1], 1 + 0.3 * 0.5 * std::cos(27.0));
}

TEST(Regression, TwoInputsOnTheGrid) {
  auto p = regression_parameters("x*y + y");
  p.set("dim", int64_t{2});
  const auto problem = problems::regression_entry().create(p);
  EXPECT_EQ(problem->domain().names, (std::vector<std::string>{"x", "y"}));
  const auto ref = problem->reference({{0.0, 1.0}, {2.0, 3.0, 4.0}});
  ASSERT_TRUE(ref.has_value());
  EXPECT_EQ(ref->front(), (std::vector<double>{2, 3, 4, 4, 6, 8}));  // first axis slowest
}

TEST(Regression, SamplesFromAFile) {
  const auto path = testing::temp_path("samples.txt");
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    std::fputs("# x, u\n-1, 0\n0.5 3\n\n0,1  # a comment\n", f);
    std::fclose(f);
  }
  const auto problem = problems::regression_entry().create(regression_parameters("", path));
  const auto terms = problem->loss_terms();
  EXPECT_EQ(terms[0].fixed_points, (std::vector<double>{-1, 0.5, 0}));
  EXPECT_EQ(terms[0].data(terms[0].fixed_points), (std::vector<double>{0, 3, 1}));
  const auto ref = problem->reference({{-1.0, -0.5, 0.25, 0.5, 1.0}});
  ASSERT_TRUE(ref.has_value());
  EXPECT_EQ(ref->front(),
            (std::vector<double>{0, 0.5, 2, 3, 3}));  // linear between samples, flat beyond

  auto outside = regression_parameters("", path);
  outside.set("domain", std::vector<double>{-0.5, 1.0});
  try {
    problems::regression_entry().create(outside);
    FAIL();
  } catch (const ParameterError& e) {
    EXPECT_EQ(e.name(), "file");
    // The sample is named at its line (line 1 is a comment), with the fix.
    EXPECT_NE(
        std::string(e.what()).find(path + ":2: point (x=-1) lies outside the domain: x must be in "
                                          "[-0.5, 1]; remove that sample, or widen problem.domain"),
        std::string::npos)
        << e.what();
  }
  std::filesystem::remove(path);
}

TEST(Regression, ParameterErrorsNameTheParameter) {
  const auto entry = problems::regression_entry();
  auto expect_error = [&](const Parameters& p, const std::string& name, const std::string& text) {
    try {
      entry.create(p);
      FAIL() << text;
    } catch (const ParameterError& e) {
      EXPECT_EQ(e.name(), name);
      EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
    }
  };
  expect_error(regression_parameters(""), "target", "give exactly one of problem.target");
  expect_error(regression_parameters("x", "/tmp/x"), "file", "give exactly one of");
  expect_error(regression_parameters("sin(6x)"), "target",
               "formula 'sin(6x)': column 6: expected ')' or an operator, found 'x'");
  expect_error(regression_parameters("y"), "target", "unknown name 'y'");
  expect_error(regression_parameters("", "/nonexistent/samples.txt"), "file",
               "cannot read samples file '/nonexistent/samples.txt'");
  auto p = regression_parameters("x");
  p.set("dim", int64_t{17});
  expect_error(p, "dim", "value 17 must be between 1 and 16");
  p.set("dim", int64_t{0});
  expect_error(p, "dim", "value 0 must be between 1 and 16");
}

}  // namespace
}  // namespace pinn
