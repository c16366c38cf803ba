// Time marching (training.windows): the heat equation trained in three windows matches its
// exact solution and is continuous at the edges; one window is the run without windows
// bit for bit; a run stopped inside a later window and resumed equals the uninterrupted
// one; later windows' initial conditions match the previous network (values and the time
// derivatives a condition reads); the result's layout; every bad input at its key.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <string>

#include "solver/autodiff/derivative_engine.h"
#include "solver/io/checkpoint.h"
#include "solver/io/result.h"
#include "solver/run/evaluation_grid.h"
#include "solver/run/point_sets.h"
#include "solver/run/run.h"
#include "solver/run/time_windows.h"
#include "solver/run/trained_network.h"
#include "solver/run/window_problem.h"
#include "tests/core/resume_checks.h"
#include "tests/core/support.h"
#include "tests/formula_problem/config_edit.h"

namespace pinn {
namespace {

namespace fs = std::filesystem;
using testing::config_error_of;
using testing::expect_identical;
using testing::location_of;
using testing::StopAt;
using testing::temp_path;
using testing::train;
using testing::with;

// u_t = 0.1 u_xx on [0, 1] x [0, 1], u(x, 0) = sin(pi x), u = 0 at both ends.
std::string heat(const std::string& windows, const std::string& phases,
                 const std::string& resample = "") {
  return R"yaml(problem:
  name: heat
  inputs: {x: [0, 1], t: [0, 1]}
  time: t
  equations: [u_t - 0.1*u_xx]
  conditions:
    initial: {on: initial, equation: u - sin(pi*x)}
    walls: {on: [x_min, x_max], equation: u}
  reference: {exact: {u: sin(pi*x)*exp(-0.1*pi^2*t)}}
network: {hidden: [12, 12], adaptive: {mode: layer}}
sampling:
  residual: {points: 200)yaml" +
         resample + R"yaml(}
  initial: {points: 40)yaml" +
         resample + R"yaml(}
  walls: {points: 40}
training:
  threads: 1
  dtype: float64
  log_every: 10
  phases: )yaml" +
         phases + (windows.empty() ? "" : "\n  windows: " + windows) + R"yaml(
output: {checkpoint_every: 10, grid: {x: 21, t: 31}}
)yaml";
}

RunConfig parse(const std::string& yaml, const std::string& output) {
  return testing::parse_config(yaml, {"output.file=" + output});
}

void remove_outputs(const std::string& path) {
  fs::remove(path);
  fs::remove(fs::path(path).replace_extension(".checkpoint.h5"));
  fs::remove(fs::path(path).replace_extension(".xmf"));
  fs::remove(fs::path(path).replace_extension(".space-time.xmf"));
}

// Values of `net` at (x, t) for each x of `xs`.
std::vector<double> along_x(Mlp& net, const std::vector<double>& xs, double t) {
  std::vector<double> points;
  for (const double x : xs) points.insert(points.end(), {x, t});
  return evaluate_outputs(net, to_tensor(points, 2, torch::kFloat64)).at(0);
}

const char* kTrained =
    "[{optimizer: adam, iterations: 150, lr: 0.01}, {optimizer: lbfgs, iterations: 150}]";
const char* kShort =
    "[{optimizer: adam, iterations: 30, lr: 0.01}, {optimizer: lbfgs, iterations: 20}]";

// Measured: the stitched error 4.5e-4 (without windows 1.0e-3 after the 300 iterations of
// one window, 2.3e-4 after 900), the networks on either side of an edge within 9.3e-4 there.
TEST(TimeWindows, HeatMatchesItsSolutionAndIsContinuousAtTheEdges) {
  const auto path = temp_path("windows_heat.h5");
  const auto config = parse(heat("{count: 3}", kTrained), path);
  const auto result = train(config);
  ASSERT_EQ(result.status, "completed") << result.message;
  EXPECT_LT(result.metrics.rel_l2, 2e-3);

  // The networks on either side of each inner edge agree there: the later one's initial
  // condition is the earlier one's prediction.
  auto trained = load_trained_network(path, testing::builtin_registry());
  ASSERT_EQ(trained.windows.size(), 3u);
  std::vector<double> xs;
  for (int i = 0; i <= 20; ++i) xs.push_back(i / 20.0);
  for (size_t k = 1; k < 3; ++k) {
    const double edge = result.window_edges[k];
    const auto before = along_x(trained.windows[k - 1], xs, edge);
    const auto after = along_x(trained.windows[k], xs, edge);
    for (size_t i = 0; i < xs.size(); ++i) {
      const double exact = std::sin(M_PI * xs[i]) * std::exp(-0.1 * M_PI * M_PI * edge);
      EXPECT_NEAR(before[i], after[i], 4e-3) << "edge " << edge << " x " << xs[i];
      EXPECT_NEAR(after[i], exact, 5e-3) << "edge " << edge << " x " << xs[i];
    }
  }
  remove_outputs(path);
}

// The result: /network/window_<k> per window (its input box over the window), /network the
// last window's, the history's window column with iterations counted across windows, the
// phases as they ran; the stitched solution is each window's network on its own times.
TEST(TimeWindows, ResultHoldsEveryWindowAndTheStitchedSolution) {
  const auto path = temp_path("windows_layout.h5");
  const auto config = parse(heat("{edges: [0, 0.25, 1]}", kShort), path);
  train(config);
  const auto r = read_result(path);
  ASSERT_EQ(r.status, "completed");
  EXPECT_EQ(r.window_edges, (std::vector<double>{0, 0.25, 1}));
  EXPECT_EQ(r.window_time, "t");
  ASSERT_EQ(r.windows.size(), 2u);
  EXPECT_EQ(r.windows[0].input_lo, (std::vector<double>{0, 0}));
  EXPECT_EQ(r.windows[0].input_hi, (std::vector<double>{1, 0.25}));
  EXPECT_EQ(r.windows[1].input_lo, (std::vector<double>{0, 0.25}));
  EXPECT_EQ(r.windows[1].input_hi, (std::vector<double>{1, 1}));
  EXPECT_EQ(r.windows[0].first_iteration, 0);
  EXPECT_EQ(r.windows[0].iterations, 50);
  EXPECT_EQ(r.windows[1].first_iteration, 50);
  EXPECT_EQ(r.metrics.iterations, 100);
  EXPECT_EQ(r.network.input_lo, r.windows[1].input_lo);
  EXPECT_EQ(r.network.input_hi, r.windows[1].input_hi);
  ASSERT_EQ(r.parameters.size(), r.windows[1].parameters.size());
  for (size_t i = 0; i < r.parameters.size(); ++i) {
    EXPECT_EQ(r.parameters[i].name, r.windows[1].parameters[i].name);
    EXPECT_EQ(r.parameters[i].values, r.windows[1].parameters[i].values);
  }
  // Records 0..50 of window 0, then 50..100 of window 1.
  const auto& h = r.history;
  ASSERT_EQ(h.window.size(), h.iteration.size());
  ASSERT_EQ(h.iteration.size(), 12u);
  for (size_t i = 0; i < 12; ++i) {
    EXPECT_EQ(h.window[i], i < 6 ? 0 : 1);
    EXPECT_EQ(h.iteration[i], int64_t(10 * (i < 6 ? i : i - 1)));
  }
  EXPECT_EQ(r.training.phase_optimizer,
            (std::vector<std::string>{"adam", "lbfgs", "adam", "lbfgs"}));
  EXPECT_EQ(r.training.phase_start, (std::vector<int64_t>{0, 30, 50, 80}));
  // The last record's error is the result's: over the whole interval.
  EXPECT_EQ(h.rel_l2.back(), r.metrics.rel_l2);

  // Each grid time by its window's network (t = 0.25 by the later one), as pinn eval does.
  auto trained = load_trained_network(path, testing::builtin_registry());
  EXPECT_EQ(trained.description.input_lo, (std::vector<double>{0, 0}));
  EXPECT_EQ(trained.description.input_hi, (std::vector<double>{1, 1}));
  const auto& s = r.solution;
  const auto& u = s.field("u").values;
  const auto& ts = s.axes[1];
  for (size_t j = 0; j < ts.size(); ++j) {
    auto& net = trained.windows[ts[j] < 0.25 ? 0 : 1];
    const auto values = along_x(net, s.axes[0], ts[j]);
    for (size_t i = 0; i < s.axes[0].size(); ++i) {
      EXPECT_NEAR(u[i * ts.size() + j], values[i], 1e-14) << "t " << ts[j];
    }
  }
  remove_outputs(path);
}

TEST(TimeWindows, OneWindowIsTheRunWithoutWindowsBitForBit) {
  const auto path = temp_path("windows_one.h5");
  const std::string rad = ", resample: {every: 10, method: rad, candidates: 400}";
  const auto plain = train(parse(heat("", kShort, rad), path));
  const auto one = train(parse(heat("{count: 1}", kShort, rad), path));
  ASSERT_EQ(plain.status, "completed");
  expect_identical(plain, one);
  EXPECT_EQ(plain.training.resampled_at, one.training.resampled_at);
  EXPECT_FALSE(plain.training.resampled_at.empty());
  ASSERT_EQ(plain.parameters.size(), one.parameters.size());
  for (size_t i = 0; i < plain.parameters.size(); ++i) {
    EXPECT_EQ(plain.parameters[i].values, one.parameters[i].values) << plain.parameters[i].name;
  }
  EXPECT_TRUE(plain.history.window.empty());
  EXPECT_EQ(one.history.window, std::vector<int64_t>(one.history.iteration.size(), 0));
  remove_outputs(path);
}

// Three windows of 50 iterations, residual and initial points redrawn by RAD every 10 (the
// initial ones from the previous network's values), a checkpoint every 10: stopped in the
// second window's Adam and L-BFGS phases, and on the edge between the second and the third
// window, each resumed run ends as the uninterrupted one.
TEST(TimeWindows, RunsResumedInsideALaterWindowEqualTheUninterruptedOne) {
  const auto path = temp_path("windows_resume.h5");
  const std::string rad = ", resample: {every: 10, method: rad, candidates: 400}";
  const auto config = parse(heat("{count: 3}", kShort, rad), path);
  const auto whole = train(config);
  ASSERT_EQ(whole.status, "completed");
  for (const int64_t stop_at : {65, 85, 100}) {
    std::atomic<bool> stop{false};
    StopAt observer(stop_at, stop);
    const auto interrupted = train(config, &stop, &observer);
    ASSERT_EQ(interrupted.status, "interrupted") << stop_at;
    const auto checkpoint = read_checkpoint(config.checkpoint_file);
    EXPECT_EQ(checkpoint.windows.window, stop_at < 100 ? 1 : 2) << stop_at;
    EXPECT_EQ(checkpoint.windows.finished.size(), stop_at < 100 ? 1u : 2u);
    const auto resumed = train(config, nullptr, nullptr, &checkpoint);
    ASSERT_EQ(resumed.status, "completed") << stop_at;
    expect_identical(whole, resumed);
    EXPECT_EQ(whole.history.window, resumed.history.window);
    EXPECT_EQ(whole.training.resampled_at, resumed.training.resampled_at);
    ASSERT_EQ(resumed.windows.size(), 3u);
    for (size_t k = 0; k < 3; ++k) {
      for (size_t i = 0; i < whole.windows[k].parameters.size(); ++i) {
        EXPECT_EQ(whole.windows[k].parameters[i].values, resumed.windows[k].parameters[i].values)
            << "window " << k << " " << whole.windows[k].parameters[i].name;
      }
    }
  }
  remove_outputs(path);
}

// Causal weighting and loss balancing inside windows: the causal bins split each window's
// own times, so in the last window every bin holds points and the weights fall with time
// (over the whole interval, the second window's first bins would be empty and weigh 1);
// stopped inside the second window and resumed, the run equals the uninterrupted one with
// the weights it ended with.
TEST(TimeWindows, CausalBinsSplitEachWindowAndResumeInsideOne) {
  const auto path = temp_path("windows_causal.h5");
  auto yaml = heat("{edges: [0, 0.5, 1]}", kShort);
  yaml.replace(yaml.find("  phases:"), 0,
               "  causal: {bins: 4, epsilon: 10}\n  balance: {method: grad_norm, every: 10}\n");
  const auto config = parse(yaml, path);
  EXPECT_EQ(window_config(config, 1, Mlp{nullptr}).trainer.causal.t_lo, 0.5);
  EXPECT_EQ(window_config(config, 1, Mlp{nullptr}).trainer.causal.t_hi, 1.0);
  const auto whole = train(config);
  ASSERT_EQ(whole.status, "completed") << whole.message;
  const auto& w = whole.training.causal_weights;
  ASSERT_EQ(w.size(), 4u);
  EXPECT_EQ(w[0], 1.0);
  for (size_t i = 1; i < w.size(); ++i) {
    EXPECT_LT(w[i], w[i - 1]) << "bin " << i;
    EXPECT_GT(w[i], 0.0) << "bin " << i;
  }
  ASSERT_EQ(whole.training.term_weights.size(), 3u);

  std::atomic<bool> stop{false};
  StopAt observer(75, stop);
  ASSERT_EQ(train(config, &stop, &observer).status, "interrupted");
  const auto checkpoint = read_checkpoint(config.checkpoint_file);
  EXPECT_EQ(checkpoint.windows.window, 1);
  const auto resumed = train(config, nullptr, nullptr, &checkpoint);
  ASSERT_EQ(resumed.status, "completed");
  expect_identical(whole, resumed);
  EXPECT_EQ(whole.training.causal_weights, resumed.training.causal_weights);
  EXPECT_EQ(whole.training.term_weights, resumed.training.term_weights);
  remove_outputs(path);
}

// A divergence inside a window rolls back inside it: float32 with a learning rate of 1e20
// overflows in each window until the rate is small enough; the history keeps every record
// of the first window and none of the failed tries of either.
TEST(TimeWindows, DivergenceRollsBackInsideTheWindow) {
  const auto path = temp_path("windows_rollback.h5");
  auto yaml = heat("{count: 2}", "[{optimizer: adam, iterations: 20, lr: 1.0e+20}]");
  yaml.replace(yaml.find("dtype: float64"), 14, "dtype: float32");
  yaml.replace(yaml.find("  phases:"), 0, "  on_divergence: rollback\n  max_rollbacks: 100\n");
  const auto r = train(parse(yaml, path));
  ASSERT_EQ(r.status, "completed") << r.message;
  EXPECT_GT(r.rollbacks, 1);
  EXPECT_NE(r.message.find("window 0: "), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("window 1: "), std::string::npos) << r.message;
  EXPECT_EQ(r.metrics.iterations, 40);
  EXPECT_EQ(r.history.iteration, (std::vector<int64_t>{0, 10, 20, 20, 30, 40}));
  EXPECT_EQ(r.history.window, (std::vector<int64_t>{0, 0, 0, 1, 1, 1}));
  for (const double loss : r.history.loss) EXPECT_TRUE(std::isfinite(loss));
  remove_outputs(path);
}

// The wave equation's two initial conditions: from window 1 on, the one on u matches the
// previous network's u, the one on u_t its u_t, at points on t = the window's start.
TEST(TimeWindows, LaterWindowsMatchThePreviousNetworkAndTheTimeDerivativesItRead) {
  const std::string yaml = R"yaml(problem:
  name: wave
  inputs: {x: [0, 1], t: [0, 2]}
  time: t
  equations: [u_tt - u_xx]
  conditions:
    initial: {on: initial, equation: u - sin(pi*x)}
    at_rest: {on: t_min, equation: u_t}
    walls: {on: boundary, equation: u}
network: {hidden: [8, 8], activation: tanh}
sampling: {residual: {points: 50}, initial: {points: 30}, at_rest: {points: 30}}
training: {threads: 1, windows: {edges: [0, 0.5, 2]}}
)yaml";
  const auto config = testing::parse_config(yaml);
  const auto options = torch::TensorOptions().dtype(torch::kFloat64);
  torch::manual_seed(7);
  Mlp previous(window_config(config, 0, Mlp{nullptr}).network);
  previous->to(torch::kFloat64);
  const auto window = window_config(config, 1, previous);
  const auto domain = window.problem->domain();
  EXPECT_EQ(domain.lo[1], 0.5);
  EXPECT_EQ(domain.hi[1], 2.0);
  EXPECT_NE(window.seed, config.seed);
  const auto terms = window.problem->loss_terms();
  const auto names = domain.names;
  for (size_t i = 0; i < terms.size(); ++i) {
    const auto& term = terms[i];
    const auto points = draw_term_points(window, term, i);
    ASSERT_EQ(points.size(), 2u * static_cast<size_t>(window.sampling.at(term.name).points));
    for (size_t r = 0; r < points.size() / 2; ++r) {
      const double t = points[2 * r + 1];
      if (term.name == "initial" || term.name == "at_rest") {
        EXPECT_EQ(t, 0.5) << term.name;
      } else {
        EXPECT_TRUE(t >= 0.5 && t <= 2) << term.name << " " << t;
      }
    }
    if (term.name != "initial" && term.name != "at_rest") continue;
    ASSERT_EQ(term.needs.size(), 1u) << term.name;
    EXPECT_EQ(term.needs[0].label(names), term.name == "initial" ? "u" : "u_t");
    // Zero on the previous network itself (its derivatives by the other engine), not on
    // another network.
    const auto at = to_tensor(points, 2, options);
    const auto data = to_tensor(term.data(points), 1, options);
    for (const bool same : {true, false}) {
      Mlp net = previous;
      if (!same) {
        torch::manual_seed(8);
        net = Mlp(window.network);
        net->to(torch::kFloat64);
      }
      auto fields = evaluate_fields(DerivativeEngine::Autograd, net, at, term.needs, names);
      fields.set_data(data);
      const double largest = term.residual(fields).abs().max().item<double>();
      if (same) {
        EXPECT_LT(largest, 1e-12) << term.name;
      } else {
        EXPECT_GT(largest, 1e-3) << term.name;
      }
    }
  }
}

TEST(TimeWindows, BadWindowsFailAtTheirKey) {
  const auto base = heat("{count: 2}", kShort);
  struct Case {
    std::string from, to, at, text;
  };
  const std::vector<Case> cases = {
      {"{count: 2}", "{count: -3}", "-3", "key 'training.windows.count': value -3 must be in"},
      {"{count: 2}", "{edges: [0.1, 0.5, 1]}", "[0.1",
       "windows that do not cover the time interval or overlap wrongly"},
      {"{count: 2}", "{edges: [0, 0.5, 1.5]}", "[0, 0.5, 1.5]",
       "windows that do not cover the time interval or overlap wrongly: the edges must start "
       "at 0 and end at 1"},
      {"{count: 2}", "{edges: [0, 0.6, 0.4, 1]}", "[0, 0.6",
       "edges must increase, and edge 2 (0.4) is not above edge 1 (0.6)"},
      {"{count: 2}", "{edges: [0, 0.5, 0.5, 1]}", "[0, 0.5",
       "edge 2 (0.5) is not above edge 1 (0.5)"},
      {"{count: 2}", "{edges: [0]}", "[0]", "needs at least two edges"},
      {"{count: 2}", "{count: 2, edges: [0, 1]}", "{count: 2, edges",
       "key 'training.windows': gives both count and edges"},
      {"{count: 2}", "{}", "{}", "key 'training.windows': must give count"},
      {"walls: {on: [x_min, x_max]", "walls: {on: [x_min, t_max]", "{count: 2}",
       "condition 'walls' holds on t_max"},
      {"walls: {on: [x_min, x_max]", "walls: {on: [x_min, t_min]", "{count: 2}",
       "condition 'walls' holds on t_min and other faces at once"},
      {"walls: {on: [x_min, x_max], equation: u}",
       "walls: {on: [x_min, x_max], where: t < 0.4, equation: u}", "{count: 2}",
       "the predicate of condition 'walls' selects none of 2000 points tried in window 1 (t in "
       "[0.5, 1])"},
      {"hidden: [12, 12]", "hidden: [12, 12], periodic: [t]", "{count: 2}",
       "time input 't' is in network.periodic"},
      {"initial: {on: initial,", "initial: {on: interior,", "{count: 2}",
       "problem 'heat' has no condition on the initial face"},
  };
  for (const auto& c : cases) {
    const auto yaml = with(base, c.from, c.to);
    const auto message = config_error_of(yaml);
    EXPECT_NE(message.find(location_of(yaml, c.at)), std::string::npos) << message;
    EXPECT_NE(message.find(c.text), std::string::npos) << message;
  }
  // A problem without time.
  const std::string steady = R"yaml(problem:
  name: rod
  inputs: {x: [0, 1]}
  equations: [u_xx + 1]
  conditions: {ends: {on: boundary, equation: u}}
training: {windows: {count: 2}}
)yaml";
  const auto message = config_error_of(steady);
  EXPECT_NE(message.find(location_of(steady, "{count: 2}")), std::string::npos) << message;
  EXPECT_NE(message.find("key 'training.windows': problem 'rod' has no time input"),
            std::string::npos)
      << message;
}

TEST(TimeWindows, WindowOfPutsATimeOnAnEdgeInTheLaterWindow) {
  const std::vector<double> edges = {0, 0.25, 0.5, 1};
  EXPECT_EQ(window_of(edges, -1), 0u);
  EXPECT_EQ(window_of(edges, 0), 0u);
  EXPECT_EQ(window_of(edges, 0.2), 0u);
  EXPECT_EQ(window_of(edges, 0.25), 1u);
  EXPECT_EQ(window_of(edges, 0.5), 2u);
  EXPECT_EQ(window_of(edges, 1), 2u);
  EXPECT_EQ(window_of(edges, 2), 2u);
  EXPECT_EQ(equal_windows(0, 1, 4), (std::vector<double>{0, 0.25, 0.5, 0.75, 1}));
  EXPECT_EQ(equal_windows(-1, 2, 3).back(), 2.0);
  EXPECT_EQ(window_seed(1234, 0), 1234);
  EXPECT_NE(window_seed(1234, 1), window_seed(1234, 2));
  EXPECT_GE(window_seed(1234, 1), 0);
}

}  // namespace
}  // namespace pinn
