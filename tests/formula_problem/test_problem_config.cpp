// Formula problems read from configs: what pinn understands, and every bad input
// refused at the line and column of the fault.

#include <gtest/gtest.h>

#include <fstream>

#include "solver/run/point_sets.h"
#include "tests/core/support.h"
#include "tests/formula_problem/config_edit.h"

namespace pinn {
namespace {

using testing::config_error_of;
using testing::location_of;
using testing::parse_config;
using testing::with;

const std::string kHeat = R"yaml(problem:
  name: heat
  inputs: {x: [0, 1], t: [0, 0.5]}
  time: t
  parameters: {k: 0.1}
  functions:
    "u0(s)": sin(pi*s)
    decay: exp(-k*pi^2*t)
  equations: [u_t - k*u_xx]
  conditions:
    initial: {on: initial, equation: u - u0(x)}
    walls: {on: [x_min, x_max], equation: u}
  reference:
    exact: {u: u0(x)*decay}
network: {hidden: [8]}
training:
  phases: [{optimizer: adam, iterations: 1}]
)yaml";

TEST(FormulaConfig, ReadsTheProblemAsWritten) {
  const auto config = parse_config(kHeat);
  EXPECT_EQ(config.problem_name, "heat");
  const auto domain = config.problem->domain();
  EXPECT_EQ(domain.names, (std::vector<std::string>{"x", "t"}));
  EXPECT_EQ(domain.time_axis, 1);
  EXPECT_EQ(domain.hi, (std::vector<double>{1, 0.5}));
  EXPECT_EQ(config.problem->outputs(), std::vector<std::string>{"u"});
  const auto terms = config.problem->loss_terms();
  ASSERT_EQ(terms.size(), 3u);
  EXPECT_EQ(terms[0].name, "residual");
  EXPECT_EQ(terms[1].name, "initial");
  EXPECT_EQ(terms[1].region, Region::Initial);
  EXPECT_EQ(terms[2].name, "walls");
  EXPECT_EQ(terms[2].faces.size(), 2u);
  // residual reads u_t and u_xx only
  EXPECT_EQ(terms[0].needs.size(), 2u);
  EXPECT_EQ(config.loss_weights.at("walls"), 1.0);
  EXPECT_EQ(config.sampling.at("walls").points, 500);

  // The description names inputs, each equation and condition and what it reads.
  std::string text;
  for (const auto& line : config.problem->description()) text += line + "\n";
  EXPECT_NE(text.find("x in [0, 1], t in [0, 0.5] (time)"), std::string::npos) << text;
  EXPECT_NE(text.find("u_t - k*u_xx  (reads u_t, u_xx)"), std::string::npos) << text;
  EXPECT_NE(text.find("condition initial on initial: u - u0(x)  (reads u)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("condition walls on x_min, x_max: u  (reads u)"), std::string::npos) << text;
  EXPECT_NE(text.find("function u0(s) = sin(pi*s)"), std::string::npos) << text;

  // The exact solution, tabulated.
  const auto grid = config.problem->reference({{0.25, 0.5}, {0.0, 0.5}});
  ASSERT_TRUE(grid);
  EXPECT_NEAR((*grid)[0][3], std::exp(-0.1 * M_PI * M_PI * 0.5), 1e-15);
  EXPECT_NEAR((*grid)[0][0], std::sin(M_PI * 0.25), 1e-15);
}

TEST(FormulaConfig, FacePointsLieOnTheirFaces) {
  const auto config = parse_config(kHeat);
  const auto walls = config.problem->loss_terms()[2];
  const auto points = sample_term(config.problem->domain(), walls, SamplingMethod::Lhs, 200, 3);
  int low = 0, high = 0;
  for (size_t i = 0; i < 200; ++i) {
    const double x = points[2 * i], t = points[2 * i + 1];
    low += x == 0.0;
    high += x == 1.0;
    EXPECT_TRUE(x == 0.0 || x == 1.0);
    EXPECT_GE(t, 0.0);
    EXPECT_LE(t, 0.5);
  }
  EXPECT_EQ(low + high, 200);
  EXPECT_NEAR(low, 100, 2);  // the faces have equal measure; lhs balances them
}

struct BadInput {
  std::string from, to;  // the edit of kHeat
  std::string at;        // the text whose first character the error points at
  std::string says;
};

class FormulaErrors : public ::testing::TestWithParam<BadInput> {};

TEST_P(FormulaErrors, PointAtTheFault) {
  const auto& c = GetParam();
  const auto yaml = with(kHeat, c.from, c.to);
  const auto message = config_error_of(yaml);
  EXPECT_EQ(message.rfind(location_of(yaml, c.at) + ": ", 0), 0u) << message;
  EXPECT_NE(message.find(c.says), std::string::npos) << message;
}

INSTANTIATE_TEST_SUITE_P(
    Formulas, FormulaErrors,
    ::testing::Values(
        BadInput{"[u_t - k*u_xx]", "[u_t - k*u_xx)]", ")]", ")"},
        BadInput{"[u_t - k*u_xx]", "[u_t - kk*u_xx]", "kk*", "kk"},
        BadInput{"[u_t - k*u_xx]", "[u_t - kk*u_xx]", "kk*", "parameters: k"},
        BadInput{"[u_t - k*u_xx]", "[u_t - k*u_xq]", "u_xq", "u_xq"},
        BadInput{"[u_t - k*u_xx]", "[u_t - k*u_xxxxx]", "u_xxxxx", "5"},
        BadInput{"[u_t - k*u_xx]", "['u_t - k*d(k, x)']", "k, x)", "output"},
        BadInput{"[u_t - k*u_xx]", "[k*u0(x)]", "k*u0(x)]", "reads no output"},
        BadInput{"equation: u - u0(x)}", "equation: 'u - u0(x, t)'}", "u0(x, t)", "argument"},
        BadInput{"decay: exp(-k*pi^2*t)", "decay: exp(-k*pi^2*t)*decay", "decay\n", "decay"},
        BadInput{"decay: exp(-k*pi^2*t)", "decay: exp(-k*pi^2*t))", ")\n  equations", "decay"},
        BadInput{"{u: u0(x)*decay}", "{u: u0(x)*decay + u}", "u}\nnetwork", "output"},
        BadInput{"[x_min, x_max]", "[x_min, z_max]", "[x_min, z_max]", "z_max"},
        BadInput{"equation: u}", "equation: u, where: x > 2}", "x > 2}", "selects none"},
        BadInput{"equation: u}", "equation: u, where: u > 0}", "u > 0}", "outputs: none"}));

TEST(FormulaConfig, ScopeClashesAreNamed) {
  auto message = config_error_of(with(kHeat, "parameters: {k: 0.1}", "parameters: {u_x: 0.1}"));
  EXPECT_NE(message.find("u_x"), std::string::npos) << message;
  message = config_error_of(with(kHeat, "parameters: {k: 0.1}", "parameters: {k: 0.1, x: 1}"));
  EXPECT_NE(message.find("'x'"), std::string::npos) << message;
  message = config_error_of(with(kHeat, "time: t", "time: s"));
  EXPECT_NE(message.find("problem.time"), std::string::npos) << message;
  message = config_error_of(with(kHeat, "{on: initial, equation: u - u0(x)}", "{on: initial}"));
  EXPECT_NE(message.find("equation"), std::string::npos) << message;
  message = config_error_of(
      with(kHeat, "{on: initial, equation: u - u0(x)}", "{on: initial, periodic: x, equation: u}"));
  EXPECT_NE(message.find("exactly one of"), std::string::npos) << message;
  message = config_error_of(with(kHeat, "exact: {u: u0(x)*decay}", "exact: {v: 1}"));
  EXPECT_NE(message.find("not an output"), std::string::npos) << message;
}

TEST(FormulaConfig, UnknownParametersAreTrainedFromDataConditions) {
  const auto path = testing::temp_path("heat_data.txt");
  {
    std::ofstream out(path);
    out << "x t u\n0.5 0.1 0.6\n0.25 0.2 0.4\n";
  }
  const auto yaml = with(kHeat, "  reference:", "    data: {data: " + path + "}\n  reference:") +
                    "unknowns: {k: {initial: 0.5}}\n";
  const auto config = parse_config(yaml);
  ASSERT_EQ(config.network.unknowns.size(), 1u);
  EXPECT_EQ(config.network.unknowns[0].name, "k");
  const auto terms = config.problem->loss_terms();
  ASSERT_EQ(terms.size(), 4u);
  EXPECT_EQ(terms[3].name, "data");
  EXPECT_EQ(terms[3].fixed_points, (std::vector<double>{0.5, 0.1, 0.25, 0.2}));
  EXPECT_EQ(terms[3].data(terms[3].fixed_points), (std::vector<double>{0.6, 0.4}));
  std::string text;
  for (const auto& line : config.problem->description()) text += line + "\n";
  EXPECT_NE(text.find("k = 0.1 (unknown, trained from data)"), std::string::npos) << text;
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace pinn
