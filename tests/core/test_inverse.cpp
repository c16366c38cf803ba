// Inverse problems: unknown coefficients trained with the network from
// observations. Their gradients against finite differences, synthetic
// observations (seeded, with the asked-for noise), observation files, an
// identification that moves toward the truth, and every bad input.

#include <H5Cpp.h>
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "solver/inverse/observations.h"
#include "solver/io/hdf5_file.h"
#include "solver/run/run.h"
#include "tests/core/support.h"

namespace pinn {
namespace {

using testing::config_error_of;
using testing::parse_config;
using testing::temp_path;

const std::string kBurgersInverse =
    "problem: {name: burgers}\n"
    "unknowns: {nu: {initial: 0.05, positive: true}, c: {initial: 0.5}}\n"
    "observations: {reference: {points: 400, seed: 5, grid: {x: 64, t: 20}}}\n"
    "network: {hidden: [16, 16]}\n"
    "sampling: {residual: {points: 500}, initial: {points: 50}, boundary: {points: 50}}\n"
    "training: {threads: 1}\n"
    "output: {grid: {x: 32, t: 11}}\n";

// d loss / d theta of every unknown, by autograd and by central differences.
void expect_coefficient_gradients_match(const std::string& yaml,
                                        const std::vector<std::string>& overrides = {}) {
  const auto config = parse_config(yaml, overrides);
  auto setup = prepare_training(config);
  const auto& thetas = setup.net->unknown_parameters();
  ASSERT_FALSE(thetas.empty());
  for (auto& p : setup.net->parameters()) p.mutable_grad() = torch::Tensor();
  setup.loss.evaluate().total.backward();
  for (size_t i = 0; i < thetas.size(); ++i) {
    const double analytic = thetas[i].grad().item<double>();
    const double h = 1e-6;
    double sides[2];
    for (int s = 0; s < 2; ++s) {
      {
        torch::NoGradGuard no_grad;
        thetas[i].add_(s == 0 ? h : -2 * h);
      }
      sides[s] = setup.loss.evaluate().total.item<double>();
    }
    {
      torch::NoGradGuard no_grad;
      thetas[i].add_(h);
    }
    const double numeric = (sides[0] - sides[1]) / (2 * h);
    EXPECT_NEAR(analytic, numeric, 1e-6 * std::max(1.0, std::abs(numeric)))
        << config.network.unknowns[i].name << " in\n"
        << yaml;
    EXPECT_NE(analytic, 0.0) << config.network.unknowns[i].name;
  }
}

TEST(InverseGradients, EveryCoefficientOfEveryProblemMatchesFiniteDifferences) {
  for (const std::string engine : {"taylor", "autograd"}) {
    const std::vector<std::string> with_engine = {"training.derivatives=" + engine};
    expect_coefficient_gradients_match(kBurgersInverse, with_engine);
    expect_coefficient_gradients_match(
        "problem: {name: klein_gordon}\n"
        "unknowns: {alpha: {initial: -0.5}, beta: {initial: 0.3}, gamma: {initial: 0.7}}\n"
        "observations: {reference: {points: 100, grid: {x: 21, t: 11}}}\n"
        "network: {hidden: [12, 12]}\n"
        "sampling: {residual: {points: 200}, initial: {points: 20}, initial_velocity: {points: "
        "20}, boundary: {points: 20}}\n",
        with_engine);
    expect_coefficient_gradients_match(
        "problem: {name: variable_diffusion}\n"
        "unknowns: {alpha: {initial: 0.2, positive: true, lr: 0.01}}\n"
        "observations: {reference: {points: 100, grid: {x: 17, y: 17}}}\n"
        "network: {hidden: [12, 12]}\n"
        "sampling: {residual: {points: 200}, boundary: {points: 40}}\n"
        "output: {grid: {x: 17, y: 17}}\n",
        with_engine);
  }
}

TEST(InverseTraining, ShortBurgersIdentificationMovesTheCoefficientsTowardTheTruth) {
  const auto path = temp_path("identify.h5");
  const auto config = parse_config(
      kBurgersInverse,
      {"output.file=" + path,
       "training.phases=[{optimizer: adam, iterations: 300, lr: 0.01}, {optimizer: lbfgs, "
       "iterations: 150}]"});
  RunSettings settings;
  settings.log = stdout;
  const auto result = run_training(config, settings);
  ASSERT_EQ(result.status, "completed") << result.message;
  ASSERT_EQ(result.metrics.unknowns.size(), 2u);
  // Sorted by name, as the file lists them.
  const auto& c = result.metrics.unknowns[0];
  const auto& nu = result.metrics.unknowns[1];
  EXPECT_EQ(nu.name, "nu");
  EXPECT_EQ(c.name, "c");
  const double true_nu = 0.01 / M_PI;
  EXPECT_DOUBLE_EQ(nu.truth, true_nu);
  EXPECT_LT(std::abs(nu.value - true_nu), 0.5 * std::abs(0.05 - true_nu)) << nu.value;
  EXPECT_LT(std::abs(c.value - 1.0), 0.5 * std::abs(0.5 - 1.0)) << c.value;
  EXPECT_GT(nu.value, 0);
  // The history starts at the initial values and ends at the identified ones.
  EXPECT_EQ(result.history.unknown_names, (std::vector<std::string>{"c", "nu"}));
  EXPECT_DOUBLE_EQ(result.history.unknown_values[1].front(), 0.05);
  EXPECT_DOUBLE_EQ(result.history.unknown_values[0].front(), 0.5);
  EXPECT_EQ(result.history.unknown_values[1].back(), nu.value);
  // What the file holds.
  const auto stored = read_result(path);
  EXPECT_EQ(stored.metrics.unknowns[1].value, nu.value);
  EXPECT_DOUBLE_EQ(stored.metrics.unknowns[1].truth, true_nu);
  EXPECT_EQ(stored.history.unknown_values, result.history.unknown_values);
  EXPECT_EQ(stored.observation_values.size(), 400u);
  EXPECT_EQ(stored.observation_points.size(), 800u);
  std::filesystem::remove(path);
  std::filesystem::remove(std::filesystem::path(path).replace_extension(".xmf"));
  std::filesystem::remove(std::filesystem::path(path).replace_extension(".space-time.xmf"));
}

TEST(SyntheticObservations, AreSeededDistinctGridNodesWithTheAskedNoise) {
  std::vector<std::vector<double>> axes = {{}, {}};
  for (int i = 0; i < 200; ++i) axes[0].push_back(-1 + 2.0 * i / 199);
  for (int j = 0; j < 150; ++j) axes[1].push_back(j / 149.0);
  std::vector<double> clean;
  for (double x : axes[0]) {
    for (double t : axes[1]) clean.push_back(std::sin(3 * x) * std::exp(-t));
  }
  const auto a = draw_observations(axes, clean, 20000, 0.0, 7);
  const auto b = draw_observations(axes, clean, 20000, 0.0, 7);
  const auto other = draw_observations(axes, clean, 20000, 0.0, 8);
  EXPECT_EQ(a.points, b.points);
  EXPECT_NE(a.points, other.points);
  EXPECT_TRUE(a.synthetic);
  std::set<std::pair<double, double>> distinct;
  for (size_t n = 0; n < a.count(); ++n) {
    const double x = a.points[2 * n], t = a.points[2 * n + 1];
    distinct.insert({x, t});
    EXPECT_DOUBLE_EQ(a.values[n], std::sin(3 * x) * std::exp(-t));  // the node's value
  }
  EXPECT_EQ(distinct.size(), a.count());

  const double noise = 0.05;
  const auto noisy = draw_observations(axes, clean, 20000, noise, 7);
  EXPECT_EQ(noisy.points, a.points);  // the same nodes, then noise
  double mean = 0, square = 0;
  for (double v : a.values) mean += v / a.count();
  for (double v : a.values) square += (v - mean) * (v - mean) / a.count();
  const double spread = std::sqrt(square);
  double sum = 0, sum_sq = 0;
  for (size_t n = 0; n < a.count(); ++n) {
    const double e = (noisy.values[n] - a.values[n]) / (noise * spread);
    sum += e;
    sum_sq += e * e;
  }
  const double m = sum / a.count();
  EXPECT_NEAR(m, 0.0, 0.03);
  EXPECT_NEAR(std::sqrt(sum_sq / a.count() - m * m), 1.0, 0.03);
  EXPECT_THROW(draw_observations(axes, clean, 30001, 0.0, 7), std::invalid_argument);
}

TEST(ObservationFiles, TextAndHdf5FilesReadTheSameObservations) {
  const auto text = temp_path("obs.txt");
  std::ofstream(text) << "# x t u\n0.5 0.25 -0.7\n-0.5, 1.0, 0.3\n\n0\t0\t0  # a comment\n";
  const Domain domain{{"x", "t"}, {-1, 0}, {1, 1}, 1};
  const auto from_text = read_observations(text, domain);
  EXPECT_EQ(from_text.points, (std::vector<double>{0.5, 0.25, -0.5, 1.0, 0, 0}));
  EXPECT_EQ(from_text.values, (std::vector<double>{-0.7, 0.3, 0}));
  EXPECT_FALSE(from_text.synthetic);

  const auto h5 = temp_path("obs.h5");
  {
    H5::H5File file(h5, H5F_ACC_TRUNC);
    auto root = file.openGroup("/");
    hdf5::write_dataset(root, "points", from_text.points, {3, 2});
    hdf5::write_dataset(root, "values", from_text.values);
  }
  const auto from_h5 = read_observations(h5, domain);
  EXPECT_EQ(from_h5.points, from_text.points);
  EXPECT_EQ(from_h5.values, from_text.values);
  // A text file's points keep their lines, for messages; a dataset's have none.
  EXPECT_EQ(from_text.lines, (std::vector<int64_t>{2, 3, 5}));
  EXPECT_TRUE(from_h5.lines.empty());
  {
    H5::H5File file(h5, H5F_ACC_TRUNC);
    auto root = file.openGroup("/");
    hdf5::write_dataset(root, "points", std::vector<double>{0.5, 0.25, 0.5, 1.5}, {2, 2});
    hdf5::write_dataset(root, "values", std::vector<double>{1, 2});
  }
  try {
    read_observations(h5, domain);
    ADD_FAILURE() << "a point outside the domain was read";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              h5 + ": row 2 of dataset 'points': point (x=0.5, t=1.5) lies outside the domain: "
                   "t must be in [0, 1]; remove that observation, or widen the problem's bounds");
  }
  std::filesystem::remove(text);
  std::filesystem::remove(h5);
}

// Each bad input names its key or line, and nothing trains.
TEST(InverseConfig, BadInputIsRefusedNamingTheKeyOrTheLine) {
  const std::string base = "problem: {name: burgers}\n";
  const std::string obs = "observations: {reference: {points: 100, grid: {x: 20, t: 10}}}\n";
  struct Case {
    std::string yaml;
    std::string expected;
  };
  const auto write = [](const std::string& name, const std::string& text) {
    const auto path = temp_path(name);
    std::ofstream(path) << text;
    return path;
  };
  const auto bad_number = write("bad_number.txt", "0.5 0.5 1\n0.1 0.2 x3\n");
  const auto three_columns = write("columns.txt", "0.5 0.5 1 2\n");
  const auto outside = write("outside.txt", "0.5 0.5 1\n1.5 0.5 1\n");
  const auto not_finite = write("nan.txt", "0.5 0.5 nan\n");
  const auto empty = write("empty.txt", "# nothing\n");
  const std::vector<Case> cases = {
      {base + "unknowns: {viscosity: {initial: 0.1}}\n" + obs,
       "key 'unknowns.viscosity': not a coefficient of problem 'burgers'; its coefficients are c, "
       "nu"},
      {"problem: {name: poisson}\nunknowns: {k: {initial: 1}}\n" + obs,
       "key 'unknowns.k': problem 'poisson' has no coefficients to identify"},
      {base + "unknowns: {nu: {initial: -0.1, positive: true}}\n" + obs,
       "key 'unknowns.nu.initial': value -0.1 must be > 0 where positive: true"},
      {base + "unknowns: {nu: {initial: 0.1}}\n",
       "key 'unknowns': needs observations to identify them"},
      {base + "unknowns: {nu: {initial: 0.1, lr: -1}}\n" + obs, "key 'unknowns.nu.lr'"},
      {base + "observations: {reference: {points: 100, noise: -0.1}}\n",
       "key 'observations.reference.noise': value -0.1 must be >= 0"},
      {base + "observations: {reference: {points: 300, grid: {x: 10, t: 10}}}\n",
       "key 'observations.reference.points': value 300: cannot draw 300 observations from a grid "
       "of 100 nodes"},
      {base + "observations: {file: " + bad_number + "}\n",
       bad_number + ":2:9: 'x3' is not a finite number"},
      {base + "observations: {file: " + three_columns + "}\n",
       three_columns + ":1: expected 3 numbers"},
      {base + "observations: {file: " + outside + "}\n",
       outside + ":2: point (x=1.5, t=0.5) lies outside the domain: x must be in [-1, 1]; "
                 "remove that observation, or widen the problem's bounds"},
      {base + "observations: {file: " + not_finite + "}\n", not_finite + ":1:9: 'nan'"},
      {base + "observations: {file: " + empty + "}\n", "key 'observations.file'"},
      {base + "observations: {file: /nonexistent/obs.txt}\n", "/nonexistent/obs.txt"},
      {base + "observations: {weight: 1}\n",
       "give exactly one of observations.file (measurements) and observations.reference"},
      {"problem: {name: regression, target: 'x'}\nobservations: {reference: {points: 10}}\n"
       "unknowns: {dim: {initial: 1}}\n",
       "key 'unknowns.dim': problem 'regression' has no coefficients"},
  };
  for (const auto& c : cases) {
    const auto message = config_error_of(c.yaml);
    EXPECT_NE(message.find(c.expected), std::string::npos)
        << "expected '" << c.expected << "' in: " << message;
  }
  for (const auto& path : {bad_number, three_columns, outside, not_finite, empty}) {
    std::filesystem::remove(path);
  }
}

TEST(InverseConfig, ObservationsAddATermWeightedAsOthers) {
  const auto config = parse_config(
      "problem: {name: burgers}\n"
      "observations: {reference: {points: 50, grid: {x: 20, t: 10}}, weight: 3}\n");
  const auto terms = config.problem->loss_terms();
  EXPECT_EQ(terms.back().name, "observations");
  EXPECT_EQ(terms.back().fixed_points.size(), 100u);
  EXPECT_EQ(config.loss_weights.at("observations"), 3.0);
  EXPECT_EQ(parse_config("problem: {name: burgers}\n"
                         "observations: {reference: {points: 50, grid: {x: 20, t: 10}}, weight: "
                         "3}\ntraining: {loss_weights: {observations: 0.5}}\n")
                .loss_weights.at("observations"),
            0.5);
  EXPECT_TRUE(config.network.unknowns.empty());  // data-assisted, still a forward problem
}

}  // namespace
}  // namespace pinn
