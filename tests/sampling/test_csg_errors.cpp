// Combinations that are refused, each with a message naming what is wrong: shapes of
// different dimensions, empty domains, names given twice, parts with no boundary left,
// unknown parts and sides, combinations of nothing.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "solver/sampling/region_sampler.h"
#include "tests/sampling/geometry_support.h"

namespace pinn::geometry {
namespace {

using testing::ball;
using testing::combine;
using testing::disk;
using testing::expect_rejected;
using testing::leaf;
using testing::rectangle;

TEST(CsgErrors, ShapesOfDifferentDimensions) {
  expect_rejected(
      [] {
        Csg(combine(Combine::Union, {leaf(disk(0, 0, 1)), leaf(ball(0, 0, 0, 1))}));
      },
      "ball 'ball1' is 3-dimensional, the domain's first shape 2-dimensional; every "
      "shape must have the domain's dimension");
  expect_rejected(
      [] {
        Csg(combine(Combine::Difference,
                    {leaf(ball(0, 0, 0, 1), "ball"), leaf(disk(0, 0, 0.5), "hole")}));
      },
      "disk 'hole' is 2-dimensional, the domain's first shape 3-dimensional");
}

TEST(CsgErrors, EmptyDomainsSayTheyAreEmpty) {
  // Bounds apart along x.
  expect_rejected(
      [] {
        Csg(combine(Combine::Intersection, {leaf(disk(0, 0, 1)), leaf(disk(3, 0, 1))}));
      },
      "the domain is empty: its shapes' bounds do not overlap along axis 0");
  // Bounds overlapping in [0.9, 1]^2, the disks 2.69 apart.
  expect_rejected(
      [] {
        Csg(combine(Combine::Intersection, {leaf(disk(0, 0, 1)), leaf(disk(1.9, 1.9, 1))}));
      },
      "the domain is empty: none of the");
  // A square wholly inside its hole.
  expect_rejected(
      [] {
        Csg(combine(Combine::Difference, {leaf(rectangle(0, 0, 1, 1)), leaf(disk(0.5, 0.5, 1))}));
      },
      "the domain is empty");
}

TEST(CsgErrors, ANameGivenTwice) {
  expect_rejected(
      [] {
        Csg(combine(Combine::Difference,
                    {leaf(rectangle(-1, -1, 1, 1), "square"), leaf(disk(0.5, 0, 0.2), "hole"),
                     leaf(disk(-0.5, 0, 0.2), "hole")}));
      },
      "boundary name 'hole' is used twice (by disk 'hole' and disk 'hole'); names must be unique");
  // A side's name taken by another primitive.
  expect_rejected(
      [] {
        auto square = leaf(rectangle(-1, -1, 1, 1), "square");
        square.side_names = {{"x_min", "wall"}};
        Csg(combine(Combine::Difference, {square, leaf(disk(0, 0, 0.2), "wall")}));
      },
      "boundary name 'wall' is used twice (by rectangle 'square' and disk 'wall')");
}

TEST(CsgErrors, PartsWithNoBoundaryLeft) {
  // Square minus a big disk minus a small concentric one: the small disk's rim lies in
  // the big disk's hole.
  expect_rejected(
      [] {
        Csg(combine(Combine::Difference,
                    {leaf(rectangle(-1, -1, 1, 1), "square"), leaf(disk(0, 0, 0.4), "big"),
                     leaf(disk(0, 0, 0.1), "inner")}));
      },
      "disk 'inner' has no point on the domain's boundary: it lies inside another shape or "
      "inside a hole");
  // A disk a union swallows.
  expect_rejected(
      [] {
        Csg(combine(Combine::Union,
                    {leaf(rectangle(-1, -1, 1, 1), "square"), leaf(disk(0.2, 0.1, 0.3), "inner")}));
      },
      "disk 'inner' has no point on the domain's boundary");
  // A box inside another, its outer faces on the first's: they belong to the first.
  expect_rejected(
      [] {
        Csg(combine(Combine::Union,
                    {leaf(rectangle(0, 0, 2, 1), "a"), leaf(rectangle(0, 0, 1, 1), "b")}));
      },
      "rectangle 'b' has no point on the domain's boundary");
  // A named side two boxes of a union share.
  expect_rejected(
      [] {
        auto a = leaf(rectangle(0, 0, 1, 1), "a");
        a.side_names = {{"x_max", "seam"}};
        Csg(combine(Combine::Union, {a, leaf(rectangle(1, 0, 2, 1), "b")}));
      },
      "side 'seam' of rectangle 'a' has no point on the domain's boundary");
}

TEST(CsgErrors, UnknownPartsAndSides) {
  const Csg csg(testing::poisson2d_c());
  expect_rejected([&] { csg.sample_boundary({"rim"}, 10, 0, SamplingMethod::Uniform, 1); },
                  "'rim' is not a part of the domain's boundary; parts: square, hole1, hole2, "
                  "hole3, hole4");
  expect_rejected(
      [&] {
        csg.sample_boundary({"hole1", "hole9"}, 10, 0, SamplingMethod::Sobol, 1);
      },
      "'hole9' is not a part");
  expect_rejected(
      [] {
        auto square = leaf(rectangle(-1, -1, 1, 1), "square");
        square.side_names = {{"z_max", "lid"}};
        Csg{square};
      },
      "rectangle 'square' has no side 'z_max'; its sides: x_min, x_max, y_min, y_max");
  expect_rejected(
      [] {
        auto tri = leaf(std::make_shared<Polygon>(
            "triangle", std::vector<std::array<double, 2>>{{0, 0}, {1, 0}, {0, 1}}));
        tri.side_names = {{"3", "wall"}};
        Csg{tri};
      },
      "has no side '3'; its sides: ");
}

TEST(CsgErrors, CombinationsOfNothing) {
  expect_rejected([] { Csg(combine(Combine::Union, {})); }, "a union needs at least one shape");
  expect_rejected(
      [] {
        Csg(combine(Combine::Difference,
                    {leaf(rectangle(0, 0, 1, 1)), combine(Combine::Intersection, {})}));
      },
      "an intersection needs at least one shape");
}

TEST(CsgErrors, DomainsAndTheirShapes) {
  Domain domain{{"x", "y", "z"}, {-0.5, -0.5, 0}, {0.5, 0.5, 1}};
  domain.shape = std::make_shared<Csg>(testing::poisson2d_c());
  expect_rejected([&] { domain.validate(); },
                  "the shape is 2-dimensional, and there are 3 spatial inputs");
  domain.time_axis = 2;
  domain.validate();
  expect_rejected([&] { sample_parts(domain, {"rim"}, SamplingMethod::Uniform, 5, 1); },
                  "'rim' is not a part of the domain's boundary; parts: square, hole1");
  domain.shape = nullptr;
  expect_rejected([&] { sample_parts(domain, {}, SamplingMethod::Uniform, 5, 1); },
                  "the domain is a box, not a shape");
}

}  // namespace
}  // namespace pinn::geometry
