// Domains that are not boxes, read from configs (problem.domain): the problem as read, and
// every bad shape, combination, part name and input list refused while the config is read,
// naming the key at the line and column of the fault.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <utility>

#include "solver/run/point_sets.h"
#include "tests/core/support.h"
#include "tests/formula_problem/config_edit.h"

namespace pinn {
namespace {

using testing::config_error_of;
using testing::location_of;
using testing::parse_config;
using testing::with;

// A square with a named side and a disk cut out of it.
const std::string kSquareWithHole = R"yaml(problem:
  name: shapes
  inputs: [x, y]
  domain:
    difference:
      - rectangle: {from: [-1, -1], to: [1, 1], name: outer, sides: {x_min: inlet}}
      - disk: {center: [0.2, 0], radius: 0.3, name: hole}
  equations: [laplacian(u) + 1]
  conditions:
    walls: {on: [outer, inlet], equation: u}
    rim: {on: hole, equation: u_n}
network: {hidden: [8]}
training:
  phases: [{optimizer: adam, iterations: 1}]
)yaml";

const std::string kDisk = "disk: {center: [0.2, 0], radius: 0.3, name: hole}";
const std::string kDomain = R"yaml(    difference:
      - rectangle: {from: [-1, -1], to: [1, 1], name: outer, sides: {x_min: inlet}}
      - disk: {center: [0.2, 0], radius: 0.3, name: hole}
)yaml";

TEST(ShapeConfig, ReadsTheDomainItsPartsAndWhereConditionsHold) {
  const auto config = parse_config(kSquareWithHole);
  const auto domain = config.problem->domain();
  ASSERT_TRUE(domain.shape);
  EXPECT_EQ(domain.names, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(domain.lo, (std::vector<double>{-1, -1}));  // the shape's bounds
  EXPECT_EQ(domain.hi, (std::vector<double>{1, 1}));
  EXPECT_EQ(domain.shape->parts(), (std::vector<std::string>{"inlet", "outer", "hole"}));
  const auto terms = config.problem->loss_terms();
  ASSERT_EQ(terms.size(), 3u);
  EXPECT_EQ(terms[1].parts, (std::vector<std::string>{"outer", "inlet"}));
  EXPECT_EQ(terms[2].parts, std::vector<std::string>{"hole"});
  EXPECT_TRUE(terms[2].data);  // u_n reads the shape's normals, carried as the term's data
  EXPECT_FALSE(terms[1].data);

  std::string text;
  for (const auto& line : config.problem->description()) text += line + "\n";
  EXPECT_NE(text.find("boundary parts: inlet, outer, hole"), std::string::npos) << text;
  EXPECT_NE(text.find("rectangle 'outer' (sides x_min: inlet)"), std::string::npos) << text;

  // The rim's points lie on the circle, with the normal pointing into the hole.
  const auto points = sample_term(domain, terms[2], SamplingMethod::Sobol, 64, 1);
  const auto normals = terms[2].data(points);
  ASSERT_EQ(normals.size(), points.size());
  for (size_t i = 0; i < 64; ++i) {
    const double dx = points[2 * i] - 0.2, dy = points[2 * i + 1];
    EXPECT_NEAR(std::hypot(dx, dy), 0.3, 1e-12);
    EXPECT_NEAR(normals[2 * i], -dx / 0.3, 1e-12);
    EXPECT_NEAR(normals[2 * i + 1], -dy / 0.3, 1e-12);
  }
}

struct BadShape {
  std::string name;                                        // the test's name
  std::vector<std::pair<std::string, std::string>> edits;  // of kSquareWithHole, in order
  std::string at;                                          // where the error points
  std::vector<std::string> says;                           // the message holds each
};

// Printed by name in test output.
void PrintTo(const BadShape& c, std::ostream* os) { *os << c.name; }

class ShapeErrors : public ::testing::TestWithParam<BadShape> {};

TEST_P(ShapeErrors, AreRefusedAtTheKeyWhileTheConfigIsRead) {
  const auto& c = GetParam();
  auto yaml = kSquareWithHole;
  for (const auto& [from, to] : c.edits) yaml = with(yaml, from, to);
  const auto message = config_error_of(yaml);
  EXPECT_EQ(message.rfind(location_of(yaml, c.at) + ": key 'problem.", 0), 0u) << message;
  for (const auto& part : c.says) EXPECT_NE(message.find(part), std::string::npos) << message;
}

// The disk replaced by `shape`; the error points at `at`, by default the shape's value.
BadShape hole(std::string name, const std::string& shape, std::vector<std::string> says,
              std::string at = "") {
  if (at.empty()) at = shape.substr(shape.find(": ") + 2);
  return {std::move(name), {{kDisk, shape}}, std::move(at), std::move(says)};
}

// The domain replaced by `domain` (indented as kDomain).
BadShape domain(std::string name, const std::string& text, std::string at,
                std::vector<std::string> says) {
  return {std::move(name), {{kDomain, text}}, std::move(at), std::move(says)};
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, ShapeErrors,
    ::testing::Values(
        hole("PolygonOfTwoVertices", "polygon: {vertices: [[0, 0], [0.5, 0]], name: hole}",
             {"difference[1].polygon'", "has 2 vertices; a polygon needs at least 3"}),
        hole("RepeatedVertex",
             "polygon: {vertices: [[0, 0], [0.5, 0], [0, 0.5], [0.5, 0]], name: hole}",
             {"difference[1].polygon'", "vertex 3 [0.5, 0] repeats vertex 1"}),
        hole("CollinearVertices",
             "polygon: {vertices: [[0, 0], [0.25, 0.25], [0.5, 0.5]], name: hole}",
             {"difference[1].polygon'", "its 3 vertices lie on one line"}),
        hole("SelfIntersectingEdges",
             "polygon: {vertices: [[0, 0], [0.5, 0.5], [0.5, 0], [0, 0.5]], name: hole}",
             {"difference[1].polygon'", "edge 0 ([0, 0] to [0.5, 0.5]) and edge 2", "intersect"}),
        hole("TriangleOfFourVertices",
             "triangle: {vertices: [[0, 0], [0.5, 0], [0, 0.5], [0.1, 0.1]]}",
             {"difference[1].triangle.vertices'", "has 4 vertices; a triangle has 3"},
             "[[0, 0], [0.5, 0], [0, 0.5], [0.1"),
        BadShape{"ZeroRadius",
                 {{"radius: 0.3", "radius: 0"}},
                 "0, name: hole",
                 {"difference[1].disk.radius'", "must be > 0"}},
        BadShape{"NegativeRadius",
                 {{"radius: 0.3", "radius: -0.3"}},
                 "-0.3",
                 {"difference[1].disk.radius'", "must be > 0"}},
        BadShape{"RectangleOfZeroSide",
                 {{"to: [1, 1]", "to: [1, -1]"}},
                 "{from: [-1, -1]",
                 {"difference[0].rectangle'", "side along y is [-1, -1]", "finite and > 0"}},
        hole("EllipseOfZeroSemiAxis", "ellipse: {center: [0, 0], semi_axes: [0.3, 0]}",
             {"difference[1].ellipse.semi_axes[1]'", "value 0 must be > 0"}, "0]}"),
        BadShape{"InfiniteRadius",
                 {{"radius: 0.3", "radius: .inf"}},
                 ".inf",
                 {"difference[1].disk.radius'", ".inf"}},
        BadShape{"NanCentre",
                 {{"center: [0.2, 0]", "center: [.nan, 0]"}},
                 ".nan",
                 {"difference[1].disk.center", ".nan"}},
        hole("NanVertex", "polygon: {vertices: [[0, 0], [0.5, nan], [0, 0.5]], name: hole}",
             {"difference[1].polygon.vertices'", "vertex 1 has 'nan', not a finite number"},
             "[[0, 0], [0.5, nan]"),
        BadShape{"InfiniteCorner",
                 {{"to: [1, 1]", "to: [.inf, 1]"}},
                 ".inf",
                 {"difference[0].rectangle.to", ".inf"}},
        BadShape{"DiskInThreeDimensions",
                 {{"inputs: [x, y]", "inputs: [x, y, z]"},
                  {kDomain, "    disk: {center: [0, 0], radius: 1}\n"}},
                 "{center: [0, 0], radius: 1}",
                 {"problem.domain.disk'", "a disk is 2-dimensional", "3 spatial inputs (x, y, z)"}},
        domain("BallInTwoDimensions", "    ball: {center: [0, 0, 0], radius: 1}\n",
               "{center: [0, 0, 0]",
               {"problem.domain.ball'", "a ball is 3-dimensional", "2 spatial inputs (x, y)"}),
        BadShape{"DiskOverOneSpaceInputAndTime",
                 {{"inputs: [x, y]", "inputs: [x, t]\n  time: {t: [0, 1]}"}},
                 "{from: [-1, -1]",
                 {"a rectangle is 2-dimensional", "1 spatial input (x)"}},
        hole("HypersphereCentreOfThreeCoordinates", "hypersphere: {center: [0, 0, 0], radius: 0.3}",
             {"hypersphere.center'", "has 3 coordinates; the domain has 2 spatial inputs"},
             "[0, 0, 0]"),
        domain("IntersectionOfDisjointBounds",
               "    intersection:\n"
               "      - disk: {center: [-0.5, 0], radius: 0.3}\n"
               "      - disk: {center: [0.5, 0], radius: 0.3}\n",
               "intersection:", {"problem.domain'", "the domain is empty"}),
        domain("IntersectionOfDisjointDisks",
               "    intersection:\n"
               "      - disk: {center: [0, 0], radius: 1}\n"
               "      - disk: {center: [1.6, 1.6], radius: 1}\n",
               "intersection:", {"problem.domain'", "the domain is empty", "lies inside it"}),
        domain("DifferenceLeavingNothing",
               "    difference:\n"
               "      - disk: {center: [0, 0], radius: 0.5}\n"
               "      - rectangle: {from: [-1, -1], to: [1, 1]}\n",
               "difference:", {"problem.domain'", "the domain is empty"}),
        BadShape{"NameUsedTwice",
                 {{"radius: 0.3, name: hole", "radius: 0.3, name: outer"}},
                 "difference:",
                 {"problem.domain'", "boundary name 'outer' is used twice", "rectangle 'outer'",
                  "disk 'outer'"}},
        BadShape{"SideNamedAsAnotherShape",
                 {{"{x_min: inlet}", "{x_min: hole}"}},
                 "difference:",
                 {"problem.domain'", "boundary name 'hole' is used twice"}},
        BadShape{
            "ConditionOnAPartThatIsNot",
            {{"on: hole,", "on: holes,"}},
            "holes,",
            {"problem.conditions.rim.on'", "'holes' is not a part", "parts: inlet, outer, hole"}},
        BadShape{
            "ConditionOnAFaceOfTheBox",
            {{"on: [outer, inlet]", "on: [outer, x_max]"}},
            "[outer, x_max]",
            {"problem.conditions.walls.on'", "'x_max' is not a part", "parts: inlet, outer, hole"}},
        domain("PartInsideAnotherHole",
               "    difference:\n"
               "      - rectangle: {from: [-1, -1], to: [1, 1]}\n"
               "      - disk: {center: [0, 0], radius: 0.5}\n"
               "      - disk: {center: [0, 0], radius: 0.2, name: inner}\n",
               "difference:",
               {"problem.domain'", "disk 'inner' has no point on the domain's boundary"}),
        BadShape{"IntervalsWithADomain",
                 {{"inputs: [x, y]", "inputs: {x: [-1, 1], y: [-1, 1]}"}},
                 "{x: [-1, 1]",
                 {"problem.inputs'", "with a `domain` shape, list the inputs by name"}},
        BadShape{"NamesWithoutADomain",
                 {{"  domain:\n" + kDomain, ""}},
                 "[x, y]",
                 {"problem.inputs'", "lists names only, which needs a `domain` shape"}},
        BadShape{"TimeWithoutItsInterval",
                 {{"inputs: [x, y]", "inputs: [x, y, t]\n  time: t"}},
                 "t\n",
                 {"problem.time'", "must give the time's interval too: {t: [0, 1]}"}},
        BadShape{"TimeIntervalBackwards",
                 {{"inputs: [x, y]", "inputs: [x, y, t]\n  time: {t: [1, 0]}"}},
                 "[1, 0]",
                 {"problem.time.t'", "lo < hi"}},
        BadShape{"TimeNotAnInput",
                 {{"inputs: [x, y]", "inputs: [x, y, t]\n  time: {s: [0, 1]}"}},
                 "{s: [0, 1]}",
                 {"problem.time'", "'s' is not an input; inputs: x, y, t"}},
        BadShape{"PeriodicOnAShape",
                 {{"rim: {on: hole, equation: u_n}", "rim: {periodic: x}"}},
                 "x}",
                 {"problem.conditions.rim.periodic'", "the domain is a shape"}},
        BadShape{"ReservedShapeName",
                 {{"name: hole", "name: boundary"}},
                 "boundary}",
                 {"difference[1].disk.name'", "'boundary' means a place in `on`"}},
        BadShape{"ReservedSideName",
                 {{"{x_min: inlet}", "{x_min: initial}"}},
                 "initial}",
                 {"rectangle.sides.x_min'", "'initial' means a place in `on`"}},
        hole("ReservedEdgeName",
             "polygon: {vertices: [[0, 0], [0.5, 0], [0, 0.5]], sides: [a, interior]}",
             {"difference[1].polygon.sides'", "'interior' is not a part name"}, "[a, interior]"),
        BadShape{"SideTheShapeHasNot",
                 {{"{x_min: inlet}", "{z_min: inlet}"}},
                 "inlet}",
                 {"rectangle.sides.z_min'",
                  "rectangle has no side 'z_min'; its sides: x_min, x_max, y_min, y_max"}},
        hole("EdgeThePolygonHasNot",
             "polygon: {vertices: [[0, 0], [0.5, 0], [0, 0.5]], sides: {3: lid}}",
             {"polygon.sides.3'", "polygon has no side '3'; its sides: 0, 1, 2"}, "lid}"),
        hole("EdgeListLongerThanThePolygon",
             "polygon: {vertices: [[0, 0], [0.5, 0], [0, 0.5]], sides: [a, b, c, d]}",
             {"polygon.sides'", "polygon has no side '3'; its sides: 0, 1, 2"}, "[a, b, c, d]"),
        BadShape{"SideOfADisk",
                 {{"name: hole}", "sides: {top: lid}}"}},
                 "lid}",
                 {"disk.sides.top'", "a disk has one surface and no sides to name ('top')"}},
        hole("NotAShape", "sphere: {center: [0, 0], radius: 0.3}",
             {"difference[1].sphere'", "is not a shape", "disk", "polygon"}),
        domain("TwoShapesInOneEntry",
               "    difference:\n"
               "      - rectangle: {from: [-1, -1], to: [1, 1]}\n"
               "        disk: {center: [0, 0], radius: 0.5}\n"
               "      - disk: {center: [0, 0], radius: 0.2}\n",
               "{center: [0, 0], radius: 0.5}",
               {"difference[0].disk'", "each entry is one shape or combination"}),
        domain("MissingPointCloudFile",
               "    point_cloud: {interior: no_such_interior.txt, boundary: "
               "no_such_boundary.txt}\n",
               "{interior: no_such",
               {"problem.domain.point_cloud'", "cannot read", "point file 'no_such_"})),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace pinn
