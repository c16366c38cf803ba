// Reading reference solutions at scattered points (solver/io/reference_table.h): every
// format on the small files of tests/data/reference_points, and each error with its place.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "solver/io/hdf5_file.h"
#include "solver/io/reference_table.h"
#include "tests/core/support.h"

namespace pinn {
namespace {

using Names = std::vector<std::string>;

std::string data(const std::string& name) {
  return std::string(PINN_TEST_DATA_DIR) + "/reference_points/" + name;
}

// A file of `text` in the temporary directory, removed by the fixture.
class ReferenceFiles : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const auto& p : paths_) std::filesystem::remove(p);
  }
  std::string write(const std::string& name, const std::string& text) {
    const auto path = testing::temp_path(name);
    std::ofstream(path) << text;
    paths_.push_back(path);
    return path;
  }
  std::string temp(const std::string& name) {
    paths_.push_back(testing::temp_path(name));
    return paths_.back();
  }
  // The message of the error reading `text` as a file named `name` raises.
  std::string error_of(const std::string& name, const std::string& text, const Names& inputs,
                       const Names& outputs, int time_axis = -1) {
    const auto path = write(name, text);
    try {
      read_reference_table(path, inputs, outputs, time_axis);
    } catch (const std::invalid_argument& e) {
      const std::string message = e.what();
      // Every message starts at the file.
      EXPECT_EQ(message.rfind(path, 0), 0u) << message;
      return message.substr(std::min(message.size(), path.size()));
    }
    ADD_FAILURE() << "no error for\n" << text;
    return "";
  }

 private:
  std::vector<std::string> paths_;
};

// The steady files hold u and p at the same four points, one of them with a NaN.
void expect_steady_points(const TestPoints& t) {
  EXPECT_EQ(t.outputs, (Names{"u", "p"}));
  EXPECT_EQ(t.points, (std::vector<double>{0, 0, 1, 0.5, 1, 1}));
  ASSERT_EQ(t.values.size(), 2u);
  EXPECT_EQ(t.values[0], (std::vector<double>{1, -0.25, 4}));
  EXPECT_EQ(t.values[1], (std::vector<double>{0.5, 0.25, -1}));
  EXPECT_EQ(t.skipped_rows, 1);
  EXPECT_EQ(t.count(), 3);
}

TEST(ReferenceTable, TextColumnsInAnyOrderCommentsAndNaNRows) {
  const auto t = read_reference_table(data("steady.txt"), {"x", "y"}, {"u", "v", "p"}, -1);
  expect_steady_points(t);
  EXPECT_EQ(t.source, data("steady.txt"));
}

TEST(ReferenceTable, CsvWithQuotedHeader) {
  expect_steady_points(read_reference_table(data("steady.csv"), {"x", "y"}, {"u", "v", "p"}, -1));
  // The extension decides; named, the format overrides it.
  EXPECT_EQ(detect_reference_format(data("steady.csv")), ReferenceFormat::Csv);
  EXPECT_EQ(detect_reference_format(data("steady.txt")), ReferenceFormat::Text);
  EXPECT_THROW(
      read_reference_table(data("steady.csv"), {"x", "y"}, {"u", "p"}, -1, ReferenceFormat::Text),
      std::invalid_argument);
}

TEST(ReferenceTable, ComsolSteadyWithSeveralOutputsAndAParameter) {
  const auto path = data("comsol_lid_driven_excerpt.dat");
  EXPECT_EQ(detect_reference_format(path), ReferenceFormat::Comsol);
  const auto t = read_reference_table(path, {"x", "y"}, {"u", "v", "p"}, -1);
  EXPECT_EQ(t.outputs, (Names{"u", "v", "p"}));
  EXPECT_EQ(t.points, (std::vector<double>{0, 0.004006647973465352, 0.5, 0.5, 1, 1}));
  EXPECT_EQ(t.values[0], (std::vector<double>{0, -0.1787641043426138, 0}));
  EXPECT_EQ(t.values[1], (std::vector<double>{0, 0.054386221193437195, 0}));
  EXPECT_EQ(t.values[2], (std::vector<double>{-3.0013282588553434E-6, -0.027623633820592824,
                                              0.5753407488518859}));
  EXPECT_EQ(t.skipped_rows, 0);
  // Values of some outputs only.
  const auto p_only = read_reference_table(path, {"x", "y"}, {"p", "u", "v", "w"}, -1);
  EXPECT_EQ(p_only.outputs, (Names{"p", "u", "v"}));
  EXPECT_EQ(p_only.values[0], t.values[2]);
}

TEST(ReferenceTable, ComsolCapitalCoordinatesStandForLowerCaseInputs) {
  const auto t = read_reference_table(data("comsol_poisson_cg_excerpt.dat"), {"x", "y"}, {"u"}, -1);
  EXPECT_EQ(t.points, (std::vector<double>{-0.4728706214840475, -0.44477852828979264, -0.5,
                                           -0.42592592592592593, -0.5, -0.462962962962963}));
  EXPECT_EQ(t.values[0], (std::vector<double>{0.9163394496968521, 1, 1}));
  // An input named X itself takes its column; x then has none.
  EXPECT_THROW(
      read_reference_table(data("comsol_poisson_cg_excerpt.dat"), {"x", "X", "y"}, {"u"}, -1),
      std::invalid_argument);
}

TEST(ReferenceTable, ComsolTimesBecomeOnePointPerRowAndTime) {
  // PINNacle's Burgers export (CRLF lines): X, then u at t = 0, 0.1, 0.2.
  const auto t = read_reference_table(data("comsol_burgers1d_excerpt.dat"), {"x", "t"}, {"u"}, 1);
  ASSERT_EQ(t.count(), 12);
  const std::vector<double> x = {-1, -0.98, -0.9600000000000002, -0.9400000000000004};
  const std::vector<double> times = {0, 0.1, 0.2};
  for (size_t r = 0; r < 4; ++r) {
    for (size_t s = 0; s < 3; ++s) {
      EXPECT_EQ(t.points[2 * (3 * r + s)], x[r]);
      EXPECT_EQ(t.points[2 * (3 * r + s) + 1], times[s]);
    }
  }
  // The file's digits exactly; u(x, 0) is -sin(pi x) up to COMSOL's discretisation.
  EXPECT_EQ(t.values[0][3 * 1], 0.0627901217127178);
  EXPECT_EQ(t.values[0][3 * 1 + 2], 0.03811340019532789);
  EXPECT_EQ(t.values[0][3 * 3 + 1], 0.14248396345997458);
  for (size_t r = 0; r < 4; ++r) EXPECT_NEAR(t.values[0][3 * r], -std::sin(M_PI * x[r]), 2e-6);
}

TEST(ReferenceTable, ComsolSeveralOutputsAtSeveralTimesWithNaNRows) {
  const auto path = data("comsol_two_outputs_two_times.dat");
  const auto t = read_reference_table(path, {"x", "y", "t"}, {"u", "v", "p"}, 2);
  EXPECT_EQ(t.outputs, (Names{"u", "v"}));
  EXPECT_EQ(t.skipped_rows, 1);
  EXPECT_EQ(t.points, (std::vector<double>{0, 0, 0, 0, 0, 0.5, 1, 0.5, 0, 1, 0.5, 0.5, 0.25, 1, 0,
                                           0.25, 1, 0.5}));
  EXPECT_EQ(t.values[0], (std::vector<double>{1, 3, 5, 7, 9, 11}));
  EXPECT_EQ(t.values[1], (std::vector<double>{2, 4, 6, 8, 10, 12}));
  // The time input first: the label's time goes to its column.
  const auto first = read_reference_table(path, {"t", "x", "y"}, {"v", "u"}, 0);
  EXPECT_EQ(std::vector<double>(first.points.begin(), first.points.begin() + 6),
            (std::vector<double>{0, 0, 0, 0.5, 0, 0}));
  EXPECT_EQ(first.values[0], t.values[1]);
}

TEST_F(ReferenceFiles, Hdf5PointsOrOneDatasetPerInput) {
  const std::vector<double> x = {0, 0.5, 1}, y = {1, 2, 3}, u = {4, std::nan(""), 6};
  const auto columns = temp("columns.h5");
  {
    H5::H5File file(columns, H5F_ACC_TRUNC);
    auto root = file.openGroup("/");
    hdf5::write_dataset(root, "X", x);  // COMSOL's name, as elsewhere
    hdf5::write_dataset(root, "y", y);
    hdf5::write_dataset(root, "u", u);
    hdf5::write_dataset(root, "notes", std::vector<double>{7});  // ignored
  }
  auto t = read_reference_table(columns, {"x", "y"}, {"u", "v"}, -1);
  EXPECT_EQ(t.outputs, (Names{"u"}));
  EXPECT_EQ(t.points, (std::vector<double>{0, 1, 1, 3}));
  EXPECT_EQ(t.values[0], (std::vector<double>{4, 6}));
  EXPECT_EQ(t.skipped_rows, 1);

  const auto points = temp("points.hdf5");
  {
    H5::H5File file(points, H5F_ACC_TRUNC);
    auto root = file.openGroup("/");
    hdf5::write_dataset(root, "points", std::vector<double>{0, 1, 0.5, 2, 1, 3}, {3, 2});
    hdf5::write_dataset(root, "v", std::vector<double>{4, 5, 6});
    hdf5::write_dataset(root, "u", std::vector<double>{7, 8, 9});
  }
  t = read_reference_table(points, {"x", "y"}, {"u", "v"}, -1);
  EXPECT_EQ(t.outputs, (Names{"u", "v"}));
  EXPECT_EQ(t.points, (std::vector<double>{0, 1, 0.5, 2, 1, 3}));
  EXPECT_EQ(t.values[1], (std::vector<double>{4, 5, 6}));

  const auto message = [](const std::function<void()>& read) {
    try {
      read();
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message([&] {
              read_reference_table(points, {"x", "y", "z"}, {"u"}, -1);
            }),
            points + ":points: a dataset of 3 x 2 values; expected N x 3 (x, y, z)");
  EXPECT_EQ(
      message([&] {
        read_reference_table(columns, {"x", "y"}, {"w"}, -1);
      }),
      columns + ": no dataset names an output (inputs x, y; outputs w; datasets: X, notes, u, y)");
  EXPECT_EQ(message([&] {
              read_reference_table(columns, {"x", "s"}, {"u"}, -1);
            }),
            columns +
                ": no dataset 'points' and none for input 's' (inputs x, s; outputs u; "
                "datasets: X, notes, u, y)");
  EXPECT_NE(message([&] {
              read_reference_table(data("steady.txt"), {"x"}, {"u"}, -1, ReferenceFormat::Hdf5);
            }).find("cannot read reference file '" + data("steady.txt") + "' as HDF5"),
            std::string::npos);
}

TEST_F(ReferenceFiles, EachErrorNamesItsLineAndColumn) {
  const Names xy = {"x", "y"}, uvp = {"u", "v", "p"};
  EXPECT_EQ(error_of("a.txt", "x y u\n0 0 1\n0 1 2 3\n", xy, uvp),
            ":3:7: 4 cells, but the header (" + testing::temp_path("a.txt") +
                ":1) names 3 columns: x, y, u");
  EXPECT_EQ(error_of("b.txt", "x y u\n0 0 1\n0 1\n", xy, uvp), ":3:4: 2 cells, but the header (" +
                                                                   testing::temp_path("b.txt") +
                                                                   ":1) names 3 columns: x, y, u");
  EXPECT_EQ(error_of("c.txt", "x y  w\n", xy, uvp),
            ":1:6: column 'w' names no input or output (inputs x, y; outputs u, v, p)");
  EXPECT_EQ(error_of("d.txt", "# header next\nx y u\n0 0 1\n0 0.5 1e-3x\n", xy, uvp),
            ":4:7: '1e-3x' is not a number (nor NaN) in column 'u'");
  EXPECT_EQ(error_of("e.csv", "x,y,u\n0,,1\n", xy, uvp),
            ":2:3: '' is not a number (nor NaN) in column 'y'");
  EXPECT_EQ(error_of("f.txt", "x y u\n0 0 inf\n", xy, uvp),
            ":2:5: 'inf' is not a number (nor NaN) in column 'u'");
  EXPECT_EQ(error_of("g.txt", "x y u\n# nothing\n\n", xy, uvp),
            ": no rows of values follow the column names (" + testing::temp_path("g.txt") + ":1)");
  EXPECT_EQ(error_of("h.txt", "x y u\nnan 0 1\n0 0 NaN\n", xy, uvp),
            ": every row (2) holds NaN: no test points are left");
  EXPECT_EQ(
      error_of("i.txt", "x y u v u\n", xy, uvp),
      ":1:9: output 'u' is named twice ('u', also 'u' " + testing::temp_path("i.txt") + ":1:5)");
  EXPECT_EQ(error_of("j.txt", "x X u\n", xy, uvp),
            ":1:3: input 'x' is named twice (also " + testing::temp_path("j.txt") + ":1:1)");
  EXPECT_EQ(error_of("k.txt", "x u\n", xy, uvp), ":1: no column for input 'y' (columns: x, u)");
  EXPECT_EQ(error_of("l.txt", "x y\n0 1\n", xy, uvp),
            ":1: no column names an output (inputs x, y; outputs u, v, p)");
  EXPECT_EQ(error_of("m.txt", "0 0 1\n", xy, uvp),
            ":1:1: expected a header line naming the columns (inputs x, y; outputs u, v, p), "
            "found the number '0'");
  EXPECT_EQ(error_of("n.txt", "# only comments\n", xy, uvp),
            ": no header line names the columns (inputs x, y; outputs u, v, p)");
}

TEST_F(ReferenceFiles, ComsolErrorsNameTheLabel) {
  const Names xt = {"x", "t"}, u = {"u"}, uv = {"u", "v"};
  // COMSOL's own layout: each column 25 characters wide.
  EXPECT_EQ(error_of("a.dat",
                     "% Model: m\n"
                     "% X                       u (1) @ t=0              u (1) @ t=0\n"
                     "0                         1                        2\n",
                     xt, u, 1),
            ":2:52: output 'u' is named twice at t = 0 ('u (1) @ t=0', also 'u (1) @ t=0' " +
                testing::temp_path("a.dat") + ":2:27)");
  EXPECT_EQ(error_of("b.dat",
                     "% x       u @ Re=100    u @ Re=200\n"
                     "0         1             2\n",
                     {"x"}, u),
            ":1:25: output 'u' is named twice ('u @ Re=200', also 'u @ Re=100' " +
                testing::temp_path("b.dat") +
                ":1:11); a file holds the solution at one "
                "parameter value");
  EXPECT_EQ(error_of("c.dat", "% x  u @ t=0  u @ t=1\n0 1 2\n", {"x"}, u),
            ":1:15: output 'u' is named twice ('u @ t=1', also 'u @ t=0' " +
                testing::temp_path("c.dat") +
                ":1:6); the labels give times (@ t=...), but the problem has no time input");
  EXPECT_EQ(error_of("d.dat", "% x  u (1)\n0 1\n", xt, u, 1),
            ":1: no column for input 't' (columns: x, u (1)); a COMSOL export of a "
            "time-dependent solution labels each output column with its time instead, "
            "'u (1) @ t=0.1'");
  EXPECT_EQ(error_of("e.dat", "% x  u @ t=0  v @ t=0  u @ t=1\n0 1 2 3\n", xt, uv, 1),
            ":1: no column for output 'v' at t = 1, which other times have");
  EXPECT_EQ(error_of("f.dat", "% x  u @ t=0  v\n0 1 2\n", xt, uv, 1),
            ":1:15: column 'v' gives no time (@ t=...), while other outputs do");
  EXPECT_EQ(error_of("g.dat", "% x  t  u @ t=0\n0 1 2\n", xt, u, 1),
            ":1:6: input 't' has a column, and the output labels give times too (@ t=...): give "
            "one or the other");
  EXPECT_EQ(error_of("h.dat", "% x  u @ t=zero\n0 1\n", xt, u, 1),
            ":1:6: the time 'zero' of column 'u @ t=zero' is not a finite number");
  EXPECT_EQ(error_of("i.dat", "% x  u @ 0.1\n0 1\n", xt, u, 1),
            ":1:6: cannot read the condition '0.1' of column 'u': expected key=value after '@' "
            "(t=0.1)");
  EXPECT_EQ(error_of("j.dat", "% x  u (m/s\n0 1\n", xt, u, 1),
            ":1:6: the unit's '(' is never closed");
  EXPECT_EQ(error_of("k.dat", "% x  w @ t=0\n0 1\n", xt, uv, 1),
            ":1:6: column 'w @ t=0' names no input or output (inputs x, t; outputs u, v)");
  EXPECT_EQ(error_of("l.dat", "% x  u @ t=0\n0 1\n0 2 x\n", xt, u, 1),
            ":3:5: 3 cells, but the header (" + testing::temp_path("l.dat") +
                ":1) names 2 columns: x, u @ t=0");
  EXPECT_EQ(error_of("m.dat", "% x  u @ t=0\n0 1\n% late\n", xt, u, 1),
            ":3: a '%' header line after the rows of values began");
  EXPECT_EQ(error_of("n.dat", "% Model: m\n% x  u\n", {"x"}, u),
            ": no rows of values follow the column names (" + testing::temp_path("n.dat") + ":2)");
}

TEST(ReferenceTable, FormatNames) {
  for (const auto f : {ReferenceFormat::Auto, ReferenceFormat::Text, ReferenceFormat::Csv,
                       ReferenceFormat::Hdf5, ReferenceFormat::Comsol}) {
    EXPECT_EQ(reference_format(to_string(f)), f);
  }
  try {
    reference_format("matlab");
    ADD_FAILURE();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "unknown reference format 'matlab' (formats: auto, text, csv, hdf5, comsol)");
  }
  EXPECT_THROW(detect_reference_format("/nonexistent/ref.dat"), std::invalid_argument);
}

}  // namespace
}  // namespace pinn
