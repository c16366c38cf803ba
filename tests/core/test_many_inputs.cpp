// Problems of 5 to 16 inputs: the evaluation grid's default per axis, its size limit, the
// regression problem's inputs x1 .. x<dim>, observations read in 10 dimensions, the two
// derivative engines agreeing in 12 inputs, and a 10-input run with RAD resampling stopped
// and resumed from its checkpoint.

#include <H5Cpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "problems/regression/regression.h"
#include "solver/autodiff/derivative_engine.h"
#include "solver/config/source.h"
#include "solver/inverse/observations.h"
#include "solver/io/checkpoint.h"
#include "solver/io/hdf5_file.h"
#include "solver/io/result.h"
#include "solver/io/xdmf.h"
#include "solver/run/evaluation_grid.h"
#include "solver/run/run.h"
#include "tests/core/resume_checks.h"
#include "tests/core/support.h"
#include "tests/core/taylor_support.h"

namespace pinn {
namespace {

using testing::StopAt;

std::vector<std::string> numbered(int dim) {
  std::vector<std::string> names;
  for (int i = 1; i <= dim; ++i) names.push_back("x" + std::to_string(i));
  return names;
}

std::string regression_yaml(int dim, const std::string& target) {
  return "problem: {name: regression, dim: " + std::to_string(dim) + ", target: '" + target +
         "'}\n";
}

TEST(ManyInputs, GridDefaultStaysNearAMillionNodes) {
  // One to four inputs keep the defaults they always had.
  const std::vector<int64_t> expected = {101, 101, 41, 41, 15, 10, 7, 5, 4, 3, 3, 3, 2, 2, 2, 2};
  for (int dim = 1; dim <= kMaxInputs; ++dim) {
    const auto n = default_grid_points(dim);
    EXPECT_EQ(n, expected[static_cast<size_t>(dim - 1)]) << dim << " inputs";
    if (dim < 5) continue;
    // The largest n with n^dim <= 10^6, at least 2.
    EXPECT_LE(std::pow(double(n), dim), 1e6) << dim;
    if (n > 2) EXPECT_GT(std::pow(double(n + 1), dim), 1e6) << dim;
    EXPECT_GE(n, 2) << dim;
  }
}

TEST(ManyInputs, RegressionTakesOneToSixteenInputs) {
  for (int dim = 1; dim <= kMaxInputs; ++dim) {
    SCOPED_TRACE(std::to_string(dim) + " inputs");
    const auto c =
        testing::parse_config(regression_yaml(dim, "x" + std::string(dim > 3 ? "1" : "")));
    const std::vector<std::string> letters = {"x", "y", "z"};
    EXPECT_EQ(c.problem->domain().names,
              dim <= 3 ? std::vector<std::string>(letters.begin(), letters.begin() + dim)
                       : numbered(dim));
    EXPECT_EQ(c.network.inputs, dim);
    EXPECT_EQ(c.network.input_lo, std::vector<double>(static_cast<size_t>(dim), -1.0));
    EXPECT_EQ(c.grid, std::vector<int64_t>(static_cast<size_t>(dim), default_grid_points(dim)));
  }
  EXPECT_NE(testing::config_error_of(regression_yaml(17, "x1"))
                .find("key 'problem.dim': value 17 must be between 1 and 16"),
            std::string::npos);
}

TEST(ManyInputs, TheTargetIsAFormulaOfX1ToXd) {
  auto c = testing::parse_config(regression_yaml(10, "x1 + 2*x10 - x9^2"));
  const auto terms = c.problem->loss_terms();
  std::vector<double> point(10, 0.0);
  point[0] = 0.5;
  point[8] = -0.5;
  point[9] = 0.25;
  EXPECT_DOUBLE_EQ(terms.at(0).data(point).at(0), 0.5 + 0.5 - 0.25);
  // The reference on a grid, first axis slowest: x10 varies fastest.
  std::vector<std::vector<double>> axes(10, {0.0});
  axes[9] = {0.0, 1.0};
  axes[0] = {-1.0, 1.0};
  const auto reference = c.problem->reference(axes);
  ASSERT_TRUE(reference.has_value());
  EXPECT_EQ(reference->front(), (std::vector<double>{-1, 1, 1, 3}));
  EXPECT_NE(testing::config_error_of(regression_yaml(10, "x + x1")).find("unknown name 'x'"),
            std::string::npos);
}

TEST(ManyInputs, GridSizeIsLimitedWithoutOverflow) {
  std::string grid = "{";
  for (int i = 1; i <= 8; ++i) grid += (i > 1 ? ", x" : "x") + std::to_string(i) + ": 100000";
  grid += "}";
  const auto error = testing::config_error_of(regression_yaml(16, "x1"), {"output.grid=" + grid});
  EXPECT_NE(
      error.find("key 'output.grid': has 2.56e+42 points in all; the evaluation grid must have "
                 "at most 50000000"),
      std::string::npos)
      << error;
  // Below the limit the count is exact, as before.
  const auto small = testing::config_error_of("problem: {name: poisson, dim: 3}\n",
                                              {"output.grid={x: 1000, y: 1000, z: 51}"});
  EXPECT_NE(small.find("has 51000000 points in all"), std::string::npos) << small;
  // The reference grid observations are drawn from has the same limit.
  const auto observed =
      testing::config_error_of(regression_yaml(10, "x1") +
                               "observations: {reference: {points: 5, grid: {x1: 100000, "
                               "x2: 100000}}}\n");
  EXPECT_NE(observed.find("key 'observations.reference.grid': has 65610000000000 points in all"),
            std::string::npos)
      << observed;
}

TEST(ManyInputs, ObservationsInTenDimensions) {
  const auto names = numbered(10);
  const Domain domain{names, std::vector<double>(10, -1.0), std::vector<double>(10, 1.0), -1};
  const auto text = testing::temp_path("observations10.txt");
  {
    std::FILE* f = std::fopen(text.c_str(), "w");
    std::fputs("# x1 .. x10, u\n0 0 0 0 0 0 0 0 0 0.5 2.5\n1 -1 0 0 0 0 0 0 0 0 -1\n", f);
    std::fclose(f);
  }
  const auto o = read_observations(text, domain);
  ASSERT_EQ(o.count(), 2u);
  EXPECT_EQ(o.points[9], 0.5);
  EXPECT_EQ(o.points[11], -1.0);
  EXPECT_EQ(o.values, (std::vector<double>{2.5, -1}));
  EXPECT_EQ(o.lines, (std::vector<int64_t>{2, 3}));

  const auto h5 = testing::temp_path("observations10.h5");
  {
    H5::H5File file(h5, H5F_ACC_TRUNC);
    std::vector<double> points(30, 0.25);
    points[29] = 2.0;  // outside: x10 of the third point
    hdf5::write_dataset(file, "points", points, {3, 10});
    hdf5::write_dataset(file, "values", std::vector<double>{1, 2, 3});
  }
  try {
    read_observations(h5, domain);
    FAIL() << "a point outside the box was read";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("x10 must be in [-1, 1]"), std::string::npos) << e.what();
  }
  // Nine columns for ten inputs.
  {
    H5::H5File file(h5, H5F_ACC_TRUNC);
    hdf5::write_dataset(file, "points", std::vector<double>(18, 0.0), {2, 9});
    hdf5::write_dataset(file, "values", std::vector<double>{1, 2});
  }
  try {
    read_observations(h5, domain);
    FAIL() << "nine columns were read as ten";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("must be N x 10"), std::string::npos) << e.what();
  }
  std::filesystem::remove(text);
  std::filesystem::remove(h5);
}

ResultData train(const std::string& yaml, const std::string& output,
                 const std::atomic<bool>* stop = nullptr, TrainingObserver* observer = nullptr,
                 const Checkpoint* resume = nullptr) {
  auto source = config::load_config_string(yaml, "ten.yaml");
  config::apply_override(source, "output.file=" + output);
  return testing::train(parse_run_config(source, testing::builtin_registry()), stop, observer,
                        resume);
}

TEST(ManyInputs, TenInputsResumeFromTheirCheckpointBitForBit) {
  const std::string yaml =
      regression_yaml(10, "sin(2*x1)*x10 + x3*x7") +
      "network: {hidden: [8, 8], adaptive: {mode: neuron, scale: 2}}\n"
      "sampling: {data: {points: 200, resample: {every: 5, candidates: 800}}}\n"
      "training: {threads: 1, log_every: 2, phases: [{optimizer: adam, iterations: 12, lr: "
      "0.01}, {optimizer: ssbroyden, iterations: 6}]}\n"
      "output: {checkpoint_every: 4}\n";
  const auto full_path = testing::temp_path("ten_full.h5");
  const auto part_path = testing::temp_path("ten_part.h5");
  const auto full = train(yaml, full_path);
  ASSERT_EQ(full.status, "completed") << full.message;

  std::atomic<bool> stop{false};
  StopAt observer(9, stop);
  const auto interrupted = train(yaml, part_path, &stop, &observer);
  ASSERT_EQ(interrupted.status, "interrupted");
  const auto checkpoint_path =
      std::filesystem::path(part_path).replace_extension(".checkpoint.h5").string();
  const auto checkpoint = read_checkpoint(checkpoint_path);
  // The points RAD drew at iteration 5, ten coordinates each, inside the box.
  ASSERT_EQ(checkpoint.trainer.resampling.sets.size(), 1u);
  const auto& drawn = checkpoint.trainer.resampling.sets[0];
  EXPECT_EQ(drawn.columns, 10);
  EXPECT_EQ(drawn.points.size(), 200u * 10);
  for (const double x : drawn.points) {
    ASSERT_GE(x, -1.0);
    ASSERT_LE(x, 1.0);
  }

  const auto resumed = train(yaml, part_path, nullptr, nullptr, &checkpoint);
  EXPECT_EQ(resumed.history.iteration, full.history.iteration);
  EXPECT_EQ(resumed.history.loss, full.history.loss);
  EXPECT_EQ(resumed.history.slopes, full.history.slopes);
  EXPECT_EQ(resumed.training.resampled_at, (std::vector<int64_t>{5, 10, 15}));
  EXPECT_EQ(resumed.solution.fields.at(0).values, full.solution.fields.at(0).values);
  EXPECT_EQ(resumed.solution.shape(), std::vector<uint64_t>(10, 3));
  EXPECT_FALSE(std::filesystem::exists(checkpoint_path));
  for (const auto& path : {full_path, part_path}) {
    std::filesystem::remove(path);
    std::filesystem::remove(xdmf_path(path));
  }
}

// A 12-D Laplacian (every pure second partial), first, mixed and third partials: the
// Taylor engine against nested autograd, values and the parameters' gradient of a loss
// built from them, in float64.
TEST(ManyInputs, TaylorEngineMatchesAutogradInTwelveInputs) {
  constexpr int kDim = 12;
  NetworkOptions o;
  o.inputs = kDim;
  o.hidden = {10, 9};
  o.mode = AdaptiveMode::Neuron;
  o.scale = 2;
  for (int k = 0; k < kDim; ++k) {
    o.input_lo.push_back(-1.0);
    o.input_hi.push_back(0.5 * (k + 1));
  }
  auto net = testing::random_net(o, torch::kFloat64);
  torch::manual_seed(11);
  const auto lo = torch::tensor(o.input_lo, torch::kFloat64);
  const auto hi = torch::tensor(o.input_hi, torch::kFloat64);
  const auto points = lo + (hi - lo) * torch::rand({257, kDim}, torch::kFloat64);
  std::vector<Partial> needs = {Partial(Output{0}), Partial({0}, Output{0}),
                                Partial({11}, Output{0}), Partial({0, 11}, Output{0}),
                                Partial({2, 2, 6}, Output{0})};
  for (int k = 0; k < kDim; ++k) needs.push_back(Partial({k, k}, Output{0}));
  const auto names = numbered(kDim);

  std::vector<std::vector<at::Tensor>> values, grads;
  for (const auto engine : {DerivativeEngine::Taylor, DerivativeEngine::Autograd}) {
    const auto fields = evaluate_fields(engine, net, points, needs, names);
    std::vector<at::Tensor> got;
    at::Tensor laplacian = torch::zeros({257, 1}, torch::kFloat64);
    for (const auto& p : needs) {
      got.push_back(fields.get(p).detach().clone());
      if (p.axes().size() == 2 && p.axes()[0] == p.axes()[1]) laplacian = laplacian + fields.get(p);
    }
    const auto loss = laplacian.pow(2).mean() + fields.get(needs[4]).pow(2).mean() +
                      fields.get(needs[3]).mean() + fields.get(needs[0]).pow(2).mean();
    std::vector<at::Tensor> parameters = net->parameters();
    auto g = torch::autograd::grad({loss}, parameters);
    values.push_back(got);
    grads.push_back(g);
  }
  for (size_t i = 0; i < needs.size(); ++i) {
    EXPECT_LE(testing::relative_error(values[0][i], values[1][i]), 1e-12)
        << needs[i].label(names, {"u"});
  }
  for (size_t i = 0; i < grads[0].size(); ++i) {
    EXPECT_LE(testing::relative_error(grads[0][i], grads[1][i]), 1e-10) << "parameter " << i;
  }
}

}  // namespace
}  // namespace pinn
