// The output of a domain with a shape: the grid's mask, NaN outside it in every field, the
// errors over the nodes inside only (against hand computations), /geometry, and a short
// run writing them all with its XDMF files. A box domain's output has none of it. The
// XDMF cells alone: test_shape_xdmf.cpp.
//
// With PINN_SHAPE_OUTPUT_KEEP set to a folder, ShapeOutput.ARunWritesMaskCellsAndGeometry
// keeps its result there (shape_run.h5), for tests/tools/test_plot_geometry.py to plot.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <memory>

#include "solver/config/source.h"
#include "solver/io/hdf5_file.h"
#include "solver/io/result.h"
#include "solver/io/xdmf.h"
#include "solver/run/evaluation_grid.h"
#include "solver/run/run.h"
#include "solver/run/solution_fields.h"
#include "tests/core/shape_support.h"
#include "tests/core/support.h"
#include "tests/core/xdmf_checks.h"

namespace pinn {
namespace {

using testing::expect_xdmf_matches_result;
using testing::holed_cube;
using testing::holed_domain;
using testing::occurrences;
using testing::read_text;
using testing::RemovedAtEnd;
using testing::temp_path;
using testing::uniform_axes;

// ---------------------------------------------------------------- the mask

TEST(ShapeOutput, GridNodesOnTheBoundaryAreInsideAndTheMaskIsTheSameAtEveryTime) {
  // x, y at 0, 1/8, ..., 1: the hole's strict interior holds the 3 x 3 nodes at 3/8 .. 5/8.
  const auto domain = holed_domain({"x", "t", "y"}, 1);
  const auto axes = uniform_axes({9, 3, 9});
  const auto inside = inside_nodes(domain, axes);
  ASSERT_EQ(inside.size(), 9u * 3 * 9);
  int outside = 0;
  for (size_t i = 0; i < 9; ++i) {
    for (size_t t = 0; t < 3; ++t) {
      for (size_t j = 0; j < 9; ++j) {
        const bool in_hole = i >= 3 && i <= 5 && j >= 3 && j <= 5;
        EXPECT_EQ(inside[(i * 3 + t) * 9 + j], in_hole ? 0 : 1) << i << " " << t << " " << j;
        outside += in_hole ? 1 : 0;
      }
    }
  }
  EXPECT_EQ(outside, 27);
  EXPECT_TRUE(inside_nodes(Domain{{"x"}, {0.0}, {1.0}, -1}, uniform_axes({5})).empty());
}

// ---------------------------------------------------------------- errors by hand

// Outputs u and p (p fixed up to a constant) and s = 2u derived, on a holed square; only
// compare_solution reads it.
class HoledSquare : public Problem {
 public:
  explicit HoledSquare(bool shaped) : shaped_(shaped) {}
  Domain domain() const override {
    return shaped_ ? holed_domain({"x", "y"}, -1) : Domain{{"x", "y"}, {0, 0}, {1, 1}, -1};
  }
  std::vector<std::string> outputs() const override { return {"u", "p"}; }
  std::vector<std::string> up_to_constant() const override { return {"p"}; }
  std::vector<DerivedField> derived_fields() const override {
    return {{"s", [](const OutputGrids& o) {
               auto s = o[0];
               for (auto& v : s) v *= 2;
               return s;
             }}};
  }
  std::vector<LossTerm> loss_terms() const override { return {}; }

 private:
  bool shaped_;
};

// On a 5 x 5 grid of the holed square, node 12 (0.5, 0.5) alone is outside.
struct HandCase {
  OutputGrids predicted, reference;
};

HandCase hand_case(const std::vector<std::vector<double>>& axes) {
  HandCase c;
  c.predicted.assign(2, std::vector<double>(25));
  c.reference.assign(2, std::vector<double>(25));
  for (size_t n = 0; n < 25; ++n) {
    const double x = axes[0][n / 5];
    // u: exact 1, the network 0.1 above it, 0.5 above at node 0; p: exact x, the network 7
    // above. Node 12 holds values no error may see.
    c.reference[0][n] = n == 12 ? -1e6 : 1.0;
    c.predicted[0][n] = n == 12 ? 1e6 : n == 0 ? 1.5 : 1.1;
    c.reference[1][n] = n == 12 ? 3e5 : x;
    c.predicted[1][n] = n == 12 ? 1e6 : x + 7;
  }
  return c;
}

TEST(ShapeOutput, ErrorsAndMeansAreOverTheNodesInsideAndFieldsAreNaNOutside) {
  const HoledSquare problem(true);
  const EvaluationGrid grid(problem.domain(), {5, 5}, torch::kFloat64);
  auto c = hand_case(grid.axes());
  const auto compared = compare_solution(problem, grid, c.predicted, c.reference);
  const auto& s = compared.grid;
  ASSERT_EQ(s.inside.size(), 25u);
  EXPECT_EQ(std::count(s.inside.begin(), s.inside.end(), 0), 1);
  EXPECT_EQ(s.inside[12], 0);
  ASSERT_EQ(s.fields.size(), 3u);
  for (const auto& f : s.fields) {
    EXPECT_TRUE(std::isnan(f.values[12])) << f.name;
    EXPECT_TRUE(std::isnan(f.exact[12])) << f.name;
    EXPECT_TRUE(std::isnan(f.abs_error[12])) << f.name;
    EXPECT_FALSE(std::isnan(f.values[11])) << f.name;
  }
  // u: 23 errors of 0.1 and one of 0.5 against 24 ones.
  const double u_error = 23 * 0.01 + 0.25, u_reference = 24;
  // p without its mean over the nodes inside (0.5 for both, by symmetry): no error;
  // sum (x - 0.5)^2 over them: columns x = 0 and 1 (5 nodes each) 0.25, x = 0.25 and 0.75
  // 0.0625, x = 0.5 (4 nodes) 0.
  const double p_reference = 10 * 0.25 + 10 * 0.0625;
  ASSERT_EQ(compared.errors.size(), 3u);
  EXPECT_NEAR(compared.errors[0].rel_l2, std::sqrt(u_error / u_reference), 1e-14);
  EXPECT_NEAR(compared.errors[0].max_abs_error, 0.5, 1e-14);
  EXPECT_NEAR(compared.errors[1].rel_l2, 0, 1e-14);
  EXPECT_NEAR(compared.errors[2].rel_l2, std::sqrt(u_error / u_reference), 1e-14);  // s = 2u
  EXPECT_NEAR(compared.errors[2].max_abs_error, 1.0, 1e-14);
  EXPECT_NEAR(compared.rel_l2, std::sqrt(u_error / (u_reference + p_reference)), 1e-14);
  EXPECT_NEAR(compared.max_abs_error, 0.5, 1e-14);
  // p_exact is stored at the network's mean over the nodes inside: x + 7 there.
  for (size_t n = 0; n < 25; ++n) {
    if (n != 12) EXPECT_NEAR(s.fields[1].exact[n], grid.axes()[0][n / 5] + 7, 1e-13) << n;
  }
}

TEST(ShapeOutput, ABoxDomainHasNoMaskAndItsFilesNoMaskDatasets) {
  const HoledSquare problem(false);
  const EvaluationGrid grid(problem.domain(), {5, 5}, torch::kFloat64);
  EXPECT_TRUE(grid.inside().empty());
  auto c = hand_case(grid.axes());
  const auto compared = compare_solution(problem, grid, c.predicted, c.reference);
  EXPECT_TRUE(compared.grid.inside.empty());
  EXPECT_EQ(compared.grid.fields[0].values[12], 1e6);  // no NaN anywhere
  EXPECT_NEAR(compared.max_abs_error, 2e6, 1);
  ResultData r;
  r.status = "completed";
  r.solution = compared.grid;
  const auto path = temp_path("box_output.h5");
  const RemovedAtEnd removed{path};
  write_result(path, r);
  write_xdmf(path, r.solution);
  {
    H5::H5File file(path, H5F_ACC_RDONLY);
    const auto solution = file.openGroup("solution");
    for (const auto* name : {"inside", "cells", "space_time_cells", "line_points"}) {
      EXPECT_FALSE(solution.nameExists(name)) << name;
    }
    EXPECT_FALSE(file.nameExists("geometry"));
  }
  const auto text = read_text(xdmf_path(path));
  EXPECT_EQ(occurrences(text, "2DSMesh"), 1) << text;
  EXPECT_EQ(occurrences(text, "Quadrilateral"), 0) << text;
}

// ---------------------------------------------------------------- a run

// u = x + 2y + t on the holed square in time, fitted at interior points; its reference is
// that closed form.
class HoledPlane : public Problem {
 public:
  Domain domain() const override { return holed_domain({"x", "y", "t"}, 2); }
  std::vector<LossTerm> loss_terms() const override {
    return {{"fit", Region::Interior, 64, {{}}, [](const Fields& f) {
               return f.u() - (f.input(0) + 2 * f.input(1) + f.input(2));
             }}};
  }
  std::optional<OutputGrids> reference(
      const std::vector<std::vector<double>>& axes) const override {
    return OutputGrids{tabulate(
        axes, [](const std::vector<at::Tensor>& in) { return in[0] + 2 * in[1] + in[2]; })};
  }
};

TEST(ShapeOutput, ARunWritesMaskCellsAndGeometry) {
  const char* keep = std::getenv("PINN_SHAPE_OUTPUT_KEEP");
  const std::string path =
      keep ? (std::filesystem::path(keep) / "shape_run.h5").string() : temp_path("shape_run.h5");
  ProblemRegistry registry;
  registry.add({"holed_plane", "u = x + 2y + t on a holed square", {}, [](const Parameters&) {
                  return std::make_unique<HoledPlane>();
                }});
  auto source = config::load_config_string(
      "problem: {name: holed_plane}\n"
      "network: {hidden: [8]}\n"
      "training: {threads: 1, log_every: 2, dtype: float64,"
      " phases: [{optimizer: adam, iterations: 4, lr: 0.01}]}\n"
      "output: {file: '" +
          path + "', grid: {x: 9, y: 9, t: 3}}\n",
      "shape.yaml");
  RunSettings settings;
  settings.log = std::tmpfile();
  const auto result = run_training(parse_run_config(source, registry), settings);
  std::fclose(settings.log);
  ASSERT_EQ(result.status, "completed") << result.message;

  const auto r = read_result(path);
  const auto& s = r.solution;
  ASSERT_EQ(s.inside.size(), 9u * 9 * 3);
  // The network, its reference and its error: NaN exactly outside; the errors recomputed
  // from the stored values over the nodes inside.
  const auto& u = s.fields.at(0);
  double error = 0, reference = 0, largest = 0;
  for (size_t n = 0; n < s.nodes(); ++n) {
    ASSERT_EQ(std::isnan(u.values[n]), s.inside[n] == 0) << n;
    ASSERT_EQ(std::isnan(u.exact[n]), s.inside[n] == 0) << n;
    ASSERT_EQ(std::isnan(u.abs_error[n]), s.inside[n] == 0) << n;
    if (!s.inside[n]) continue;
    error += std::pow(u.values[n] - u.exact[n], 2);
    reference += u.exact[n] * u.exact[n];
    largest = std::max(largest, u.abs_error[n]);
  }
  EXPECT_NEAR(r.metrics.rel_l2, std::sqrt(error / reference), 1e-12 * r.metrics.rel_l2);
  EXPECT_DOUBLE_EQ(r.metrics.max_abs_error, largest);
  // Every history record's error is over the nodes inside, so finite; the last one is the
  // final metric.
  ASSERT_FALSE(r.history.rel_l2.empty());
  for (const double e : r.history.rel_l2) EXPECT_TRUE(std::isfinite(e));
  EXPECT_NEAR(r.history.rel_l2.back(), r.metrics.rel_l2, 1e-12 * r.metrics.rel_l2);

  // The XDMF files the run wrote: 48 quadrilaterals at each time, 96 hexahedra in
  // space-time.
  const auto text = read_text(xdmf_path(path));
  const auto space_time = read_text(space_time_xdmf_path(path));
  EXPECT_EQ(occurrences(text, "TopologyType=\"Quadrilateral\" NumberOfElements=\"48\""), 3);
  EXPECT_EQ(occurrences(space_time, "TopologyType=\"Hexahedron\" NumberOfElements=\"96\""), 1);
  expect_xdmf_matches_result(path, space_time, 5);  // cells, points, u, u_exact, abs_error

  // /geometry: 2000 points inside, 2000 on the boundary with unit normals pointing out of
  // the domain (into the hole on its rim), the parts named.
  const auto& g = r.geometry;
  EXPECT_EQ(g.inputs, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(g.parts, (std::vector<std::string>{"outer", "hole"}));
  EXPECT_FALSE(g.description.empty());
  ASSERT_EQ(g.interior.size(), 4000u);
  ASSERT_EQ(g.boundary.size(), 4000u);
  ASSERT_EQ(g.normals.size(), 4000u);
  ASSERT_EQ(g.part.size(), 2000u);
  const auto shape = holed_cube({"x", "y"});
  for (const auto flag : shape->contains(g.interior)) ASSERT_EQ(flag, 1);
  int on_hole = 0;
  for (size_t i = 0; i < 2000; ++i) {
    const double x = g.boundary[2 * i], y = g.boundary[2 * i + 1];
    const double nx = g.normals[2 * i], ny = g.normals[2 * i + 1];
    EXPECT_NEAR(std::hypot(nx, ny), 1, 1e-12);
    // A step along the normal leaves the domain.
    EXPECT_EQ(shape->contains({x + 0.01 * nx, y + 0.01 * ny})[0], 0) << x << " " << y;
    on_hole += g.part[i] == 1 ? 1 : 0;
  }
  // The hole's rim is half the outer square's perimeter: a third of the points.
  EXPECT_NEAR(on_hole, 2000 / 3.0, 100);
  if (!keep) {
    for (const auto& p : {path, xdmf_path(path), space_time_xdmf_path(path)}) {
      std::filesystem::remove(p);
    }
  }
}

}  // namespace
}  // namespace pinn
