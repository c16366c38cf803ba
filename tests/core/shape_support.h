#pragma once
// Helpers shared by the tests of a domain with a shape's output: a box with a box-shaped
// hole, whose faces pass through grid nodes, so that counts of nodes and cells are exact.

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "solver/geometry/csg.h"
#include "solver/geometry/domain.h"
#include "solver/geometry/shapes/box.h"
#include "solver/io/xdmf.h"

namespace pinn::testing {

inline geometry::CsgNode leaf(std::shared_ptr<const geometry::Shape> shape,
                              const std::string& name) {
  geometry::CsgNode node;
  node.shape = std::move(shape);
  node.name = name;
  return node;
}

inline std::shared_ptr<const geometry::Shape> cube(const std::vector<std::string>& axes, double lo,
                                                   double hi) {
  return std::make_shared<geometry::Box>("box", std::vector<double>(axes.size(), lo),
                                         std::vector<double>(axes.size(), hi), axes);
}

// [0, 1]^d minus the open cube (0.25, 0.75)^d, d = axes.size(): its parts "outer", "hole".
inline std::shared_ptr<const geometry::Geometry> holed_cube(const std::vector<std::string>& axes) {
  geometry::CsgNode root;
  root.combine = geometry::Combine::Difference;
  root.children = {leaf(cube(axes, 0, 1), "outer"), leaf(cube(axes, 0.25, 0.75), "hole")};
  return std::make_shared<geometry::Csg>(root);
}

// The unit box over `names` with the holed cube over the inputs other than the time.
inline Domain holed_domain(const std::vector<std::string>& names, int time_axis) {
  std::vector<std::string> space;
  for (size_t i = 0; i < names.size(); ++i) {
    if (static_cast<int>(i) != time_axis) space.push_back(names[i]);
  }
  Domain d{names, std::vector<double>(names.size(), 0.0), std::vector<double>(names.size(), 1.0),
           time_axis};
  d.shape = holed_cube(space);
  return d;
}

// Axes of `points[i]` uniform nodes on [0, 1], endpoints included.
inline std::vector<std::vector<double>> uniform_axes(const std::vector<size_t>& points) {
  std::vector<std::vector<double>> axes;
  for (const auto n : points) {
    std::vector<double> axis;
    for (size_t j = 0; j < n; ++j) axis.push_back(static_cast<double>(j) / double(n - 1));
    axes.push_back(axis);
  }
  return axes;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Removes a result and its XDMF files when the test ends.
struct RemovedAtEnd {
  std::string path;
  ~RemovedAtEnd() {
    for (const auto& p : {path, xdmf_path(path), space_time_xdmf_path(path)}) {
      std::filesystem::remove(p);
    }
  }
};

}  // namespace pinn::testing
