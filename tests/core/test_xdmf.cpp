// The XDMF files beside a result: what ParaView reads from the HDF5 file, for one to
// three inputs whole and for more as a section through the middle of the other inputs.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "solver/io/hdf5_file.h"
#include "solver/io/result.h"
#include "solver/io/xdmf.h"
#include "tests/core/support.h"
#include "tests/core/xdmf_checks.h"

namespace pinn {
namespace {

using testing::expect_xdmf_matches_result;
using testing::occurrences;
using testing::temp_path;

// What a result file needs besides its solution, and u over x (3 values) and t (0, 1).
ResultData x_t_result() {
  ResultData r;
  r.problem = "burgers";
  r.config = "problem:\n  name: burgers\n";
  r.status = "completed";
  auto& s = r.solution;
  s.inputs = {"x", "t"};
  s.axes = {{-1.0, 0.0, 1.0}, {0.0, 1.0}};
  s.fields = {{"u", {1, 2, 3, 4, 5, 6}, {1, 2, 3, 4, 5, 7}, {0, 0, 0, 0, 0, 1}}};
  return r;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(Xdmf, TimeIsATemporalCollectionOfHyperslabs) {
  const auto path = temp_path("xdmf2.h5");
  const auto r = x_t_result();  // inputs x (3 values), t (0 and 1)
  write_result(path, r);
  write_xdmf(path, r.solution);
  EXPECT_EQ(xdmf_path(path), path.substr(0, path.size() - 3) + ".xmf");
  std::ifstream in(xdmf_path(path));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, xdmf_text(std::filesystem::path(path).filename().string(), r.solution));
  EXPECT_NE(text.find("GridType=\"Collection\" CollectionType=\"Temporal\""), std::string::npos);
  EXPECT_EQ(occurrences(text, "<Time Value="), 2) << text;
  EXPECT_LT(text.find("<Time Value=\"0\"/>"), text.find("<Time Value=\"1\"/>")) << text;
  // Each time is a line along x, the viewer's X, reading column j of the (3 x 2) arrays.
  EXPECT_EQ(occurrences(text, "TopologyType=\"2DRectMesh\" Dimensions=\"1 3\""), 2) << text;
  EXPECT_EQ(occurrences(text, "solution/u|0 0:1 1:3 1:3 2<"), 1) << text;
  EXPECT_EQ(occurrences(text, "solution/u|0 1:1 1:3 1:3 2<"), 1) << text;
  EXPECT_EQ(occurrences(text, "solution/abs_error|0 1:1 1:3 1:3 2<"), 1) << text;
  EXPECT_EQ(text.find(":/solution/t<"), std::string::npos) << text;
  // Two times of: x, u, u_exact, abs_error.
  expect_xdmf_matches_result(path, text, 8);

  // The space-time file keeps x and t in one mesh, x the viewer's X and t its Y.
  std::ifstream space_time_in(space_time_xdmf_path(path));
  const std::string space_time((std::istreambuf_iterator<char>(space_time_in)),
                               std::istreambuf_iterator<char>());
  EXPECT_EQ(space_time_xdmf_path(path), path.substr(0, path.size() - 3) + ".space-time.xmf");
  EXPECT_EQ(space_time,
            space_time_xdmf_text(std::filesystem::path(path).filename().string(), r.solution));
  EXPECT_NE(space_time.find("TopologyType=\"2DSMesh\" Dimensions=\"3 2\""), std::string::npos);
  EXPECT_NE(space_time.find("GeometryType=\"XY\""), std::string::npos);
  EXPECT_EQ(space_time.find("<Time"), std::string::npos);
  expect_xdmf_matches_result(path, space_time, 4);  // points, u, u_exact, abs_error
  std::filesystem::remove(path);
  std::filesystem::remove(xdmf_path(path));
  std::filesystem::remove(space_time_xdmf_path(path));
}

TEST(Xdmf, PointsPutTheFirstInputOnX) {
  auto r = x_t_result();
  r.solution.inputs = {"x", "y", "z"};
  r.solution.axes = {{0.0, 1.0}, {10.0, 20.0, 30.0}, {100.0, 200.0, 300.0, 400.0}};
  r.solution.fields = {{"u", std::vector<double>(24, 1.0), {}, {}}};
  const auto points = xdmf_points(r.solution);
  EXPECT_EQ(points.name, "points");
  EXPECT_EQ(points.shape, (std::vector<uint64_t>{2, 3, 4, 3}));
  ASSERT_EQ(points.values.size(), 72u);
  // Node (1, 2, 3), flat index (1 * 3 + 2) * 4 + 3 = 23, is at (x1, y2, z3).
  EXPECT_EQ(std::vector<double>(points.values.begin() + 69, points.values.end()),
            (std::vector<double>{1.0, 30.0, 400.0}));
  // Node (0, 1, 0), flat index 4.
  EXPECT_EQ(std::vector<double>(points.values.begin() + 12, points.values.begin() + 15),
            (std::vector<double>{0.0, 20.0, 100.0}));

  r.solution.inputs = {"x"};
  EXPECT_TRUE(xdmf_points(r.solution).values.empty());
}

TEST(Xdmf, OneTwoAndThreeInputsAndNoReference) {
  auto r = x_t_result();
  r.solution.inputs = {"x"};
  r.solution.axes = {{0.0, 0.5, 1.0}};
  r.solution.fields = {{"u", {1, 2, 3}, {}, {}}};
  const auto path = temp_path("xdmf1.h5");
  write_result(path, r);
  const auto name = std::filesystem::path(path).filename().string();
  const auto one = xdmf_text(name, r.solution);
  EXPECT_NE(one.find("2DRectMesh\" Dimensions=\"1 3\""), std::string::npos) << one;
  EXPECT_EQ(one.find("u_exact"), std::string::npos);
  EXPECT_EQ(one.find("<Time"), std::string::npos);
  EXPECT_EQ(space_time_xdmf_text(name, r.solution), "");
  expect_xdmf_matches_result(path, one, 2);  // x, u

  r.solution.inputs = {"x", "y"};
  r.solution.axes = {{0.0, 1.0}, {0.0, 0.5, 1.0}};
  r.solution.fields = {{"u", std::vector<double>(6, 1.0), {}, {}}};
  write_result(path, r);
  const auto two = xdmf_text(name, r.solution);
  EXPECT_NE(two.find("2DSMesh\" Dimensions=\"2 3\""), std::string::npos) << two;
  EXPECT_NE(two.find("<DataItem Dimensions=\"2 3 2\""), std::string::npos) << two;
  EXPECT_EQ(two.find("Collection"), std::string::npos) << two;
  EXPECT_EQ(space_time_xdmf_text(name, r.solution), "");
  expect_xdmf_matches_result(path, two, 2);  // points, u

  r.solution.inputs = {"x", "y", "z"};
  r.solution.axes = {{0.0, 1.0}, {0.0, 0.5, 1.0}, {0.0, 0.25, 0.5, 0.75}};
  r.solution.fields = {{"u", std::vector<double>(24, 1.0), {}, {}}};
  write_result(path, r);
  const auto three = xdmf_text(name, r.solution);
  EXPECT_NE(three.find("3DSMesh\" Dimensions=\"2 3 4\""), std::string::npos) << three;
  EXPECT_NE(three.find("GeometryType=\"XYZ\""), std::string::npos);
  EXPECT_NE(three.find("<DataItem Dimensions=\"2 3 4 3\""), std::string::npos) << three;
  expect_xdmf_matches_result(path, three, 2);  // points, u
  std::filesystem::remove(path);
}

TEST(Xdmf, TimeAmongThreeInputsSlicesThePointsToo) {
  auto r = x_t_result();
  r.solution.inputs = {"x", "t", "y"};
  r.solution.axes = {{0.0, 1.0}, {0.0, 0.5, 1.0}, {0.0, 2.0}};
  r.solution.fields = {{"u", std::vector<double>(12, 1.0), {}, {}}};
  const auto text = xdmf_text("r.h5", r.solution);
  EXPECT_EQ(occurrences(text, "<Time Value="), 3) << text;
  EXPECT_EQ(occurrences(text, "TopologyType=\"2DSMesh\" Dimensions=\"2 2\""), 3) << text;
  // At t index 2: the x and y columns (0 and 2) of points[:, 2, :, :].
  EXPECT_NE(text.find("r.h5:/solution/points|0 2 0 0:1 1 1 2:2 1 2 2:2 3 2 3<"), std::string::npos)
      << text;
  EXPECT_NE(text.find("r.h5:/solution/u|0 2 0:1 1 1:2 1 2:2 3 2<"), std::string::npos) << text;
}

// u = sum_k 10^k x_k over the grid of `axes` (x_k the node's value of input k), so that
// each value tells the node it belongs to; u_exact = u + 1, abs_error = 1.
ResultData coded_result(const std::vector<std::string>& inputs,
                        const std::vector<std::vector<double>>& axes) {
  auto r = x_t_result();
  r.solution.inputs = inputs;
  r.solution.axes = axes;
  FieldGrid u{"u", {}, {}, {}};
  std::vector<size_t> index(axes.size(), 0);
  for (size_t node = 0; node < r.solution.nodes(); ++node) {
    double value = 0;
    for (size_t k = 0; k < axes.size(); ++k) value += std::pow(10.0, k) * axes[k][index[k]];
    u.values.push_back(value);
    u.exact.push_back(value + 1);
    u.abs_error.push_back(1);
    for (size_t k = axes.size(); k-- > 0;) {
      if (++index[k] < axes[k].size()) break;
      index[k] = 0;
    }
  }
  r.solution.fields = {u};
  return r;
}

std::vector<uint64_t> numbers(const std::string& text) {
  std::vector<uint64_t> out;
  std::istringstream in(text);
  for (uint64_t n; in >> n;) out.push_back(n);
  return out;
}

// The values the hyperslab "start:stride:count:shape" selects from the row-major `values`,
// in the row-major order of its count (the order a viewer reads them in).
std::vector<double> select(const std::vector<double>& values, const std::string& slab) {
  const std::regex parts("([0-9 ]+):([0-9 ]+):([0-9 ]+):([0-9 ]+)");
  std::smatch part;
  if (!std::regex_match(slab, part, parts)) {
    ADD_FAILURE() << "not a hyperslab: " << slab;
    return {};
  }
  const auto start = numbers(part[1]), stride = numbers(part[2]), count = numbers(part[3]),
             shape = numbers(part[4]);
  std::vector<double> out;
  std::vector<uint64_t> index(count.size(), 0);
  uint64_t total = 1;
  for (auto n : count) total *= n;
  for (uint64_t i = 0; i < total; ++i) {
    uint64_t flat = 0;
    for (size_t k = 0; k < shape.size(); ++k)
      flat = flat * shape[k] + start[k] + index[k] * stride[k];
    out.push_back(values.at(flat));
    for (size_t k = count.size(); k-- > 0;) {
      if (++index[k] < count[k]) break;
      index[k] = 0;
    }
  }
  return out;
}

// Every grid of `xdmf` reads, as u, the coded u of coded_result at the nodes its points
// place: the shown inputs (`space`, in order) from /solution/points, time from the grid's
// <Time>, and each input in `held` at its given value.
void expect_grids_read_u(const std::string& path, const std::string& xdmf, const ResultData& r,
                         const std::vector<size_t>& space, const std::map<size_t, double>& held,
                         int expected_grids) {
  H5::H5File file(path, H5F_ACC_RDONLY);
  const auto group = file.openGroup("solution");
  std::vector<uint64_t> points_shape;
  const auto points = hdf5::read_doubles(group, "points", &points_shape);
  ASSERT_EQ(points_shape.back(), space.size());
  const auto& u = r.solution.fields[0].values;
  const std::regex grid("<Grid Name=\"solution\" GridType=\"Uniform\">([\\s\\S]*?)</Grid>");
  const std::regex time("<Time Value=\"([^\"]+)\"/>");
  const std::regex field(":/solution/u\\|([^<]+)<");
  const auto t_axis = std::find(r.solution.inputs.begin(), r.solution.inputs.end(), "t") -
                      r.solution.inputs.begin();
  int grids = 0;
  for (std::sregex_iterator it(xdmf.begin(), xdmf.end(), grid), end; it != end; ++it, ++grids) {
    const std::string body = (*it)[1];
    std::smatch found;
    ASSERT_TRUE(std::regex_search(body, found, field)) << body;
    const auto shown = select(u, found[1]);
    ASSERT_EQ(shown.size() * space.size(), points.size()) << body;
    double base = 0;
    for (const auto& [input, value] : held) base += std::pow(10.0, input) * value;
    if (std::regex_search(body, found, time)) base += std::pow(10.0, t_axis) * std::stod(found[1]);
    for (size_t node = 0; node < shown.size(); ++node) {
      double expected = base;
      for (size_t k = 0; k < space.size(); ++k) {
        expected += std::pow(10.0, space[k]) * points[node * space.size() + k];
      }
      ASSERT_NEAR(shown[node], expected, 1e-9 * std::abs(expected)) << "node " << node << body;
    }
  }
  EXPECT_EQ(grids, expected_grids) << xdmf;
}

TEST(Xdmf, FiveInputsShowASectionThroughTheMiddleOfTheLastTwo) {
  const auto path = temp_path("xdmf5.h5");
  const auto r = coded_result({"x1", "x2", "x3", "x4", "x5"}, {{0.0, 1.0},
                                                               {0.0, 0.5, 1.0},
                                                               {0.0, 0.25, 0.5, 0.75},
                                                               {0.0, 0.25, 0.5, 0.75, 1.0},
                                                               {-1.0, 0.0, 1.0, 2.0}});
  // A space-time file left by an earlier result of the same name goes.
  std::ofstream(space_time_xdmf_path(path)) << "stale";
  write_result(path, r);
  write_xdmf(path, r.solution);
  EXPECT_FALSE(std::filesystem::exists(space_time_xdmf_path(path)));
  const auto text = read_text(xdmf_path(path));
  EXPECT_EQ(text, xdmf_text(std::filesystem::path(path).filename().string(), r.solution));
  EXPECT_EQ(text.find("<Time"), std::string::npos) << text;
  EXPECT_NE(text.find("TopologyType=\"3DSMesh\" Dimensions=\"2 3 4\""), std::string::npos);
  EXPECT_NE(text.find("GeometryType=\"XYZ\""), std::string::npos);
  // x4 at node 2 of 5 (0.5), x5 at node 2 of 4 (1, the upper of the two middles).
  EXPECT_NE(text.find("<Information Name=\"section\" Value=\"x4 = 0.5, x5 = 1\"/>"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(":/solution/u|0 0 0 2 2:1 1 1 1 1:2 3 4 1 1:2 3 4 5 4<"), std::string::npos)
      << text;
  EXPECT_EQ(space_time_xdmf_text("r.h5", r.solution), "");
  expect_xdmf_matches_result(path, text, 4);  // points, u, u_exact, abs_error
  expect_grids_read_u(path, text, r, {0, 1, 2}, {{3, 0.5}, {4, 1.0}}, 1);

  const auto points = xdmf_points(r.solution);
  EXPECT_EQ(points.shape, (std::vector<uint64_t>{2, 3, 4, 3}));
  // Node (1, 2, 3) of the section, flat index 23, is at (x1, x2, x3) = (1, 1, 0.75).
  EXPECT_EQ(std::vector<double>(points.values.begin() + 69, points.values.end()),
            (std::vector<double>{1.0, 1.0, 0.75}));
  std::filesystem::remove(path);
  std::filesystem::remove(xdmf_path(path));
}

TEST(Xdmf, FiveInputsWithTimePlayASectionInTime) {
  const auto path = temp_path("xdmf5t.h5");
  const auto r =
      coded_result({"x", "y", "t", "z", "w"},
                   {{0.0, 1.0}, {0.0, 0.5, 1.0}, {0.0, 0.5, 1.0}, {2.0, 3.0}, {5, 6, 7}});
  write_result(path, r);
  write_xdmf(path, r.solution);
  const auto text = read_text(xdmf_path(path));
  EXPECT_NE(text.find("CollectionType=\"Temporal\""), std::string::npos);
  EXPECT_EQ(occurrences(text, "<Time Value="), 3) << text;
  EXPECT_EQ(occurrences(text, "TopologyType=\"3DSMesh\" Dimensions=\"2 3 2\""), 3) << text;
  EXPECT_EQ(occurrences(text, "Value=\"w = 6\""), 3) << text;
  EXPECT_NE(text.find(":/solution/u|0 0 1 0 1:1 1 1 1 1:2 3 1 2 1:2 3 3 2 3<"), std::string::npos)
      << text;
  EXPECT_FALSE(std::filesystem::exists(space_time_xdmf_path(path)));
  expect_xdmf_matches_result(path, text, 3 * 4);  // per time: points, u, u_exact, abs_error
  expect_grids_read_u(path, text, r, {0, 1, 3}, {{4, 6.0}}, 3);
  std::filesystem::remove(path);
  std::filesystem::remove(xdmf_path(path));
}

TEST(Xdmf, FourInputsWithTimeAreShownWholeAndWithoutTimeAsASection) {
  const auto path = temp_path("xdmf4.h5");
  auto r = coded_result({"x", "y", "z", "t"},
                        {{0.0, 1.0}, {0.0, 0.5, 1.0}, {0.0, 0.5}, {0.0, 0.25, 0.5, 0.75}});
  write_result(path, r);
  auto text = xdmf_text(std::filesystem::path(path).filename().string(), r.solution);
  EXPECT_EQ(occurrences(text, "<Time Value="), 4) << text;
  EXPECT_EQ(text.find("<Information"), std::string::npos) << text;
  expect_xdmf_matches_result(path, text, 4 * 4);
  expect_grids_read_u(path, text, r, {0, 1, 2}, {}, 4);

  r = coded_result({"a", "b", "c", "d"}, {{0.0, 1.0}, {0.0, 0.5, 1.0}, {0.0, 0.5}, {1, 2, 3}});
  write_result(path, r);
  text = xdmf_text(std::filesystem::path(path).filename().string(), r.solution);
  EXPECT_EQ(text.find("<Time"), std::string::npos) << text;
  EXPECT_NE(text.find("Value=\"d = 2\""), std::string::npos) << text;
  expect_xdmf_matches_result(path, text, 4);
  expect_grids_read_u(path, text, r, {0, 1, 2}, {{3, 2.0}}, 1);
  std::filesystem::remove(path);
}

TEST(Xdmf, SixteenInputsShowTheirFirstThree) {
  std::vector<std::string> inputs;
  std::vector<std::vector<double>> axes;
  for (int k = 1; k <= 16; ++k) {
    inputs.push_back("x" + std::to_string(k));
    axes.push_back({0.0, 0.5});
  }
  const auto path = temp_path("xdmf16.h5");
  const auto r = coded_result(inputs, axes);
  write_result(path, r);
  const auto text = xdmf_text(std::filesystem::path(path).filename().string(), r.solution);
  EXPECT_NE(text.find("Value=\"x4 = 0.5, x5 = 0.5, "), std::string::npos) << text;
  EXPECT_NE(text.find(", x16 = 0.5\"/>"), std::string::npos) << text;
  EXPECT_EQ(xdmf_points(r.solution).shape, (std::vector<uint64_t>{2, 2, 2, 3}));
  expect_xdmf_matches_result(path, text, 4);
  std::map<size_t, double> held;
  for (size_t k = 3; k < 16; ++k) held[k] = 0.5;
  expect_grids_read_u(path, text, r, {0, 1, 2}, held, 1);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace pinn
