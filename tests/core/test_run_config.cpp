// The run config schema: defaults, and errors that name key, value, rule and
// location.

#include <gtest/gtest.h>
#include <torch/cuda.h>

#include <cstdio>

#include "problems/register_builtin.h"
#include "solver/config/config_error.h"
#include "solver/run/run_config.h"
#include "tests/core/support.h"

namespace pinn {
namespace {

RunConfig parse(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
  return testing::parse_config(yaml, overrides);
}

std::string error_of(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
  return testing::config_error_of(yaml, overrides);
}

TEST(RunConfig, DefaultsForAMinimalFile) {
  const auto c = parse("problem: {name: poisson}\n");
  EXPECT_EQ(c.problem_name, "poisson");
  EXPECT_EQ(c.problem_parameters.integer("dim"), 2);
  EXPECT_EQ(c.network.inputs, 2);
  EXPECT_EQ(c.network.activation, "tanh");
  EXPECT_EQ(c.network.mode, AdaptiveMode::Fixed);
  EXPECT_EQ(c.sampling.at("residual").points, 2000);
  EXPECT_EQ(c.sampling.at("boundary").method, SamplingMethod::Lhs);
  EXPECT_EQ(c.loss_weights.at("boundary"), 1.0);
  EXPECT_EQ(c.output_file, "poisson.h5");
  EXPECT_EQ(c.grid, (std::vector<int64_t>{101, 101}));
  EXPECT_EQ(c.dtype, "float64");
  EXPECT_EQ(c.device, "cpu");
  // Every default is written into the resolved config.
  EXPECT_NE(c.resolved_yaml.find("slope_recovery: 0"), std::string::npos) << c.resolved_yaml;
  EXPECT_NE(c.resolved_yaml.find("lr: "), std::string::npos);
}

TEST(RunConfig, OverridesApplyOverTheFile) {
  const auto c = parse(
      "problem: {name: burgers}\nnetwork: {hidden: [10, 10]}\n"
      "training: {phases: [{optimizer: adam}]}\n",
      {"problem.nu=0.005", "network.hidden=[40,40,40]", "network.adaptive.mode=neuron",
       "training.phases.0.iterations=7", "output.file=out.h5"});
  EXPECT_EQ(c.problem_parameters.number("nu"), 0.005);
  EXPECT_EQ(c.network.hidden, (std::vector<int64_t>{40, 40, 40}));
  EXPECT_EQ(c.network.mode, AdaptiveMode::Neuron);
  ASSERT_EQ(c.trainer.phases.size(), 1u);
  EXPECT_EQ(c.trainer.phases[0].iterations, 7);
  EXPECT_EQ(c.output_file, "out.h5");
}

TEST(RunConfig, ANullOverrideTurnsAnOptionalSectionOff) {
  const std::string yaml =
      "problem: {name: burgers}\n"
      "sampling: {residual: {points: 100, resample: {every: 50, method: uniform}}}\n"
      "training: {phases: [{optimizer: adam, decay: {rate: 0.9, every: 10}}]}\n";
  const auto on = parse(yaml);
  EXPECT_EQ(on.sampling.at("residual").resample.every, 50);
  EXPECT_EQ(on.trainer.phases[0].decay_every, 10);
  const auto off =
      parse(yaml, {"sampling.residual.resample=~", "training.phases.0.decay=~", "unknowns=~"});
  EXPECT_EQ(off.sampling.at("residual").resample.every, 0);
  EXPECT_EQ(off.trainer.phases[0].decay_every, 0);
  EXPECT_EQ(off.sampling.at("residual").points, 100);
  // Still a map where one is due.
  EXPECT_NE(error_of(yaml, {"sampling.residual.resample=3"}).find("must be a map"),
            std::string::npos);
}

TEST(RunConfig, TypoInAKeyIsAnUnknownKeyWithItsLocation) {
  EXPECT_EQ(error_of("problem:\n  name: burgers\nnetwork:\n  activaton: tanh\n"),
            "cfg.yaml:4:3: key 'network.activaton': unknown key; valid keys here: activation, "
            "adaptive, factorization, fourier, hidden, init, periodic");
  EXPECT_NE(error_of("problem: {name: burgers}\nsampling:\n  residul: {points: 5}\n")
                .find("key 'sampling.residul': unknown key; valid keys here: boundary, initial, "
                      "residual"),
            std::string::npos);
  EXPECT_NE(error_of("problem: {name: burgers}\ntrainng: {}\n").find("cfg.yaml:2:1"),
            std::string::npos);
}

TEST(RunConfig, WrongTypesAndRanges) {
  const std::string head = "problem: {name: burgers}\n";
  EXPECT_EQ(error_of(head + "training:\n  phases:\n    - {optimizer: adam, lr: -0.001}\n"),
            "cfg.yaml:4:29: key 'training.phases[0].lr': value -0.001 must be > 0");
  EXPECT_NE(error_of(head + "network: {hidden: abc}\n").find("must be a list of integers"),
            std::string::npos);
  EXPECT_NE(error_of(head + "network: {hidden: [20, 0]}\n").find("network.hidden[1]"),
            std::string::npos);
  EXPECT_NE(error_of(head + "network: {hidden: []}\n").find("network.hidden"), std::string::npos);
  EXPECT_NE(error_of(head + "training: {phases: [{optimizer: adam, iterations: 1.5}]}\n")
                .find("must be an integer"),
            std::string::npos);
  EXPECT_NE(
      error_of(head + "training: {phases: [{optimizer: adam, lr: .nan}]}\n").find("must be finite"),
      std::string::npos);
  EXPECT_NE(error_of(head + "network: {adaptive: {scale: 0.5}}\n").find("must be >= 1"),
            std::string::npos);
  EXPECT_NE(error_of(head + "sampling: {residual: {points: 0}}\n").find("must be > 0"),
            std::string::npos);
  EXPECT_NE(error_of(head + "training: {loss_weights: {initial: -1}}\n").find("must be >= 0"),
            std::string::npos);
}

TEST(RunConfig, UnknownNamesListTheValidOnes) {
  EXPECT_NE(error_of("problem: {name: heat}\n")
                .find("key 'problem.name': value 'heat' must be one of: allen_cahn, burgers, "
                      "helmholtz, klein_gordon, navier_stokes, poisson, regression, schrodinger"),
            std::string::npos)
      << error_of("problem: {name: heat}\n");
  const auto activation = error_of("problem: {name: burgers}\nnetwork: {activation: swish}\n");
  EXPECT_NE(activation.find("celu, elu, gelu, leaky_relu"), std::string::npos) << activation;
  const auto method = error_of("problem: {name: burgers}\nsampling: {initial: {method: halton}}\n");
  EXPECT_NE(method.find("lhs, sobol, uniform"), std::string::npos) << method;
}

TEST(RunConfig, MissingProblemNameIsAnError) {
  EXPECT_NE(error_of("network: {hidden: [5]}\n").find("missing required key"), std::string::npos);
}

TEST(RunConfig, ProblemParameterErrorsPointAtTheParameter) {
  const auto message = error_of("problem:\n  name: burgers\n  nu: -1\n");
  EXPECT_NE(message.find("cfg.yaml:3:7: key 'problem.nu'"), std::string::npos) << message;
  EXPECT_NE(message.find("must be > 0"), std::string::npos) << message;
  EXPECT_NE(error_of("problem: {name: poisson, dim: 4}\n").find("problem.dim"), std::string::npos);
  const auto time = error_of("problem: {name: burgers, t: [0.5, 1]}\n");
  EXPECT_NE(time.find("key 'problem.t': value [0.5, 1] must start at 0"), std::string::npos)
      << time;
  EXPECT_NE(error_of("problem: {name: poisson, case: cosine}\n").find("sine, unit_source"),
            std::string::npos);
}

TEST(RunConfig, ActivationWithoutTheNeededDerivativesIsRefused) {
  const auto message = error_of("problem: {name: poisson}\nnetwork: {activation: relu}\n");
  EXPECT_NE(message.find("key 'network.activation'"), std::string::npos) << message;
  EXPECT_NE(message.find("second derivative of relu is zero almost everywhere"), std::string::npos)
      << message;
  EXPECT_NE(message.find("use one of: celu, elu, gelu"), std::string::npos) << message;
  EXPECT_NE(
      error_of("problem: {name: burgers}\nnetwork: {activation: softshrink}\n").find("softshrink"),
      std::string::npos);
}

TEST(RunConfig, SlopeRecoveryNeedsAdaptiveSlopes) {
  const auto message =
      error_of("problem: {name: burgers}\nnetwork: {adaptive: {slope_recovery: 1}}\n");
  EXPECT_NE(message.find("network.adaptive.slope_recovery"), std::string::npos) << message;
  EXPECT_NE(message.find("mode is fixed"), std::string::npos) << message;
  EXPECT_NO_THROW(
      parse("problem: {name: burgers}\nnetwork: {adaptive: {mode: layer, slope_recovery: 1}}\n"));
}

TEST(RunConfig, AScaleNeedsAdaptiveSlopes) {
  EXPECT_EQ(error_of("problem: {name: burgers}\nnetwork:\n  adaptive: {mode: fixed, scale: 10}\n"),
            "cfg.yaml:3:34: key 'network.adaptive.scale': value 10 with network.adaptive.mode "
            "fixed: scale applies to adaptive slopes only; use mode global, layer or neuron, or "
            "drop scale (or set it to 1)");
  // Fixed is the default mode, so a scale alone is refused as well, at its override.
  EXPECT_NE(error_of("problem: {name: burgers}\n", {"network.adaptive.scale=5"})
                .find("command line 'network.adaptive.scale=5': key 'network.adaptive.scale': "
                      "value 5 with network.adaptive.mode fixed"),
            std::string::npos);
  EXPECT_EQ(parse("problem: {name: burgers}\nnetwork: {adaptive: {mode: fixed, scale: 1}}\n")
                .network.scale,
            1.0);
  EXPECT_EQ(parse("problem: {name: burgers}\nnetwork: {adaptive: {mode: layer, scale: 10}}\n")
                .network.scale,
            10.0);
}

TEST(RunConfig, ListReplacementWarningsReachTheRunConfig) {
  const auto c =
      parse("problem: {name: burgers}\ntraining:\n  phases:\n    - {optimizer: adam, lr: 5.0e-3}\n",
            {"training.phases=[{optimizer: adam, iterations: 300}]"});
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_NE(c.warnings[0].find("training.phases[0].lr = 5.0e-3 (cfg.yaml:4:29)"), std::string::npos)
      << c.warnings[0];
  EXPECT_NE(c.warnings[0].find("set them by index instead: training.phases.0.iterations=300"),
            std::string::npos)
      << c.warnings[0];
  EXPECT_EQ(c.trainer.phases[0].iterations, 300);
  EXPECT_TRUE(parse("problem: {name: burgers}\n").warnings.empty());
}

TEST(RunConfig, BurgersSaysWhyItHasNoReferenceOffIntegerBounds) {
  const auto c = parse("problem:\n  name: burgers\n  x: [-1.5, 1.5]\n");
  EXPECT_FALSE(c.problem->reference({{-1.5, 0, 1.5}, {0, 0.5}}).has_value());
  EXPECT_NE(c.problem->no_reference_reason().find(
                "the Cole-Hopf reference solves u(x,0) = -sin(pi x) on the whole line, and its "
                "solution is 0 only at integer x, so it meets the boundary condition u = 0 only "
                "when both bounds of problem.x are integers; x = [-1.5, 1.5] is not"),
            std::string::npos)
      << c.problem->no_reference_reason();
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_EQ(c.warnings[0],
            "cfg.yaml:3:6: key 'problem.x': value [-1.5, 1.5]: the initial data -sin(pi x) gives "
            "u(-1.5,0) = -1 and u(1.5,0) = 1, but the boundary condition holds u = 0 there, so the "
            "initial and boundary losses conflict at the corners; integer bounds make them agree");
  // One bound off the integers: only that one is named.
  const auto half = parse("problem:\n  name: burgers\n  x: [-1, 0.5]\n");
  ASSERT_EQ(half.warnings.size(), 1u);
  EXPECT_NE(half.warnings[0].find("gives u(0.5,0) = -1, but"), std::string::npos)
      << half.warnings[0];
  const auto whole = parse("problem:\n  name: burgers\n  x: [-2, 1]\n");
  EXPECT_TRUE(whole.warnings.empty());
  EXPECT_TRUE(whole.problem->reference({{-2, 0, 1}, {0, 0.5}}).has_value());
  // A problem without a reference at all says so too.
  const auto cavity = parse("problem: {name: navier_stokes, case: cavity}\n");
  EXPECT_NE(cavity.problem->no_reference_reason().find("lid-driven cavity has no closed-form"),
            std::string::npos);
}

TEST(RunConfig, CudaWithoutAGpuIsAClearError) {
  if (torch::cuda::is_available()) GTEST_SKIP() << "a CUDA device is present";
  const auto message = error_of("problem: {name: burgers}\ntraining: {device: cuda}\n");
  EXPECT_NE(message.find("key 'training.device'"), std::string::npos) << message;
  EXPECT_NE(message.find("no CUDA device"), std::string::npos) << message;
  EXPECT_EQ(parse("problem: {name: burgers}\ntraining: {device: auto}\n").device, "cpu");
}

TEST(RunConfig, DerivativeEngineDefaultsToTheFastestAndCanBeChosen) {
  EXPECT_EQ(parse("problem: {name: burgers}\n").derivatives, DerivativeEngine::Taylor);
  EXPECT_EQ(parse("problem: {name: burgers}\ntraining: {derivatives: autograd}\n").derivatives,
            DerivativeEngine::Autograd);
  EXPECT_EQ(parse("problem: {name: poisson}\n", {"training.derivatives=taylor"}).derivatives,
            DerivativeEngine::Taylor);
  const auto message = error_of("problem: {name: burgers}\ntraining: {derivatives: forward}\n");
  EXPECT_NE(message.find("cfg.yaml:2:25"), std::string::npos) << message;
  EXPECT_NE(message.find("training.derivatives"), std::string::npos) << message;
  EXPECT_NE(message.find("autograd"), std::string::npos) << message;
}

TEST(RunConfig, OverrideErrorsNameTheOverride) {
  const auto message =
      error_of("problem: {name: burgers}\ntraining: {phases: [{optimizer: adam}]}\n",
               {"training.phases.0.lr=-1"});
  EXPECT_EQ(
      message,
      "command line 'training.phases.0.lr=-1': key 'training.phases[0].lr': value -1 must be > 0");
}

TEST(RunConfig, RegressionFormulaErrorsPointAtTheTarget) {
  const auto message = error_of("problem:\n  name: regression\n  target: 2*sin(3x)\n");
  EXPECT_EQ(message,
            "cfg.yaml:3:11: key 'problem.target': formula '2*sin(3x)': column 8: expected ')' or "
            "an operator, found 'x'");
  // Regression reads no derivatives, so piecewise-linear activations are fine.
  const auto config =
      parse("problem: {name: regression, target: 'abs(x)'}\nnetwork: {activation: relu}\n");
  EXPECT_EQ(config.sampling.at("data").points, 300);
}

TEST(RunConfig, PointsGivenByTheProblemCannotBeSampled) {
  const auto path = testing::temp_path("cfg_samples.txt");
  std::FILE* f = std::fopen(path.c_str(), "w");
  std::fputs("0 1\n0.5 2\n1 3\n", f);
  std::fclose(f);
  const std::string problem = "problem: {name: regression, domain: [0, 1], file: " + path + "}\n";
  EXPECT_EQ(parse(problem).sampling.at("data").points, 3);
  const auto message = error_of(problem + "sampling: {data: {points: 10}}\n");
  EXPECT_NE(message.find("cfg.yaml:2:18: key 'sampling.data': the 3 points of term 'data' are "
                         "given by the problem; remove sampling.data"),
            std::string::npos)
      << message;
  std::remove(path.c_str());
}

TEST(RunConfig, OverridesCanNameTheirOrigin) {
  auto source = config::load_config_string("problem: {name: burgers}\n", "cfg.yaml");
  config::apply_override(source, "network.adaptive.scale=0.5", "study.yaml:9:30");
  try {
    parse_run_config(source, testing::builtin_registry());
    FAIL();
  } catch (const config::ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "study.yaml:9:30: in 'network.adaptive.scale=0.5': key 'network.adaptive.scale': "
                 "value 0.5 must be >= 1");
  }
}

}  // namespace
}  // namespace pinn
