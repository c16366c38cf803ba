// A run measured at test points (Problem::test_points): the errors against values worked
// out by hand, then a short training of a problem whose test points come from a file,
// through the normal run path: the /test_points group, the metrics, the history, the
// XDMF file of the points and `pinn summary`.
//
// With PINN_TEST_POINTS_KEEP set to a folder, TestPointsRun.WithoutAGridReference keeps
// its result there (test_points_run.h5), for tests/tools/test_plot.py to plot.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "solver/cli/commands.h"
#include "solver/common/text.h"
#include "solver/config/source.h"
#include "solver/io/hdf5_file.h"
#include "solver/io/reference_table.h"
#include "solver/io/result.h"
#include "solver/io/xdmf_test_points.h"
#include "solver/run/run.h"
#include "solver/run/test_point_errors.h"
#include "tests/core/support.h"

namespace pinn {
namespace {

constexpr Output U{0}, V{1};
constexpr int X = 0;

// u'' = -pi^2 sin(pi x), v'' = -pi^2 cos(pi x) on [0, 1] with u = 0 and v' = 0 at both ends:
// u = sin(pi x), v = cos(pi x) + c (fixed up to a constant), w = sqrt(u^2 + v^2) derived. Its test
// points are the file `file`; `grid` 0 drops the grid reference.
class ScatteredSine : public Problem {
 public:
  explicit ScatteredSine(const Parameters& p)
      : file_(p.text("file")), grid_(p.integer("grid") != 0) {}
  Domain domain() const override { return {{"x"}, {0.0}, {1.0}, -1}; }
  std::vector<std::string> outputs() const override { return {"u", "v"}; }
  std::vector<std::string> up_to_constant() const override { return {"v"}; }
  std::vector<DerivedField> derived_fields() const override {
    return {{"w", [](const OutputGrids& o) {
               std::vector<double> w;
               for (size_t i = 0; i < o[0].size(); ++i) w.push_back(std::hypot(o[0][i], o[1][i]));
               return w;
             }}};
  }
  std::vector<LossTerm> loss_terms() const override {
    return {{"residual",
             Region::Interior,
             32,
             {{U, {X, X}}, {V, {X, X}}},
             [](const Fields& f) {
               const auto pi2 = M_PI * M_PI;
               return at::cat({f.d(U, X, X) + pi2 * at::sin(M_PI * f.input(X)),
                               f.d(V, X, X) + pi2 * at::cos(M_PI * f.input(X))},
                              1);
             }},
            {"boundary", Region::Boundary, 2, {{U, {}}, {V, {X}}}, [](const Fields& f) {
               return at::cat({f.u(U), f.d(V, X)}, 1);
             }}};
  }
  std::optional<OutputGrids> reference(
      const std::vector<std::vector<double>>& axes) const override {
    if (!grid_) return std::nullopt;
    return tabulate(axes,
                    std::vector<ClosedForm>{
                        [](const std::vector<at::Tensor>& in) { return at::sin(M_PI * in[X]); },
                        [](const std::vector<at::Tensor>& in) { return at::cos(M_PI * in[X]); }});
  }
  std::optional<TestPoints> test_points() const override {
    return read_reference_table(file_, {"x"}, outputs(), -1);
  }

 private:
  std::string file_;
  bool grid_;
};

ProblemRegistry registry() {
  ProblemRegistry r;
  r.add(
      {"scattered_sine",
       "u'' = -pi^2 sin(pi x), v'' = -pi^2 cos(pi x)",
       {{"file", std::string(), "reference file", {}}, {"grid", int64_t{1}, "grid reference", {}}},
       [](const Parameters& p) { return std::make_unique<ScatteredSine>(p); }});
  return r;
}

// ---------------------------------------------------------------- errors by hand

// The problem's outputs without a file: compare_test_points is given the values.
ScatteredSine problem_without_file() {
  Parameters p;
  p.set("file", std::string("(none)"));
  p.set("grid", int64_t{0});
  return ScatteredSine(p);
}

TestPoints points_of(const std::vector<std::string>& outputs,
                     const std::vector<std::vector<double>>& values) {
  TestPoints t;
  t.source = "ref.txt";
  t.points = {0.0, 0.5, 1.0};
  t.outputs = outputs;
  t.values = values;
  t.skipped_rows = 2;
  return t;
}

TEST(TestPointErrors, PooledOverOutputsAndPerOutputWithMeansRemovedWhereUpToAConstant) {
  const auto problem = problem_without_file();
  // u: error (0, 0, 1) against (1, 2, 3). v (up to a constant): the network 10 above the
  // reference, plus (0, 0, 0.3): without means, errors (-0.1, -0.1, 0.2) against (-1, 0, 1).
  const auto points = points_of({"u", "v"}, {{1, 2, 3}, {1, 2, 3}});
  const auto c = compare_test_points(problem, points, {{1, 2, 4}, {11, 12, 13.3}});
  const double v_error = 0.01 + 0.01 + 0.04, v_reference = 2;
  EXPECT_NEAR(c.rel_l2, std::sqrt((1 + v_error) / (14 + v_reference)), 1e-15);
  ASSERT_EQ(c.errors.size(), 3u);  // u, v and the derived w
  EXPECT_EQ(c.errors[0].name, "u");
  EXPECT_NEAR(c.errors[0].rel_l2, 1 / std::sqrt(14.0), 1e-15);
  EXPECT_DOUBLE_EQ(c.errors[0].max_abs_error, 1);
  EXPECT_NEAR(c.errors[1].rel_l2, std::sqrt(v_error / v_reference), 1e-15);
  EXPECT_NEAR(c.errors[1].max_abs_error, 0.2, 1e-14);
  EXPECT_DOUBLE_EQ(c.max_abs_error, 1);
  // v_exact is stored at the network's mean, so that v - v_exact is the error compared.
  const auto& v = c.fields.fields[1];
  EXPECT_NEAR(v.exact[0], 1 - 2 + 12.1, 1e-13);
  for (size_t i = 0; i < 3; ++i)
    EXPECT_NEAR(v.abs_error[i], std::abs(v.values[i] - v.exact[i]), 1e-13);
  // w = |(u, v)| from the values as given (no mean removed), not pooled.
  EXPECT_EQ(c.errors[2].name, "w");
  EXPECT_NEAR(c.fields.fields[2].exact[2], std::hypot(3.0, 3.0), 1e-15);
  EXPECT_NEAR(c.fields.fields[2].values[2], std::hypot(4.0, 13.3), 1e-14);
  EXPECT_EQ(c.fields.source, "ref.txt");
  EXPECT_EQ(c.fields.skipped_rows, 2);
  EXPECT_EQ(c.fields.inputs, (std::vector<std::string>{"x"}));
}

TEST(TestPointErrors, OutputsWithoutValuesAreLeftOutAndSoAreDerivedFields) {
  const auto problem = problem_without_file();
  const auto c =
      compare_test_points(problem, points_of({"v"}, {{1, 2, 3}}), {{0, 0, 0}, {2, 3, 4}});
  ASSERT_EQ(c.fields.fields.size(), 1u);
  EXPECT_EQ(c.fields.fields[0].name, "v");
  EXPECT_NEAR(c.rel_l2, 0, 1e-15);  // a constant apart
  EXPECT_NEAR(c.max_abs_error, 0, 1e-15);
}

TEST(TestPointErrors, PointsThatDoNotFitTheProblemAreRefused) {
  const auto problem = problem_without_file();
  auto message = [&](const TestPoints& t) {
    try {
      check_test_points(problem, t);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(points_of({"u"}, {{1, 2, 3}})), "no error");
  EXPECT_EQ(message(points_of({"p"}, {{1, 2, 3}})),
            "test points of 'ref.txt': 'p' is not an output (outputs: u, v)");
  EXPECT_EQ(message(points_of({"u", "u"}, {{1, 2, 3}, {1, 2, 3}})),
            "test points of 'ref.txt': output 'u' is given twice");
  EXPECT_EQ(message(points_of({"u", "v"}, {{1, 2, 3}, {1, 2}})),
            "test points of 'ref.txt': 2 values of v for 3 points");
  EXPECT_EQ(message(points_of({"u"}, {{1, std::nan(""), 3}})),
            "test points of 'ref.txt': a value of u is not finite");
}

// ---------------------------------------------------------------- a run

class TestPointsRun : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* keep = std::getenv("PINN_TEST_POINTS_KEEP");
    dir_ = keep ? std::filesystem::path(keep)
                : std::filesystem::temp_directory_path() /
                      ("pinn_test_points_" + std::to_string(::getpid()));
    keep_ = keep != nullptr;
    std::filesystem::create_directories(dir_);
    // x = 0, 1/8, ..., 1: the nodes of a 9-point grid. v is 5 above cos(pi x), which its
    // comparison without means must not see. One row outside the geometry.
    std::ofstream out(reference_file());
    out << "# u = sin(pi x), v = cos(pi x) + 5\nx u v\n";
    for (int i = 0; i <= 8; ++i) {
      const double x = i / 8.0;
      char row[128];
      std::snprintf(row, sizeof row, "%.17g %.17g %.17g\n", x, std::sin(M_PI * x),
                    std::cos(M_PI * x) + 5);
      out << row << (i == 3 ? "0.4 NaN NaN\n" : "");
    }
  }
  void TearDown() override {
    if (!keep_) std::filesystem::remove_all(dir_);
  }
  std::string reference_file() const { return (dir_ / "reference.txt").string(); }
  std::string result_file() const { return (dir_ / "test_points_run.h5").string(); }

  // A short training; its log in `log`.
  ResultData train(int grid, std::string& log, const std::string& dtype = "float64") {
    auto source =
        config::load_config_string("problem: {name: scattered_sine, file: '" + reference_file() +
                                       "', grid: " + std::to_string(grid) +
                                       "}\n"
                                       "network: {hidden: [12, 12]}\n"
                                       "training: {threads: 1, log_every: 100, dtype: " +
                                       dtype +
                                       ", phases: [{optimizer: adam, iterations: 300, lr: 0.01}]}\n"
                                       "output: {file: '" +
                                       result_file() + "', grid: {x: 9}}\n",
                                   "test.yaml");
    const auto config = parse_run_config(source, registry());
    RunSettings settings;
    std::FILE* captured = std::tmpfile();
    settings.log = captured;
    auto result = run_training(config, settings);
    std::rewind(captured);
    char buffer[4096];
    log.clear();
    while (std::fgets(buffer, sizeof buffer, captured)) log += buffer;
    std::fclose(captured);
    return result;
  }

  std::filesystem::path dir_;
  bool keep_ = false;
};

// `pinn summary` of `path`, as printed.
std::string summary_of(const std::string& path) {
  std::ostringstream text;
  auto* old = std::cout.rdbuf(text.rdbuf());
  const int code = cli::summary(path);
  std::cout.rdbuf(old);
  EXPECT_EQ(code, 0);
  return text.str();
}

// sqrt(sum (F - F_exact)^2 / sum F_exact^2) over u and v as stored, v without its mean:
// the L2RE worked out from the file's values.
double l2re_from_stored(const TestPointFields& t) {
  const auto& u = t.fields.at(0);
  const auto& v = t.fields.at(1);
  double error = 0, reference = 0, v_mean = 0, ref_mean = 0;
  for (size_t i = 0; i < t.count(); ++i) {
    const double x = t.points[i];
    error += std::pow(u.values[i] - std::sin(M_PI * x), 2);
    reference += std::pow(std::sin(M_PI * x), 2);
    v_mean += v.values[i] / t.count();
    ref_mean += (std::cos(M_PI * x) + 5) / t.count();
  }
  for (size_t i = 0; i < t.count(); ++i) {
    const double ref = std::cos(M_PI * t.points[i]) + 5 - ref_mean;
    error += std::pow(v.values[i] - v_mean - ref, 2);
    reference += ref * ref;
  }
  return std::sqrt(error / reference);
}

TEST_F(TestPointsRun, BesideAGridReference) {
  std::string log;
  const auto r = train(1, log);
  ASSERT_EQ(r.status, "completed") << r.message;
  EXPECT_NE(log.find("test points: 9 from " + reference_file() +
                     " (outputs u, v; 1 row holding NaN skipped)"),
            std::string::npos)
      << log;
  const auto stored = read_result(result_file());
  const auto& t = stored.test_points;
  ASSERT_EQ(t.count(), 9u);
  EXPECT_EQ(t.source, reference_file());
  EXPECT_EQ(t.skipped_rows, 1);
  EXPECT_EQ(t.inputs, (std::vector<std::string>{"x"}));
  EXPECT_EQ(t.up_to_constant, (std::vector<std::string>{"v"}));
  ASSERT_EQ(t.fields.size(), 3u);  // u, v, and w derived from both
  EXPECT_EQ(t.fields[2].name, "w");
  // The network at the points is the network on the grid's nodes, the same x.
  for (size_t i = 0; i < 9; ++i) {
    EXPECT_EQ(t.points[i], stored.solution.axes[0][i]);
    EXPECT_NEAR(t.fields[0].values[i], stored.solution.fields[0].values[i], 1e-12);
    EXPECT_NEAR(t.fields[1].values[i], stored.solution.fields[1].values[i], 1e-12);
    EXPECT_DOUBLE_EQ(t.fields[0].abs_error[i],
                     std::abs(t.fields[0].values[i] - t.fields[0].exact[i]));
  }
  // The metrics: PINNacle's L2RE from the file's values, and per field.
  const auto& m = stored.metrics;
  EXPECT_EQ(m.test_point_count, 9);
  EXPECT_NEAR(m.test_rel_l2, l2re_from_stored(t), 1e-12 * m.test_rel_l2);
  ASSERT_EQ(m.test_fields.size(), 3u);
  EXPECT_EQ(m.test_fields[1].name, "v");
  double largest = 0;
  for (size_t f = 0; f < 2; ++f) {
    for (const double e : t.fields[f].abs_error) largest = std::max(largest, e);
  }
  EXPECT_DOUBLE_EQ(m.test_max_abs_error, largest);
  // The history's error is the one at the test points; the grid's stays in rel_l2, a
  // different figure (other nodes' errors, grid means).
  EXPECT_DOUBLE_EQ(stored.history.rel_l2.back(), m.test_rel_l2);
  EXPECT_EQ(stored.history.rel_l2.size(), 4u);
  EXPECT_TRUE(std::isfinite(m.rel_l2));
  EXPECT_NE(m.rel_l2, m.test_rel_l2);
  EXPECT_EQ(m.judged_rel_l2(), m.test_rel_l2);
  // What was returned is what was written.
  EXPECT_EQ(r.metrics.test_rel_l2, m.test_rel_l2);
  EXPECT_EQ(r.test_points.fields[1].exact, t.fields[1].exact);

  const auto text = summary_of(result_file());
  EXPECT_NE(text.find("relative L2 error " + format_scientific(m.test_rel_l2) +
                      " at the 9 test points (L2RE), max abs error " +
                      format_scientific(m.test_max_abs_error)),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  on the grid: relative L2 error " + format_scientific(m.rel_l2)),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  relative L2 error per field at the test points: u " +
                      format_scientific(m.test_fields[0].rel_l2) + ", v "),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  test points from " + reference_file() + " (1 row holding NaN skipped)"),
            std::string::npos)
      << text;
}

TEST_F(TestPointsRun, WithoutAGridReference) {
  std::string log;
  const auto r = train(0, log);
  ASSERT_EQ(r.status, "completed") << r.message;
  const auto stored = read_result(result_file());
  EXPECT_TRUE(std::isnan(stored.metrics.rel_l2));
  EXPECT_TRUE(stored.solution.fields[0].exact.empty());
  for (const double e : stored.history.rel_l2) EXPECT_TRUE(std::isfinite(e));
  EXPECT_DOUBLE_EQ(stored.history.rel_l2.back(), stored.metrics.test_rel_l2);
  // The training lowered the error at the test points.
  EXPECT_LT(stored.history.rel_l2.back(), stored.history.rel_l2.front());
  EXPECT_EQ(summary_of(result_file()).find("on the grid"), std::string::npos);

  // The attributes of /test_points as the layout gives them.
  H5::H5File file(result_file(), H5F_ACC_RDONLY);
  const auto group = file.openGroup("test_points");
  EXPECT_EQ(hdf5::read_string_attribute(group, "axes"), "x");
  EXPECT_EQ(hdf5::read_string_attribute(group, "source"), reference_file());
  EXPECT_EQ(hdf5::read_int_attribute(group, "skipped_rows"), 1);
  EXPECT_EQ(hdf5::read_string_attribute(group, "outputs"), "u,v,w");
  std::vector<uint64_t> shape;
  hdf5::read_doubles(group, "points", &shape);
  EXPECT_EQ(shape, (std::vector<uint64_t>{9, 1}));

  // The XDMF file beside the result: a vertex per point, every stored field.
  std::ifstream in(test_points_xdmf_path(result_file()));
  ASSERT_TRUE(in) << test_points_xdmf_path(result_file());
  const std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(xml.find("TopologyType=\"Polyvertex\" NumberOfElements=\"9\" NodesPerElement=\"1\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<Geometry GeometryType=\"X_Y\">"), std::string::npos);
  EXPECT_NE(xml.find("Dimensions=\"9 1\" NumberType=\"Float\" Precision=\"8\" "
                     "Format=\"HDF\">test_points_run.h5:/test_points/points<"),
            std::string::npos);
  EXPECT_NE(xml.find("Format=\"XML\">0 0 0 0 0 0 0 0 0<"), std::string::npos);
  for (const std::string field : {"u", "v", "w"}) {
    for (const std::string suffix : {"", "_exact", "_abs_error"}) {
      const auto dataset = field + suffix;
      EXPECT_NE(xml.find("<Attribute Name=\"" + dataset + "\""), std::string::npos) << dataset;
      EXPECT_NE(xml.find("Dimensions=\"9\" NumberType=\"Float\" Precision=\"8\" "
                         "Format=\"HDF\">test_points_run.h5:/test_points/" +
                         dataset + "<"),
                std::string::npos)
          << dataset;
      EXPECT_EQ(hdf5::read_doubles(group, dataset).size(), 9u) << dataset;
    }
  }
}

TEST_F(TestPointsRun, InFloat32TheErrorIsTheSameFormula) {
  std::string log;
  const auto r = train(1, log, "float32");
  ASSERT_EQ(r.status, "completed") << r.message;
  const auto stored = read_result(result_file());
  // The network's values are float32 ones; the error is summed in float64 from them.
  EXPECT_NEAR(stored.metrics.test_rel_l2, l2re_from_stored(stored.test_points),
              1e-12 * stored.metrics.test_rel_l2);
  EXPECT_LT(stored.metrics.test_rel_l2, 0.1);
  EXPECT_DOUBLE_EQ(stored.history.rel_l2.back(), stored.metrics.test_rel_l2);
}

TEST_F(TestPointsRun, PointsOutsideTheBoxAreCountedAndEvaluatedAllTheSame) {
  std::ofstream(reference_file(), std::ios::app) << "1.5 0.5 0.5\n-0.25 0.5 0.5\n";
  std::string log;
  const auto r = train(0, log);
  EXPECT_NE(log.find("test points: 11 from"), std::string::npos) << log;
  EXPECT_NE(log.find("warning: 2 test points lie outside the domain's box (evaluated there all "
                     "the same)"),
            std::string::npos)
      << log;
  EXPECT_EQ(r.test_points.count(), 11u);
}

TEST(TestPointsXdmf, TwoAndThreeInputsReadThePointsWholeAndMoreGetNoFile) {
  TestPointFields t;
  t.inputs = {"x", "t"};
  t.points = {0, 0, 1, 0.5};
  t.fields = {{"u", {1, 2}, {1, 2}, {0, 0}}};
  auto xml = test_points_xdmf_text("r.h5", t);
  EXPECT_NE(xml.find("<Geometry GeometryType=\"XY\">\n        <DataItem Dimensions=\"2 2\""),
            std::string::npos)
      << xml;
  t.inputs = {"x", "y", "t"};
  t.points = {0, 0, 0, 1, 0.5, 1};
  xml = test_points_xdmf_text("r.h5", t);
  EXPECT_NE(xml.find("<Geometry GeometryType=\"XYZ\">\n        <DataItem Dimensions=\"2 3\""),
            std::string::npos)
      << xml;
  t.inputs = {"x", "y", "z", "t"};
  t.points = {0, 0, 0, 0, 1, 0.5, 1, 1};
  EXPECT_EQ(test_points_xdmf_text("r.h5", t), "");
  EXPECT_EQ(test_points_xdmf_text("r.h5", TestPointFields{}), "");
  EXPECT_EQ(test_points_xdmf_path("out/run.h5"), "out/run.test-points.xmf");
}

}  // namespace
}  // namespace pinn
