// Systems of PDEs: periodic conditions and features, the navier_stokes,
// schrodinger and allen_cahn modules (each term on closed-form fields), their
// references, config errors, and short trainings writing every output.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <filesystem>

#include "problems/allen_cahn/allen_cahn.h"
#include "problems/navier_stokes/navier_stokes.h"
#include "problems/schrodinger/schrodinger.h"
#include "solver/autodiff/taylor_engine.h"
#include "solver/io/result.h"
#include "solver/io/xdmf.h"
#include "solver/run/run.h"
#include "tests/core/candidate_fields.h"
#include "tests/core/support.h"

namespace pinn {
namespace {

using testing::Candidate;
using testing::config_error_of;
using testing::term_residuals;
using Columns = std::vector<at::Tensor>;

constexpr int X = 0;
constexpr int Y = 1;  // navier_stokes
constexpr int T = 1;  // schrodinger, allen_cahn

Parameters defaults(const ProblemEntry& entry) {
  Parameters p;
  for (const auto& spec : entry.parameters) p.set(spec.name, spec.default_value);
  return p;
}

std::unique_ptr<Problem> create(const ProblemEntry& entry,
                                const std::map<std::string, ParameterValue>& values = {}) {
  auto p = defaults(entry);
  for (const auto& [name, value] : values) p.set(name, value);
  return entry.create(p);
}

// ---- periodic conditions ----

TEST(Periodic, FacePointsLieOnTheLowFaceAndImagesOnTheHighOne) {
  const Domain d{{"x", "t"}, {-5.0, 0.0}, {5.0, 2.0}, 1};
  const auto points = sample_face(d, 0, SamplingMethod::Sobol, 16, 3);
  ASSERT_EQ(points.size(), 32u);
  for (size_t i = 0; i < 16; ++i) {
    EXPECT_EQ(points[2 * i], -5.0);
    EXPECT_GE(points[2 * i + 1], 0.0);
    EXPECT_LE(points[2 * i + 1], 2.0);
  }
  const auto term = periodic_condition(d, 0, {Output{0}, Output{1}}, 1, 64);
  EXPECT_EQ(term.paired.axis, 0);
  EXPECT_EQ(term.paired.hi, 5.0);
  EXPECT_EQ(term.needs.size(), 4u);  // u, u_x, v, v_x
  const auto stacked =
      evaluation_points(term, torch::tensor(points, torch::kFloat64).reshape({16, 2}));
  ASSERT_EQ(stacked.size(0), 32);
  EXPECT_EQ(stacked.slice(0, 16).select(1, 0).eq(5.0).all().item<bool>(), true);
  EXPECT_TRUE(stacked.slice(0, 0, 16).select(1, 1).equal(stacked.slice(0, 16).select(1, 1)));
  EXPECT_THROW(sample_face(d, 2, SamplingMethod::Sobol, 4, 1), std::invalid_argument);
}

TEST(Periodic, TheTermVanishesForPeriodicFieldsOnly) {
  const auto problem = create(problems::allen_cahn_entry());
  const Candidate periodic = {[](const Columns& in) {
    return torch::cos(M_PI * in[X]) * (1 + in[T]) + torch::sin(2 * M_PI * in[X]);
  }};
  EXPECT_LT(term_residuals(*problem, periodic).at("periodic"), 1e-13);
  // Equal values at both ends, unequal slopes: the derivative column catches it.
  const Candidate kink = {[](const Columns& in) { return in[X] * in[X] * (1 + in[T]); }};
  EXPECT_GT(term_residuals(*problem, kink).at("periodic"), 1.0);
}

TEST(PeriodicFeatures, TheNetworkIsPeriodicWithEveryDerivative) {
  NetworkOptions o;
  o.inputs = 2;
  o.outputs = 2;
  o.hidden = {12, 9};
  o.input_lo = {-1, 0};
  o.input_hi = {1, 1};
  o.periodic = {0};
  torch::manual_seed(5);
  Mlp net(o);
  EXPECT_EQ(net->hidden_layer(0)->weight.size(1), 3);  // cos x', sin x', t'
  const auto t = torch::rand({50, 1}, torch::kFloat64);
  const auto lo = torch::cat({torch::full({50, 1}, -1.0, torch::kFloat64), t}, 1);
  const auto hi = torch::cat({torch::full({50, 1}, 1.0, torch::kFloat64), t}, 1);
  const std::vector<Partial> needs = {
      {Output{1}, {}}, {Output{1}, {0}}, {Output{1}, {0, 0, 0}}, {Output{0}, {0, 1}}};
  const auto a = evaluate_taylor(*net, lo, needs, {"x", "t"}, {"u", "v"});
  const auto b = evaluate_taylor(*net, hi, needs, {"x", "t"}, {"u", "v"});
  for (const auto& p : needs) {
    EXPECT_LT((a.get(p) - b.get(p)).abs().max().item<double>(), 1e-12) << p.label({"x", "t"});
  }
  EXPECT_GT(a.get(needs[1]).abs().max().item<double>(), 1e-3);  // not trivially zero
}

// ---- navier_stokes ----

Candidate kovasznay(double re) {
  const double l = re / 2 - std::sqrt(re * re / 4 + 4 * M_PI * M_PI);
  return {
      [=](const Columns& in) { return 1 - torch::exp(l * in[X]) * torch::cos(2 * M_PI * in[Y]); },
      [=](const Columns& in) {
        return l / (2 * M_PI) * torch::exp(l * in[X]) * torch::sin(2 * M_PI * in[Y]);
      },
      [=](const Columns& in) { return (1 - torch::exp(2 * l * in[X])) / 2 + 3.0; }};
}

TEST(NavierStokes, KovasznayTermsVanishOnTheExactSolutionAndOnlyThere) {
  for (const double re : {20.0, 40.0}) {
    const auto problem = create(problems::navier_stokes_entry(), {{"Re", re}});
    EXPECT_EQ(problem->outputs(), (std::vector<std::string>{"u", "v", "p"}));
    const auto exact = kovasznay(re);  // p shifted by 3: only its gradient counts
    for (const auto& [name, r] : term_residuals(*problem, exact)) EXPECT_LT(r, 1e-12) << name;
    // The solution of another Reynolds number breaks the momentum equations only.
    const auto other = kovasznay(2 * re);
    EXPECT_GT(term_residuals(*problem, other).at("residual"), 1e-2);
    // A velocity that is not divergence-free breaks continuity.
    auto compressible = exact;
    compressible[0] = [&](const Columns& in) { return exact[0](in) + 0.1 * in[X]; };
    EXPECT_GT(term_residuals(*problem, compressible).at("residual"), 1e-2);
  }
}

TEST(NavierStokes, KovasznayReferenceAndPressureUpToAConstant) {
  const auto problem = create(problems::navier_stokes_entry());
  EXPECT_EQ(problem->up_to_constant(), std::vector<std::string>{"p"});
  const auto ref = problem->reference({{-0.5, 1.0}, {0.25, 1.5}});
  ASSERT_TRUE(ref.has_value());
  ASSERT_EQ(ref->size(), 3u);
  const double l = 10 - std::sqrt(100 + 4 * M_PI * M_PI);
  EXPECT_NEAR((*ref)[0][1], 1 - std::exp(-0.5 * l) * std::cos(3 * M_PI), 1e-15);  // (-0.5, 1.5)
  EXPECT_NEAR((*ref)[2][3], (1 - std::exp(2 * l)) / 2, 1e-15);
  const auto d = problem->domain();
  EXPECT_EQ(d.lo, (std::vector<double>{-0.5, -0.5}));
  EXPECT_EQ(d.hi, (std::vector<double>{1.0, 1.5}));
}

TEST(NavierStokes, CavityHasTheLidAndGhiasCentreLines) {
  const auto problem =
      create(problems::navier_stokes_entry(), {{"case", std::string("cavity")}, {"Re", 100.0}});
  EXPECT_FALSE(problem->reference({{0.0, 1.0}, {0.0, 1.0}}).has_value());
  // The lid's velocity at y = 1 and rest on the other walls.
  const Candidate lid = {
      // Differentiable (0 * y) for the residual term, which reads derivatives.
      [](const Columns& in) { return (in[Y] == 1.0).to(torch::kFloat64) + 0 * in[Y]; },
      [](const Columns& in) { return 0 * in[X]; }, [](const Columns& in) { return 0 * in[X]; }};
  EXPECT_EQ(term_residuals(*problem, lid).at("boundary"), 0.0);
  const ClosedForm zero = [](const Columns& in) { return 0 * in[X] * in[Y]; };
  const Candidate still = {zero, zero, zero};
  EXPECT_EQ(term_residuals(*problem, still).at("residual"), 0.0);
  const auto profiles = problem->profiles();
  ASSERT_EQ(profiles.size(), 2u);
  for (const auto& p : profiles) {
    EXPECT_EQ(p.coordinates.size(), 17u);
    EXPECT_EQ(p.values.size(), 17u);
    EXPECT_EQ(p.metric, "max_centreline_error");
    EXPECT_NE(p.source.find("Ghia"), std::string::npos);
  }
  // u(0.5, y) crosses from the lid's 1 to its minimum -0.2109 at y = 0.4531.
  EXPECT_EQ(profiles[0].output.index, 0);
  EXPECT_EQ(profiles[0].axis, Y);
  EXPECT_EQ(profiles[0].values.front(), 1.0);
  EXPECT_EQ(profiles[0].values[9], -0.21090);
  EXPECT_EQ(profiles[1].output.index, 1);
  EXPECT_EQ(profiles[1].values[9], 0.17527);
  // Tables exist for Re = 100 only.
  EXPECT_TRUE(create(problems::navier_stokes_entry(), {{"case", std::string("cavity")}})
                  ->profiles()
                  .empty());
}

TEST(NavierStokes, BadParametersAreConfigErrorsNamingTheKey) {
  for (const char* re : {"0", "-3", ".inf"}) {
    const auto message = config_error_of(std::string("problem: {name: navier_stokes, Re: ") + re +
                                         "}\noutput: {file: o.h5}\n");
    EXPECT_NE(message.find("problem.Re"), std::string::npos) << message;
  }
  const auto message =
      config_error_of("problem: {name: navier_stokes, case: channel}\noutput: {file: o.h5}\n");
  EXPECT_NE(message.find("problem.case"), std::string::npos) << message;
  EXPECT_NE(message.find("cavity"), std::string::npos) << message;
}

// ---- schrodinger ----

TEST(Schrodinger, ResidualVanishesOnTheOneSolitonAndOnlyThere) {
  const auto problem = create(problems::schrodinger_entry());
  EXPECT_EQ(problem->outputs(), (std::vector<std::string>{"u", "v"}));
  // h = sech(x) exp(i t / 2) solves i h_t + 0.5 h_xx + |h|^2 h = 0.
  const Candidate soliton = {
      [](const Columns& in) { return torch::cos(in[T] / 2) / torch::cosh(in[X]); },
      [](const Columns& in) { return torch::sin(in[T] / 2) / torch::cosh(in[X]); }};
  EXPECT_LT(term_residuals(*problem, soliton).at("residual"), 1e-13);
  // Turning the other way solves the conjugate equation instead.
  const Candidate conjugate = {soliton[0], [&](const Columns& in) { return -soliton[1](in); }};
  EXPECT_GT(term_residuals(*problem, conjugate).at("residual"), 0.1);
  const Candidate initial = {[](const Columns& in) { return 2 / torch::cosh(in[X]); },
                             [](const Columns& in) { return in[T] * torch::sin(in[X]); }};
  EXPECT_LT(term_residuals(*problem, initial).at("initial"), 1e-15);
}

TEST(Schrodinger, ReferenceStartsFromTwoSechAndHIsItsModulus) {
  const auto problem = create(problems::schrodinger_entry());
  const std::vector<double> x = {-5.0, -1.0, 0.0, 2.5};
  const auto ref = problem->reference({x, {0.0, 0.5, M_PI / 2}});
  ASSERT_TRUE(ref.has_value());
  ASSERT_EQ(ref->size(), 2u);
  // Between the grid's nodes h(x, 0) is the trigonometric interpolant of a periodic
  // extension with a kink at +-5 (2 sech 5 = 0.013): 4e-8 off at x = -1.
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_NEAR((*ref)[0][i * 3], 2 / std::cosh(x[i]), 1e-7);
    EXPECT_NEAR((*ref)[1][i * 3], 0.0, 1e-12);
  }
  const auto derived = problem->derived_fields();
  ASSERT_EQ(derived.size(), 1u);
  EXPECT_EQ(derived[0].name, "h");
  const auto h = derived[0].compute(*ref);
  EXPECT_NEAR(h[2 * 3 + 2], std::hypot((*ref)[0][8], (*ref)[1][8]), 1e-15);
  // The breather focuses at x = 0: |h(0, t)| rises above its initial 2.
  EXPECT_GT(h[2 * 3 + 1], 2.5);
}

// ---- allen_cahn ----

TEST(AllenCahn, ResidualIsTheEquationAndTheInitialDataVanish) {
  const auto problem = create(problems::allen_cahn_entry(), {{"D", 0.01}});
  // u = cos(pi x) e^-t: u_t - D u_xx + 5 u^3 - 5 u = (-1 + D pi^2 - 5) u + 5 u^3.
  const ClosedForm u = [](const Columns& in) {
    return torch::cos(M_PI * in[X]) * torch::exp(-in[T]);
  };
  const auto points = torch::rand({40, 2}, torch::kFloat64) *
                          torch::tensor(std::vector<double>{2.0, 1.0}, torch::kFloat64) -
                      torch::tensor(std::vector<double>{1.0, 0.0}, torch::kFloat64);
  const auto terms = problem->loss_terms();
  const auto& residual = terms.front();
  const std::vector<std::string> inputs = {"x", "t"}, outputs = {"u"};
  const auto fields = testing::candidate_fields(points, inputs, outputs, {u}, residual.needs);
  const auto value = u({points.select(1, 0).unsqueeze(1), points.select(1, 1).unsqueeze(1)});
  const auto expected = (-6 + 0.01 * M_PI * M_PI) * value + 5 * value.pow(3);
  EXPECT_LT((residual.residual(fields) - expected).abs().max().item<double>(), 1e-13);
  // The stable states solve it.
  const Candidate one = {[](const Columns& in) { return torch::ones_like(in[X]); }};
  EXPECT_LT(term_residuals(*problem, one).at("residual"), 1e-15);
  const Candidate initial = {
      [](const Columns& in) { return in[X] * in[X] * torch::cos(M_PI * in[X]) + in[T]; }};
  EXPECT_LT(term_residuals(*problem, initial).at("initial"), 1e-15);
}

TEST(AllenCahn, ReferenceStartsFromTheInitialDataAndFormsFronts) {
  const auto problem = create(problems::allen_cahn_entry());
  const std::vector<double> x = {-1.0, -0.5, 0.0, 0.3, 1.0};
  const auto ref = problem->reference({x, {0.0, 1.0}});
  ASSERT_TRUE(ref.has_value());
  // The initial data's periodic extension has a kink at +-1 (u_x = -+2), which the
  // trigonometric interpolant of the 1024 nodes misses by 1e-6.
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_NEAR((*ref)[0][i * 2], x[i] * x[i] * std::cos(M_PI * x[i]), 2e-6);
  }
  // By t = 1 the ends have gone to the stable state -1 and x = 0 is between fronts, near 0.
  EXPECT_NEAR((*ref)[0][0 * 2 + 1], -1.0, 1e-2);
  EXPECT_NEAR((*ref)[0][2 * 2 + 1], 0.0, 0.05);
  const auto message =
      config_error_of("problem: {name: allen_cahn, D: -1}\noutput: {file: o.h5}\n");
  EXPECT_NE(message.find("problem.D"), std::string::npos) << message;
}

// ---- every problem declares what its terms read ----

TEST(Outputs, EveryTermOfEveryProblemReadsDeclaredOutputs) {
  const auto registry = testing::builtin_registry();
  for (const auto& name : registry.names()) {
    if (name == "regression") continue;  // needs a target or a file
    const auto problem = registry.find(name).create(defaults(registry.find(name)));
    EXPECT_NO_THROW(check_term_outputs(*problem)) << name;
  }
  // An output a term reads but the problem does not declare is caught.
  class Undeclared : public Problem {
   public:
    Domain domain() const override { return {{"x"}, {0.0}, {1.0}, -1}; }
    std::vector<LossTerm> loss_terms() const override {
      return {{"residual", Region::Interior, 10, {{Output{1}, {0}}}, [](const Fields& f) {
                 return f.d(Output{1}, 0);
               }}};
    }
  };
  try {
    check_term_outputs(Undeclared());
    FAIL() << "an undeclared output was accepted";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("reads output 1"), std::string::npos) << e.what();
  }
  EXPECT_EQ(output_index(*create(problems::navier_stokes_entry()), "p").index, 2);
  EXPECT_THROW(output_index(*create(problems::navier_stokes_entry()), "w"), std::invalid_argument);
}

TEST(Outputs, ConfigErrorsNameTheKey) {
  const std::string kovasznay = "problem: {name: navier_stokes}\noutput: {file: o.h5";
  auto message = config_error_of(kovasznay + ", grid: {u: 10, x: 5, y: 5}}\n");
  EXPECT_NE(message.find("output.grid.u"), std::string::npos) << message;
  message = config_error_of(kovasznay + "}\nnetwork: {periodic: [z]}\n");
  EXPECT_NE(message.find("network.periodic[0]"), std::string::npos) << message;
  message = config_error_of(kovasznay + "}\nnetwork: {periodic: [x, x]}\n");
  EXPECT_NE(message.find("listed twice"), std::string::npos) << message;
  message = config_error_of(kovasznay + "}\nobservations: {reference: {points: 10}}\n");
  EXPECT_NE(message.find("3 outputs (u, v, p)"), std::string::npos) << message;
  const auto config = testing::parse_config(kovasznay + "}\nnetwork: {periodic: [y]}\n");
  EXPECT_EQ(config.network.outputs, 3);
  EXPECT_EQ(config.network.periodic, std::vector<int64_t>{1});
}

// ---- short trainings ----

ResultData train(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
  const auto path = testing::temp_path("systems.h5");
  auto all = overrides;
  all.push_back("output.file=" + path);
  const auto config = testing::parse_config(yaml, all);
  RunSettings settings;
  settings.log = stdout;
  run_training(config, settings);
  auto stored = read_result(path);
  std::filesystem::remove(path);
  std::filesystem::remove(xdmf_path(path));
  return stored;
}

const std::string kShort =
    "training: {threads: 1, log_every: 25, phases: [{optimizer: adam, iterations: 150, lr: "
    "0.01}]}\n";

TEST(SystemsTraining, KovasznayWritesEveryOutputAndItsErrors) {
  const auto r = train(
      "problem: {name: navier_stokes}\nnetwork: {hidden: [16, 16]}\n"
      "sampling: {residual: {points: 300}, boundary: {points: 100}}\n"
      "output: {grid: {x: 16, y: 21}}\n" +
      kShort);
  ASSERT_EQ(r.status, "completed") << r.message;
  ASSERT_EQ(r.solution.fields.size(), 3u);
  EXPECT_EQ(r.solution.exact_dataset(2), "p_exact");
  EXPECT_EQ(r.solution.error_dataset(2), "p_abs_error");
  EXPECT_EQ(r.solution.up_to_constant, std::vector<std::string>{"p"});
  ASSERT_EQ(r.metrics.fields.size(), 3u);
  double squares = 0, norms = 0;
  for (size_t i = 0; i < 3; ++i) {
    const auto& f = r.solution.fields[i];
    EXPECT_EQ(f.values.size(), 16u * 21u);
    EXPECT_EQ(f.exact.size(), f.values.size());
    for (size_t k = 0; k < f.values.size(); ++k) {
      EXPECT_NEAR(f.abs_error[k], std::abs(f.values[k] - f.exact[k]), 1e-12);
      squares += f.abs_error[k] * f.abs_error[k];
    }
  }
  // p_exact is shifted to the network's mean.
  const auto mean = [](const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return s / static_cast<double>(v.size());
  };
  EXPECT_NEAR(mean(r.solution.fields[2].exact), mean(r.solution.fields[2].values), 1e-12);
  for (size_t i = 0; i < 3; ++i) {
    auto exact = r.solution.fields[i].exact;
    const double shift = i == 2 ? mean(exact) : 0.0;
    for (double x : exact) norms += (x - shift) * (x - shift);
  }
  EXPECT_NEAR(r.metrics.rel_l2, std::sqrt(squares / norms), 1e-12);
  EXPECT_LT(r.metrics.rel_l2, r.history.rel_l2.front());
  EXPECT_LT(r.history.loss.back() * 5, r.history.loss.front());
}

TEST(SystemsTraining, EnginesAgreeOnAThreeOutputRun) {
  const std::string yaml =
      "problem: {name: navier_stokes}\nnetwork: {hidden: [8, 8]}\n"
      "sampling: {residual: {points: 200}, boundary: {points: 50}}\n"
      "output: {grid: {x: 5, y: 5}}\n"
      "training: {threads: 1, log_every: 5, phases: [{optimizer: adam, iterations: 20}]}\n";
  const auto taylor = train(yaml, {"training.derivatives=taylor"});
  const auto autograd = train(yaml, {"training.derivatives=autograd"});
  ASSERT_EQ(taylor.history.loss.size(), autograd.history.loss.size());
  for (size_t i = 0; i < taylor.history.loss.size(); ++i) {
    EXPECT_NEAR(taylor.history.loss[i], autograd.history.loss[i], 1e-10 * autograd.history.loss[i]);
  }
}

TEST(SystemsTraining, CavityComparesWithGhiasTables) {
  const auto r = train(
      "problem: {name: navier_stokes, case: cavity, Re: 100}\n"
      "network: {hidden: [12, 12]}\n"
      "sampling: {residual: {points: 200}, boundary: {points: 100}}\n"
      "output: {grid: {x: 11, y: 11}}\n" +
      kShort);
  ASSERT_EQ(r.profiles.size(), 2u);
  EXPECT_TRUE(std::isnan(r.metrics.rel_l2));
  EXPECT_TRUE(r.metrics.fields.empty());
  double worst = 0;
  for (const auto& p : r.profiles) {
    EXPECT_EQ(p.points.size(), 17u * 2);
    EXPECT_EQ(p.line_prediction.size(), 201u);
    for (size_t i = 0; i < p.reference.size(); ++i) {
      worst = std::max(worst, std::abs(p.prediction[i] - p.reference[i]));
    }
  }
  EXPECT_EQ(r.profiles[0].axis, "y");
  // Rows (x, y): Ghia's first point (0.5, 1), the last (0.5, 0).
  EXPECT_EQ(r.profiles[0].points[0], 0.5);
  EXPECT_EQ(r.profiles[0].points[1], 1.0);
  EXPECT_EQ(r.profiles[0].points[2 * 16], 0.5);
  EXPECT_EQ(r.profiles[0].points[2 * 16 + 1], 0.0);
  ASSERT_EQ(r.metrics.profile_errors.size(), 1u);
  EXPECT_EQ(r.metrics.profile_errors[0].first, "max_centreline_error");
  EXPECT_EQ(r.metrics.profile_errors[0].second, worst);
}

TEST(SystemsTraining, SchrodingerRecordsTheModulusError) {
  const auto r = train(
      "problem: {name: schrodinger}\nnetwork: {hidden: [10, 10], periodic: [x]}\n"
      "sampling: {residual: {points: 200}, initial: {points: 50}, "
      "periodic: {points: 20}}\noutput: {grid: {x: 32, t: 5}}\n" +
      kShort);
  ASSERT_EQ(r.solution.fields.size(), 3u);
  EXPECT_EQ(r.solution.fields[2].name, "h");
  EXPECT_EQ(r.solution.derived, std::vector<std::string>{"h"});
  ASSERT_EQ(r.metrics.fields.size(), 3u);
  EXPECT_EQ(r.metrics.fields[2].name, "h");
  EXPECT_TRUE(std::isfinite(r.metrics.fields[2].rel_l2));
  // A periodic network meets the periodic condition to rounding.
  const auto& names = r.history.term_names;
  const auto at = std::find(names.begin(), names.end(), "periodic") - names.begin();
  EXPECT_LT(r.history.term_loss.at(at).back(), 1e-20);
}

}  // namespace
}  // namespace pinn
