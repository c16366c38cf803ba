// The XDMF files of a domain with a shape: unstructured meshes of the cells whose corners
// are all inside, over the box's nodes, their connectivity in the result; counts exact on
// grids through the faces of box-shaped holes, and a section through a 4-ball against a
// count by hand.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <memory>

#include "solver/geometry/csg.h"
#include "solver/geometry/shapes/hypersphere.h"
#include "solver/io/hdf5_file.h"
#include "solver/io/result.h"
#include "solver/io/xdmf.h"
#include "solver/io/xdmf_cells.h"
#include "solver/run/evaluation_grid.h"
#include "tests/core/shape_support.h"
#include "tests/core/support.h"
#include "tests/core/xdmf_checks.h"

namespace pinn {
namespace {

using testing::expect_xdmf_matches_result;
using testing::holed_domain;
using testing::leaf;
using testing::occurrences;
using testing::read_text;
using testing::RemovedAtEnd;
using testing::temp_path;
using testing::uniform_axes;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A result of field u = sum of the inputs over `names` with `points` per axis, masked by
// the holed cube over the inputs other than `t`.
ResultData masked_result(const std::vector<std::string>& names, const std::vector<size_t>& points) {
  int time = -1;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == "t") time = static_cast<int>(i);
  }
  ResultData r;
  r.status = "completed";
  auto& s = r.solution;
  s.inputs = names;
  s.axes = uniform_axes(points);
  s.inside = inside_nodes(holed_domain(names, time), s.axes);
  std::vector<double> u(s.nodes(), 0.0);
  for (size_t n = 0; n < u.size(); ++n) u[n] = s.inside[n] ? double(n) : kNaN;
  s.fields = {{"u", u, {}, {}}};
  return r;
}

// Writes the result and its XDMF files; returns the texts of xdmf_path and
// space_time_xdmf_path (empty where there is none).
std::pair<std::string, std::string> written(const ResultData& r, const std::string& path) {
  write_result(path, r);
  write_xdmf(path, r.solution);
  const auto space_time = space_time_xdmf_path(path);
  return {read_text(xdmf_path(path)),
          std::filesystem::exists(space_time) ? read_text(space_time) : std::string()};
}

// Every cell's corners are mesh nodes inside.
void expect_cells_inside(const CellArray& cells, const std::vector<uint8_t>& inside) {
  ASSERT_EQ(cells.nodes.size(), cells.count() * cells.corners());
  for (const auto node : cells.nodes) {
    ASSERT_GE(node, 0);
    ASSERT_LT(static_cast<size_t>(node), inside.size());
    EXPECT_EQ(inside[static_cast<size_t>(node)], 1) << node;
  }
}

TEST(ShapeXdmf, XdmfOfASquareWithASquareHoleHoldsTheCellsOutsideTheHole) {
  // 8 x 8 cells, the hole exactly 4 x 4 of them: 48 quadrilaterals.
  const auto r = masked_result({"x", "y"}, {9, 9});
  const auto path = temp_path("holed_square.h5");
  const RemovedAtEnd removed{path};
  const auto [text, space_time] = written(r, path);
  EXPECT_TRUE(space_time.empty());
  EXPECT_EQ(occurrences(text, "TopologyType=\"Quadrilateral\" NumberOfElements=\"48\""), 1) << text;
  EXPECT_EQ(occurrences(text, "2DSMesh"), 0);
  EXPECT_EQ(occurrences(text,
                        "<DataItem Dimensions=\"48 4\" NumberType=\"Int\" Precision=\"8\" "
                        "Format=\"HDF\">" +
                            std::filesystem::path(path).filename().string() +
                            ":/solution/cells</DataItem>"),
            1)
      << text;
  expect_xdmf_matches_result(path, text, 3);  // cells, points, u
  const auto cells = xdmf_cells(r.solution);
  ASSERT_EQ(cells.size(), 1u);
  expect_cells_inside(cells[0], r.solution.inside);
  // Corners counter-clockwise in (x, y): the first cell is the one at the origin.
  EXPECT_EQ(std::vector<int64_t>(cells[0].nodes.begin(), cells[0].nodes.begin() + 4),
            (std::vector<int64_t>{0, 9, 10, 1}));
  // The stored mask and cells read back.
  H5::H5File file(path, H5F_ACC_RDONLY);
  const auto group = file.openGroup("solution");
  EXPECT_EQ(hdf5::read_uint8s(group, "inside"), r.solution.inside);
  EXPECT_EQ(hdf5::read_ints(group, "cells"), cells[0].nodes);
  EXPECT_EQ(read_result(path).solution.inside, r.solution.inside);
}

TEST(ShapeXdmf, XdmfOfACubeWithACubeHoleHoldsHexahedra) {
  // 4^3 cells; the centre node alone is outside, and the 8 cells around it go.
  const auto r = masked_result({"x", "y", "z"}, {5, 5, 5});
  const auto path = temp_path("holed_cube.h5");
  const RemovedAtEnd removed{path};
  const auto [text, space_time] = written(r, path);
  EXPECT_EQ(occurrences(text, "TopologyType=\"Hexahedron\" NumberOfElements=\"56\""), 1) << text;
  expect_xdmf_matches_result(path, text, 3);
  const auto cells = xdmf_cells(r.solution);
  expect_cells_inside(cells.at(0), r.solution.inside);
  // VTK's order: the face at the lower z counter-clockwise, then the upper one.
  EXPECT_EQ(std::vector<int64_t>(cells[0].nodes.begin(), cells[0].nodes.begin() + 8),
            (std::vector<int64_t>{0, 25, 30, 5, 1, 26, 31, 6}));
}

TEST(ShapeXdmf, XdmfInTimeHasCellsPerTimeAndSpaceTimeCells) {
  // x, y, t: 48 quadrilaterals at each of 3 times, and 48 x 2 hexahedra in space-time.
  const auto r = masked_result({"x", "y", "t"}, {9, 9, 3});
  const auto path = temp_path("holed_square_t.h5");
  const RemovedAtEnd removed{path};
  const auto [text, space_time] = written(r, path);
  EXPECT_EQ(occurrences(text, "TopologyType=\"Quadrilateral\" NumberOfElements=\"48\""), 3) << text;
  EXPECT_EQ(occurrences(text, "holed_square_t.h5:/solution/cells<"), 3);
  EXPECT_EQ(occurrences(space_time, "TopologyType=\"Hexahedron\" NumberOfElements=\"96\""), 1)
      << space_time;
  expect_xdmf_matches_result(path, text, 9);
  expect_xdmf_matches_result(path, space_time, 3);
  const auto cells = xdmf_cells(r.solution);
  ASSERT_EQ(cells.size(), 2u);
  EXPECT_EQ(cells[1].name, "space_time_cells");
  expect_cells_inside(cells[1], r.solution.inside);
}

TEST(ShapeXdmf, XdmfOfAnIntervalWithAGapIsTwoNodeSegments) {
  // x at 0, 1/8, ..., 1 minus (0.25, 0.75): 8 segments, the 4 across the gap gone; with t
  // (3 times) the space-time mesh has 4 x 2 quadrilaterals.
  const auto line = masked_result({"x"}, {9});
  const auto path = temp_path("gapped_line.h5");
  const RemovedAtEnd removed{path};
  const auto [text, none] = written(line, path);
  EXPECT_EQ(occurrences(text,
                        "TopologyType=\"Polyline\" NumberOfElements=\"4\" "
                        "NodesPerElement=\"2\""),
            1)
      << text;
  expect_xdmf_matches_result(path, text, 3);  // cells, line_points, u
  H5::H5File file(path, H5F_ACC_RDONLY);
  std::vector<uint64_t> shape;
  const auto points = hdf5::read_doubles(file.openGroup("solution"), "line_points", &shape);
  EXPECT_EQ(shape, (std::vector<uint64_t>{9, 2}));
  EXPECT_EQ(points[2], 1.0 / 8);
  EXPECT_EQ(points[3], 0.0);

  const auto in_time = masked_result({"x", "t"}, {9, 3});
  const auto timed = temp_path("gapped_line_t.h5");
  const RemovedAtEnd removed_timed{timed};
  const auto [temporal, space_time] = written(in_time, timed);
  EXPECT_EQ(occurrences(temporal, "TopologyType=\"Polyline\" NumberOfElements=\"4\""), 3);
  EXPECT_EQ(occurrences(space_time, "TopologyType=\"Quadrilateral\" NumberOfElements=\"8\""), 1);
  expect_xdmf_matches_result(timed, temporal, 9);
  expect_xdmf_matches_result(timed, space_time, 3);
}

TEST(ShapeXdmf, ASectionKeepsTheCellsInsideAtTheHeldNodes) {
  // A 4-ball of radius 0.45 about (0.5, ..., 0.5) over x, y, z, w; the section holds w at its
  // middle node, 0.5: the cells whose 8 corners lie in the 3-ball of that radius.
  ResultData r;
  auto& s = r.solution;
  s.inputs = {"x", "y", "z", "w"};
  s.axes = uniform_axes({7, 7, 7, 5});
  Domain d{s.inputs, {0, 0, 0, 0}, {1, 1, 1, 1}, -1};
  d.shape = std::make_shared<geometry::Csg>(leaf(
      std::make_shared<geometry::Hypersphere>("ball", std::vector<double>(4, 0.5), 0.45), "ball"));
  s.inside = inside_nodes(d, s.axes);
  s.fields = {{"u", std::vector<double>(s.nodes(), 1.0), {}, {}}};
  const auto in_ball = [&](size_t i, size_t j, size_t k) {
    const double x = s.axes[0][i] - 0.5, y = s.axes[1][j] - 0.5, z = s.axes[2][k] - 0.5;
    return x * x + y * y + z * z <= 0.45 * 0.45;
  };
  int64_t expected = 0;
  for (size_t i = 0; i < 6; ++i) {
    for (size_t j = 0; j < 6; ++j) {
      for (size_t k = 0; k < 6; ++k) {
        bool all = true;
        for (int c = 0; c < 8; ++c)
          all = all && in_ball(i + (c & 1), j + (c >> 1 & 1), k + (c >> 2));
        expected += all ? 1 : 0;
      }
    }
  }
  ASSERT_GT(expected, 0);
  const auto cells = xdmf_cells(s);
  ASSERT_EQ(cells.size(), 1u);
  EXPECT_EQ(static_cast<int64_t>(cells[0].count()), expected);
  const auto text = xdmf_text("ball.h5", s);
  EXPECT_EQ(occurrences(text, "TopologyType=\"Hexahedron\" NumberOfElements=\"" +
                                  std::to_string(expected) + "\""),
            1)
      << text;
}

}  // namespace
}  // namespace pinn
