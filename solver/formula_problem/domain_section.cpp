#include "solver/formula_problem/domain_section.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <map>

#include "solver/common/text.h"
#include "solver/config/config_error.h"
#include "solver/expression/syntax.h"
#include "solver/geometry/csg.h"
#include "solver/geometry/point_cloud.h"
#include "solver/geometry/shapes/box.h"
#include "solver/geometry/shapes/cylinder.h"
#include "solver/geometry/shapes/ellipse.h"
#include "solver/geometry/shapes/hypersphere.h"
#include "solver/geometry/shapes/polygon.h"

namespace pinn {
namespace {

using config::Reader;
using config::Rule;
using geometry::Combine;
using geometry::CsgNode;

const std::vector<std::string>& combinations() {
  static const std::vector<std::string> names = {"difference", "intersection", "union"};
  return names;
}

const std::vector<std::string>& primitives() {
  static const std::vector<std::string> names = {"ball",    "box",       "cylinder",    "disk",
                                                 "ellipse", "hypercube", "hypersphere", "interval",
                                                 "polygon", "rectangle", "triangle"};
  return names;
}

// The number of spatial inputs each kind needs; 0: any.
int kind_dim(const std::string& kind) {
  if (kind == "interval") return 1;
  if (kind == "rectangle" || kind == "disk" || kind == "ellipse" || kind == "polygon" ||
      kind == "triangle") {
    return 2;
  }
  if (kind == "box" || kind == "ball" || kind == "cylinder") return 3;
  return 0;
}

std::string spatial_text(const std::vector<std::string>& spatial) {
  return std::to_string(spatial.size()) + " spatial input" + (spatial.size() == 1 ? "" : "s") +
         " (" + join(spatial) + ")";
}

std::vector<double> point(const Reader& s, const std::string& key, size_t dim) {
  const auto values = s.required_numbers(key);
  if (values.size() != dim) {
    s.fail(key, "has " + std::to_string(values.size()) + " coordinates; the domain has " +
                    std::to_string(dim) + " spatial inputs");
  }
  return values;
}

std::array<double, 2> pair(const std::vector<double>& v) { return {v[0], v[1]}; }

std::vector<std::array<double, 2>> vertices(const Reader& s, const std::string& kind) {
  const auto node = s.node("vertices");
  const std::string form = "must be a list of points [[x, y], ...]";
  if (!node.IsSequence()) s.fail("vertices", form);
  std::vector<std::array<double, 2>> out;
  for (size_t i = 0; i < node.size(); ++i) {
    const auto& vertex = node[i];
    if (!vertex.IsSequence() || vertex.size() != 2) {
      s.fail("vertices", "vertex " + std::to_string(i) + " is not a point [x, y]; a " + kind +
                             " is 2-dimensional");
    }
    std::array<double, 2> p{};
    for (size_t k = 0; k < 2; ++k) {
      const auto text = vertex[k].IsScalar() ? vertex[k].Scalar() : std::string();
      char* end = nullptr;
      p[k] = std::strtod(text.c_str(), &end);
      if (text.empty() || *end != '\0' || !std::isfinite(p[k])) {
        s.fail("vertices",
               "vertex " + std::to_string(i) + " has '" + text + "', not a finite number");
      }
    }
    out.push_back(p);
  }
  if (kind == "triangle" && out.size() != 3) {
    s.fail("vertices", "has " + std::to_string(out.size()) + " vertices; a triangle has 3");
  }
  return out;
}

std::shared_ptr<const geometry::Shape> build(const Reader& s, const std::string& kind,
                                             const std::vector<std::string>& spatial) {
  const auto dim = spatial.size();
  if (kind == "interval") {
    const auto from = s.required_number("from"), to = s.required_number("to");
    return std::make_shared<geometry::Box>(kind, std::vector<double>{from}, std::vector<double>{to},
                                           spatial);
  }
  if (kind == "rectangle" || kind == "box" || kind == "hypercube") {
    return std::make_shared<geometry::Box>(kind, point(s, "from", dim), point(s, "to", dim),
                                           spatial);
  }
  const auto radius_rule = Rule<double>::positive();
  if (kind == "disk" || kind == "ball" || kind == "hypersphere") {
    return std::make_shared<geometry::Hypersphere>(kind, point(s, "center", dim),
                                                   s.required_number("radius", radius_rule));
  }
  if (kind == "ellipse") {
    const auto axes = s.required_numbers("semi_axes", radius_rule);
    if (axes.size() != 2) s.fail("semi_axes", "must be two numbers [a, b]");
    return std::make_shared<geometry::Ellipse>(pair(point(s, "center", 2)), pair(axes),
                                               s.number("angle", 0.0));
  }
  if (kind == "polygon" || kind == "triangle") {
    return std::make_shared<geometry::Polygon>(kind, vertices(s, kind));
  }
  // cylinder
  const auto axis = s.numbers("axis", {0, 0, 1});
  if (axis.size() != 3) s.fail("axis", "must be a direction of 3 components");
  const auto c = point(s, "center", 3);
  return std::make_shared<geometry::Cylinder>(
      std::array<double, 3>{c[0], c[1], c[2]}, std::array<double, 3>{axis[0], axis[1], axis[2]},
      s.required_number("radius", radius_rule), s.required_number("height", radius_rule));
}

std::string read_name(const Reader& s, const std::string& key) {
  const auto text = s.located_text(key);
  if (!syntax::is_name(text.text)) {
    throw config::ConfigError(text.location, "key '" + text.path + "': '" + text.text +
                                                 "' is not a name: use letters, digits and '_', "
                                                 "starting with a letter");
  }
  if (is_reserved_part_name(text.text)) {
    throw config::ConfigError(text.location, "key '" + text.path + "': '" + text.text +
                                                 "' means a place in `on`; name the part "
                                                 "otherwise");
  }
  return text.text;
}

// The sides `shape` has, for `sides` to name.
std::vector<std::string> sides_of(const geometry::Shape& shape) {
  std::vector<std::string> sides;
  for (const auto& surface : shape.surfaces()) sides.push_back(surface.side);
  return sides;
}

std::map<std::string, std::string> read_sides(const Reader& s, const geometry::Shape& shape) {
  std::map<std::string, std::string> sides;
  if (!s.has("sides")) return sides;
  const auto valid = sides_of(shape);
  const auto has_no = [&](const std::string& side) {
    if (valid.size() == 1 && valid[0].empty()) {
      return "a " + shape.kind() + " has one surface and no sides to name ('" + side +
             "'); `name` names its surface";
    }
    return shape.kind() + " has no side '" + side + "'; its sides: " + join(valid);
  };
  const auto node = s.node("sides");
  if (node.IsSequence()) {
    // A polygon's edges in order; ~ leaves one unnamed.
    for (size_t i = 0; i < node.size(); ++i) {
      if (node[i].IsNull()) continue;
      if (!node[i].IsScalar()) s.fail("sides", "entry " + std::to_string(i) + " is not a name");
      const auto side = std::to_string(i);
      if (std::find(valid.begin(), valid.end(), side) == valid.end()) s.fail("sides", has_no(side));
      sides[side] = node[i].Scalar();
    }
  } else if (node.IsMap()) {
    const auto section = s.section("sides");
    for (const auto& side : section.keys()) {
      if (std::find(valid.begin(), valid.end(), side) == valid.end()) {
        section.fail(side, has_no(side));
      }
      sides[side] = read_name(section, side);
    }
    section.finish();
  } else {
    s.fail("sides", "must map sides to names ({x_min: inlet}) or list a polygon's edges' names");
  }
  for (const auto& [side, name] : sides) {
    if (!syntax::is_name(name) || is_reserved_part_name(name)) {
      s.fail("sides", "'" + name +
                          "' is not a part name: use letters, digits and '_', "
                          "starting with a letter, other than boundary, interior and "
                          "initial");
    }
  }
  return sides;
}

CsgNode read_node(const Reader& parent, const std::string& key,
                  const std::vector<std::string>& spatial);

CsgNode read_kind(const Reader& holder, const std::string& kind,
                  const std::vector<std::string>& spatial) {
  CsgNode node;
  if (std::find(combinations().begin(), combinations().end(), kind) != combinations().end()) {
    node.combine = kind == "union"        ? Combine::Union
                   : kind == "difference" ? Combine::Difference
                                          : Combine::Intersection;
    const auto items = holder.sections(kind);
    if (items.size() < 2) {
      holder.fail(kind, "must list at least two shapes, each a map such as {disk: {...}}");
    }
    for (const auto& item : items) {
      const auto keys = item.keys();
      if (keys.size() != 1) {
        item.fail(keys.empty() ? "" : keys[1],
                  "each entry is one shape or combination: one key of " + join(primitives()) +
                      ", " + join(combinations()));
      }
      node.children.push_back(read_node(item, keys[0], spatial));
      item.finish();
    }
    return node;
  }
  const auto s = holder.section(kind);
  const int need = kind_dim(kind);
  if (need != 0 && size_t(need) != spatial.size()) {
    holder.fail(kind, "a " + kind + " is " + std::to_string(need) +
                          "-dimensional, and the problem has " + spatial_text(spatial));
  }
  try {
    node.shape = build(s, kind, spatial);
  } catch (const std::invalid_argument& e) {
    holder.fail(kind, e.what());
  }
  if (s.has("name")) node.name = read_name(s, "name");
  node.side_names = read_sides(s, *node.shape);
  s.finish();
  return node;
}

CsgNode read_node(const Reader& parent, const std::string& key,
                  const std::vector<std::string>& spatial) {
  const bool known =
      std::find(primitives().begin(), primitives().end(), key) != primitives().end() ||
      std::find(combinations().begin(), combinations().end(), key) != combinations().end();
  if (!known) {
    parent.fail(key, "is not a shape; use one of " + join(primitives()) +
                         ", or combine them with " + join(combinations()));
  }
  return read_kind(parent, key, spatial);
}

}  // namespace

bool is_reserved_part_name(const std::string& name) {
  return name == "boundary" || name == "interior" || name == "initial";
}

std::shared_ptr<const geometry::Geometry> read_domain(const Reader& problem,
                                                      const std::vector<std::string>& spatial) {
  const auto section = problem.section("domain");
  const auto keys = section.keys();
  if (keys.size() != 1) {
    problem.fail("domain",
                 "must be one shape or combination (a map with one key: " + join(primitives()) +
                     ", " + join(combinations()) + ", or point_cloud)");
  }
  if (spatial.empty()) problem.fail("domain", "needs a spatial input; the only input is time");
  if (keys[0] == "point_cloud") {
    const auto files = section.section("point_cloud");
    const auto interior = files.required_string("interior");
    const auto boundary = files.required_string("boundary");
    files.finish();
    section.finish();
    std::shared_ptr<const geometry::Geometry> cloud;
    try {
      cloud = geometry::read_point_cloud(interior, boundary, static_cast<int>(spatial.size()));
    } catch (const std::invalid_argument& e) {
      section.fail("point_cloud", e.what());
    }
    for (const auto& part : cloud->parts()) {
      if (is_reserved_part_name(part)) {
        files.fail("boundary", "labels points '" + part +
                                   "', which means a place in `on`; label the part otherwise");
      }
    }
    return cloud;
  }
  const auto node = read_node(section, keys[0], spatial);
  section.finish();
  try {
    return std::make_shared<geometry::Csg>(node);
  } catch (const std::invalid_argument& e) {
    problem.fail("domain", e.what());
  }
}

}  // namespace pinn
