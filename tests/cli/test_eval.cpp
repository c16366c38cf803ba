// pinn eval end to end: short trainings written to result files, then the network
// evaluated at the nodes of their /solution grid (which must give /solution back to
// 1e-12 in float64), its derivatives against finite differences of its values, and
// the messages for bad points, bad derivative names and bad files.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "solver/io/result.h"
#include "tests/cli/cli_support.h"

namespace {

using namespace pinn::cli_testing;

const std::string kShort =
    " network.hidden=[8,8] training.phases.0.iterations=15 training.phases.1.iterations=0"
    " training.threads=1 sampling.residual.points=200"
    " training.log_every=5 --force";

struct Table {
  std::vector<std::string> names;
  std::vector<std::vector<double>> rows;
  std::vector<double> column(const std::string& name) const {
    const auto at = std::find(names.begin(), names.end(), name) - names.begin();
    std::vector<double> values;
    for (const auto& row : rows) values.push_back(row.at(static_cast<size_t>(at)));
    return values;
  }
};

// pinn eval's text output (warnings excluded: they go to stderr, which run() merges,
// so callers here keep stderr apart).
Table parse(const std::string& text) {
  Table table;
  std::istringstream lines(text);
  std::string line;
  std::getline(lines, line);
  std::istringstream header(line);
  for (std::string name; header >> name;) table.names.push_back(name);
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::vector<double> row;
    for (double v; fields >> v;) row.push_back(v);
    if (!row.empty()) table.rows.push_back(row);
  }
  return table;
}

class Eval : public Scratch {
 protected:
  // Trains `config` briefly with `overrides`; the result's path.
  std::string train(const std::string& config_name, const std::string& overrides) {
    const auto out = file("result.h5");
    const auto r =
        run("train " + config(config_name) + " " + overrides + kShort + " output.file=" + out);
    EXPECT_EQ(r.code, 0) << r.output;
    return out;
  }

  // The nodes of the result's /solution grid, first axis slowest, as a points file
  // with a header naming the inputs.
  std::string grid_points(const pinn::ResultData& result) {
    const auto& s = result.solution;
    std::string text;
    for (const auto& name : s.inputs) text += name + " ";
    text += "\n";
    std::vector<size_t> index(s.axes.size(), 0);
    for (size_t node = 0; node < s.nodes(); ++node) {
      char number[32];
      for (size_t k = 0; k < s.axes.size(); ++k) {
        std::snprintf(number, sizeof number, "%.17g ", s.axes[k][index[k]]);
        text += number;
      }
      text += "\n";
      for (size_t k = s.axes.size(); k-- > 0;) {
        if (++index[k] < s.axes[k].size()) break;
        index[k] = 0;
      }
    }
    return write("grid.txt", text);
  }

  // pinn eval at the grid reproduces every network output of /solution.
  void expect_solution_reproduced(const std::string& result_path, double tolerance) {
    const auto result = pinn::read_result(result_path);
    const auto r = shell(std::string(PINN_EXECUTABLE) + " eval " + result_path + " " +
                         grid_points(result) + " 2>/dev/null");
    ASSERT_EQ(r.code, 0) << r.output;
    const auto table = parse(r.output);
    const auto outputs = result.network.outputs;
    ASSERT_FALSE(outputs.empty()) << "the result has no /network description";
    for (const auto& name : outputs) {
      const auto& expected = result.solution.field(name).values;
      const auto got = table.column(name);
      ASSERT_EQ(got.size(), expected.size()) << name;
      double scale = 0, worst = 0;
      for (size_t i = 0; i < got.size(); ++i) {
        scale = std::max(scale, std::abs(expected[i]));
        worst = std::max(worst, std::abs(got[i] - expected[i]));
      }
      EXPECT_LE(worst, tolerance * std::max(scale, 1.0)) << name << " in " << result_path;
    }
  }
};

TEST_F(Eval, ReproducesTheSolutionGridInEveryAdaptiveMode) {
  for (const std::string adaptive : {"{mode: fixed}", "{mode: global, scale: 10}",
                                     "{mode: layer, scale: 10}", "{mode: neuron, scale: 10}"}) {
    SCOPED_TRACE(adaptive);
    const auto path =
        train("burgers.yaml", "'network.adaptive=" + adaptive + "' 'output.grid={x: 13, t: 7}'");
    expect_solution_reproduced(path, 1e-12);
  }
}

TEST_F(Eval, ReproducesSeveralOutputsWithPeriodicInputs) {
  const auto path = train("schrodinger.yaml",
                          "'output.grid={x: 16, t: 9}' 'network.adaptive={mode: neuron, scale: 5}'"
                          " sampling.initial.points=32 sampling.periodic.points=16");
  const auto result = pinn::read_result(path);
  EXPECT_EQ(result.network.outputs, (std::vector<std::string>{"u", "v"}));
  EXPECT_EQ(result.network.periodic, (std::vector<std::string>{"x"}));
  expect_solution_reproduced(path, 1e-12);
}

TEST_F(Eval, ReproducesAFloat32RunToItsPrecision) {
  const auto path = train("kovasznay.yaml",
                          "training.dtype=float32 'output.grid={x: 9, y: 11}' "
                          "sampling.boundary.points=40 network.activation=sin");
  expect_solution_reproduced(path, 1e-6);
}

TEST_F(Eval, DerivativesAgreeWithFiniteDifferencesOfItsValues) {
  const auto path = train("burgers.yaml",
                          "'network.adaptive={mode: layer, scale: 5}'"
                          " 'output.grid={x: 5, t: 5}'");
  const double h = 1e-3;
  std::string text = "t x\n";  // columns by name, in another order than the problem's
  for (const double x : {-0.7, 0.1, 0.55}) {
    for (const double t : {0.2, 0.8}) {
      for (const double dx : {-h, 0.0, h}) {
        for (const double dt : {-h, 0.0, h}) {
          text += std::to_string(t + dt) + " " + std::to_string(x + dx) + "\n";
        }
      }
    }
  }
  const auto points = write("points.csv", text);
  const auto r = shell(std::string(PINN_EXECUTABLE) + " eval " + path + " " + points +
                       " -d u_x,u_t -d u_xx,u_xt 2>&1");
  ASSERT_EQ(r.code, 0) << r.output;
  const auto table = parse(r.output);
  ASSERT_EQ(table.names, (std::vector<std::string>{"x", "t", "u", "u_x", "u_t", "u_xx", "u_xt"}));
  const auto u = table.column("u");
  // 3 x 3 stencil per centre: index (dx + 1) * 3 + (dt + 1), the centre is 4.
  for (size_t c = 0; c + 9 <= u.size(); c += 9) {
    auto at = [&](int dx, int dt) { return u[c + static_cast<size_t>((dx + 1) * 3 + dt + 1)]; };
    const auto row = c + 4;
    EXPECT_NEAR(table.column("u_x")[row], (at(1, 0) - at(-1, 0)) / (2 * h), 1e-5);
    EXPECT_NEAR(table.column("u_t")[row], (at(0, 1) - at(0, -1)) / (2 * h), 1e-5);
    EXPECT_NEAR(table.column("u_xx")[row], (at(1, 0) - 2 * at(0, 0) + at(-1, 0)) / (h * h), 1e-3);
    EXPECT_NEAR(table.column("u_xt")[row],
                (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * h * h), 1e-3);
  }
}

TEST_F(Eval, WritesCsvAndHdf5Files) {
  const auto path = train("burgers.yaml", "'output.grid={x: 5, t: 5}'");
  const auto points = write("p.txt", "# x t\n0.5 0.5\n-0.25 0.75\n");
  const auto csv = file("out.csv");
  ASSERT_EQ(run("eval " + path + " " + points + " -d u_x -o " + csv).code, 0);
  const auto text = shell("cat " + csv).output;
  EXPECT_EQ(text.substr(0, text.find('\n')), "x,t,u,u_x");
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3);
  const auto h5 = file("out.h5");
  ASSERT_EQ(run("eval " + path + " " + points + " -o " + h5).code, 0);
  EXPECT_EQ(run("eval " + path + " " + points + " --format hdf5").code, 2);
}

// Ten inputs from a config file to pinn eval: Sobol points redrawn by RAD, the default
// grid for ten inputs (3 per axis), the XDMF section, the network at the grid's nodes and
// its derivatives against differences of its values.
TEST_F(Eval, TenInputsFromConfigToResultToEval) {
  const auto config_file =
      write("ten.yaml",
            "problem: {name: regression, dim: 10, domain: [-1, 2],\n"
            "          target: 'sin(x1) + x2*x10 - 0.5*x5^2'}\n"
            "network: {hidden: [12, 12], adaptive: {mode: layer, scale: 2}}\n"
            "sampling:\n"
            "  data: {points: 300, method: sobol,\n"
            "         resample: {every: 4, method: rad, candidates: 1500}}\n"
            "training: {seed: 5, threads: 1, log_every: 3,\n"
            "           phases: [{optimizer: adam, iterations: 9, lr: 0.01}]}\n");
  const auto out = file("ten.h5");
  const auto trained = run("train " + config_file + " output.file=" + out);
  ASSERT_EQ(trained.code, 0) << trained.output;
  EXPECT_NE(trained.output.find("3 x 3 x 3 x 3 x 3 x 3 x 3 x 3 x 3 x 3 output grid"),
            std::string::npos)
      << trained.output;

  const auto result = pinn::read_result(out);
  std::vector<std::string> inputs;
  for (int i = 1; i <= 10; ++i) inputs.push_back("x" + std::to_string(i));
  EXPECT_EQ(result.solution.inputs, inputs);
  EXPECT_EQ(result.solution.shape(), std::vector<uint64_t>(10, 3));
  EXPECT_EQ(result.solution.field("u").exact.size(), 59049u);
  EXPECT_EQ(result.network.inputs, inputs);
  EXPECT_EQ(result.network.input_lo, std::vector<double>(10, -1.0));
  EXPECT_EQ(result.network.input_hi, std::vector<double>(10, 2.0));
  EXPECT_EQ(result.training.resampled_at, (std::vector<int64_t>{4, 8}));
  EXPECT_EQ(result.status, "completed");
  EXPECT_TRUE(std::isfinite(result.metrics.rel_l2));

  // ParaView is shown x1, x2, x3 with the other inputs at their middle node, 0.5.
  const auto xmf = shell("cat " + file("ten.xmf")).output;
  EXPECT_NE(xmf.find("Value=\"x4 = 0.5, x5 = 0.5, x6 = 0.5, x7 = 0.5, x8 = 0.5, x9 = 0.5, "
                     "x10 = 0.5\""),
            std::string::npos)
      << xmf;
  EXPECT_NE(xmf.find("TopologyType=\"3DSMesh\" Dimensions=\"3 3 3\""), std::string::npos);

  expect_solution_reproduced(out, 1e-12);

  // Derivatives along x1 and x10 at two centres, against central differences.
  const double h = 1e-3;
  std::string text = "# x1 .. x10\n";
  for (const double centre : {0.1, 1.3}) {
    for (const double d1 : {-h, 0.0, h}) {
      for (const double d10 : {-h, 0.0, h}) {
        for (int k = 1; k <= 10; ++k) {
          const double x = centre + 0.05 * k + (k == 1 ? d1 : 0) + (k == 10 ? d10 : 0);
          text += std::to_string(x) + (k < 10 ? " " : "\n");
        }
      }
    }
  }
  const auto points = write("ten_points.txt", text);
  const auto r = shell(std::string(PINN_EXECUTABLE) + " eval " + out + " " + points +
                       " -d u_x1,u_x10,u_x1x10 2>&1");
  ASSERT_EQ(r.code, 0) << r.output;
  const auto table = parse(r.output);
  auto names = inputs;
  names.insert(names.end(), {"u", "u_x1", "u_x10", "u_x1x10"});
  ASSERT_EQ(table.names, names);
  const auto u = table.column("u");
  ASSERT_EQ(u.size(), 18u);
  for (size_t c = 0; c < u.size(); c += 9) {
    auto at = [&](int d1, int d10) { return u[c + static_cast<size_t>((d1 + 1) * 3 + d10 + 1)]; };
    const auto row = c + 4;
    EXPECT_NEAR(table.column("u_x1")[row], (at(1, 0) - at(-1, 0)) / (2 * h), 1e-5);
    EXPECT_NEAR(table.column("u_x10")[row], (at(0, 1) - at(0, -1)) / (2 * h), 1e-5);
    EXPECT_NEAR(table.column("u_x1x10")[row],
                (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * h * h), 1e-3);
  }

  const auto summary = run("summary " + out);
  EXPECT_EQ(summary.code, 0) << summary.output;
  EXPECT_NE(summary.output.find("regression, completed"), std::string::npos) << summary.output;
  EXPECT_NE(summary.output.find("dim: 10"), std::string::npos) << summary.output;
}

TEST_F(Eval, NamesBadPointsAndBadDerivativesAtTheirPlace) {
  const auto path = train("burgers.yaml", "'output.grid={x: 5, t: 5}'");
  const auto wide = write("wide.txt", "0.1 0.2\n# a comment\n0.1 0.2 0.3\n");
  auto r = run("eval " + path + " " + wide);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("wide.txt:3: expected 2 numbers (x, t), found 3"), std::string::npos)
      << r.output;

  const auto outside = write("outside.txt", "0.1 0.2\n1.5 0.2\n");
  r = run("eval " + path + " " + outside);
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("warning: " + outside +
                          ":2: point (x=1.5, t=0.2) lies outside the domain: x must be in [-1, 1]"),
            std::string::npos)
      << r.output;

  const auto header = write("header.txt", "x y\n0.1 0.2\n");
  r = run("eval " + path + " " + header);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("header.txt:1:3: 'y' is not an input"), std::string::npos) << r.output;

  const auto text = write("number.txt", "0.1 zero\n");
  r = run("eval " + path + " " + text);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("number.txt:1:5: 'zero' is not a finite number"), std::string::npos)
      << r.output;

  r = run("eval " + path + " " + outside + " -d u_y");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("derivative 'u_y': 'y' is not a sequence of input names; outputs: u; "
                          "inputs: x, t"),
            std::string::npos)
      << r.output;
  r = run("eval " + path + " " + outside + " -d u_xxxxx");
  EXPECT_NE(r.output.find("order 5 is above the highest, 4"), std::string::npos) << r.output;

  r = run("eval " + config("burgers.yaml") + " " + outside);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("pinn eval reads the result file of pinn train"), std::string::npos)
      << r.output;
}

}  // namespace
