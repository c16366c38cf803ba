#include "solver/geometry/csg.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "solver/common/text.h"

namespace pinn::geometry {
namespace {

// Relative to the bounds' diameter: how far off the boundary a point still counts as on it,
// and how far apart the two probes of the boundary test are (csg_normals.cpp steps ten of
// these along a piece).
constexpr double kOnBoundary = 1e-10;
constexpr double kProbe = 1e-8;

Bounds combine_bounds(Combine combine, const std::vector<Bounds>& children) {
  Bounds b = children.front();
  if (combine == Combine::Difference) return b;
  for (size_t c = 1; c < children.size(); ++c) {
    for (size_t a = 0; a < b.lo.size(); ++a) {
      if (combine == Combine::Union) {
        b.lo[a] = std::min(b.lo[a], children[c].lo[a]);
        b.hi[a] = std::max(b.hi[a], children[c].hi[a]);
      } else {
        b.lo[a] = std::max(b.lo[a], children[c].lo[a]);
        b.hi[a] = std::min(b.hi[a], children[c].hi[a]);
      }
    }
  }
  return b;
}

Bounds bounds_of(const CsgNode& node) {
  if (node.shape) return node.shape->bounds();
  std::vector<Bounds> children;
  for (const auto& c : node.children) children.push_back(bounds_of(c));
  return combine_bounds(node.combine, children);
}

std::string combine_name(Combine c) {
  return c == Combine::Union ? "union" : c == Combine::Difference ? "difference" : "intersection";
}

}  // namespace

double Bounds::diameter() const {
  double sum = 0;
  for (size_t a = 0; a < lo.size(); ++a) sum += (hi[a] - lo[a]) * (hi[a] - lo[a]);
  return std::sqrt(sum);
}

void Csg::claim(const std::string& name, int leaf) {
  const auto claimed =
      std::find_if(names_.begin(), names_.end(), [&](const auto& n) { return n.first == name; });
  if (claimed == names_.end()) {
    names_.emplace_back(name, leaf);
    return;
  }
  if (claimed->second == leaf) return;
  const auto other = size_t(claimed->second);
  throw std::invalid_argument("boundary name '" + name + "' is used twice (by " +
                              leaves_[other]->kind() + " '" + leaf_names_[other] + "' and " +
                              leaves_[size_t(leaf)]->kind() + " '" + leaf_names_[size_t(leaf)] +
                              "'); names must be unique");
}

int Csg::part_index(const std::string& name, int leaf) {
  claim(name, leaf);
  const auto it = std::find(parts_.begin(), parts_.end(), name);
  if (it != parts_.end()) return static_cast<int>(it - parts_.begin());
  parts_.push_back(name);
  part_leaf_.push_back(leaf);
  return static_cast<int>(parts_.size()) - 1;
}

void Csg::add_leaf(const CsgNode& node, int depth) {
  const auto leaf = static_cast<int>(leaves_.size());
  // Unnamed primitives are named by kind and rank among their kind: disk1, disk2, ...
  const auto same_kind = 1 + std::count_if(leaves_.begin(), leaves_.end(), [&](const auto& shape) {
                           return shape->kind() == node.shape->kind();
                         });
  const auto name = node.name.empty() ? node.shape->kind() + std::to_string(same_kind) : node.name;
  if (leaf == 0) dim_ = node.shape->dim();
  if (node.shape->dim() != dim_) {
    throw std::invalid_argument(node.shape->kind() + " '" + name + "' is " +
                                std::to_string(node.shape->dim()) + "-dimensional, the domain's " +
                                "first shape " + std::to_string(dim_) +
                                "-dimensional; every shape must have the domain's dimension");
  }
  leaves_.push_back(node.shape);
  leaf_names_.push_back(name);
  program_.push_back({leaf, Combine::Union, 0});
  // Claimed even when named sides leave it no piece.
  claim(leaf_names_.back(), leaf);
  std::vector<std::string> sides;
  for (auto& surface : node.shape->surfaces()) {
    const auto named = node.side_names.find(surface.side);
    const auto part = named == node.side_names.end() ? leaf_names_.back() : named->second;
    if (named != node.side_names.end()) sides.push_back(surface.side + ": " + part);
    pieces_.push_back({leaf, part_index(part, leaf), std::move(surface)});
  }
  for (const auto& [side, name] : node.side_names) {
    const bool known = std::any_of(
        pieces_.begin(), pieces_.end(),
        [&, side = side](const Piece& p) { return p.leaf == leaf && p.surface.side == side; });
    if (!known) {
      std::vector<std::string> valid;
      for (const auto& p : pieces_) {
        if (p.leaf == leaf) valid.push_back(p.surface.side);
      }
      throw std::invalid_argument(node.shape->kind() + " '" + leaf_names_.back() +
                                  "' has no side '" + side + "'; its sides: " + join(valid));
    }
  }
  description_.push_back(std::string(size_t(2 * depth), ' ') + node.shape->kind() + " '" +
                         leaf_names_.back() + "'" +
                         (sides.empty() ? "" : " (sides " + join(sides) + ")"));
}

void Csg::flatten(const CsgNode& node, int depth) {
  if (node.shape) {
    add_leaf(node, depth);
    return;
  }
  if (node.children.empty()) {
    const auto what = combine_name(node.combine);
    throw std::invalid_argument((what == "intersection" ? "an " : "a ") + what +
                                " needs at least one shape");
  }
  description_.push_back(std::string(size_t(2 * depth), ' ') + combine_name(node.combine) + " of");
  for (const auto& child : node.children) flatten(child, depth + 1);
  program_.push_back({-1, node.combine, static_cast<int>(node.children.size())});
}

Csg::Csg(CsgNode root) {
  flatten(root, 0);
  bounds_ = bounds_of(root);
  for (size_t a = 0; a < bounds_.lo.size(); ++a) {
    if (!(bounds_.lo[a] < bounds_.hi[a])) {
      throw std::invalid_argument(
          "the domain is empty: its shapes' bounds do not overlap along "
          "axis " +
          std::to_string(a));
    }
  }
  scale_ = bounds_.diameter();
  // Finds an interior point or says the domain is empty.
  sample_interior(1, 0, SamplingMethod::Uniform, 0);
  drop_hidden_parts();
}

void Csg::drop_hidden_parts() {
  std::vector<char> bounds_shape(parts_.size());
  for (size_t p = 0; p < parts_.size(); ++p) {
    try {
      sample_boundary({parts_[p]}, 1, 0, SamplingMethod::Uniform, 0);
      bounds_shape[p] = 1;
    } catch (const std::invalid_argument&) {
      bounds_shape[p] = 0;
    }
  }
  const std::string nothing_left =
      " has no point on the domain's boundary: it lies inside another shape or inside a hole";
  for (size_t leaf = 0; leaf < leaves_.size(); ++leaf) {
    bool any = false;
    for (size_t p = 0; p < parts_.size(); ++p)
      any = any || (part_leaf_[p] == int(leaf) && bounds_shape[p]);
    if (!any) {
      throw std::invalid_argument(leaves_[leaf]->kind() + " '" + leaf_names_[leaf] + "'" +
                                  nothing_left);
    }
  }
  // A side the config names must bound the shape; a primitive's unnamed rest may be hidden
  // (the edge two shapes of a union share), and is then no part.
  for (size_t p = 0; p < parts_.size(); ++p) {
    const auto leaf = size_t(part_leaf_[p]);
    if (!bounds_shape[p] && parts_[p] != leaf_names_[leaf]) {
      throw std::invalid_argument("side '" + parts_[p] + "' of " + leaves_[leaf]->kind() + " '" +
                                  leaf_names_[leaf] + "'" + nothing_left);
    }
  }
  std::vector<int> renumbered(parts_.size(), -1);
  std::vector<std::string> kept;
  std::vector<int> kept_leaf;
  for (size_t p = 0; p < parts_.size(); ++p) {
    if (!bounds_shape[p]) continue;
    renumbered[p] = static_cast<int>(kept.size());
    kept.push_back(parts_[p]);
    kept_leaf.push_back(part_leaf_[p]);
  }
  for (auto& piece : pieces_) piece.part = renumbered[size_t(piece.part)];
  parts_ = std::move(kept);
  part_leaf_ = std::move(kept_leaf);
}

double Csg::evaluate(const double* x, double* stack) const {
  // The program never holds more values than there are leaves.
  size_t top = 0;
  for (const auto& step : program_) {
    if (step.leaf >= 0) {
      stack[top++] = leaves_[size_t(step.leaf)]->signed_distance(x);
      continue;
    }
    const size_t first = top - size_t(step.arity);
    double value = stack[first];
    for (size_t k = first + 1; k < top; ++k) {
      switch (step.combine) {
        case Combine::Union:
          value = std::min(value, stack[k]);
          break;
        case Combine::Intersection:
          value = std::max(value, stack[k]);
          break;
        case Combine::Difference:
          value = std::max(value, -stack[k]);
          break;
      }
    }
    top = first;
    stack[top++] = value;
  }
  return stack[0];
}

double Csg::signed_distance(const double* x) const {
  // Most domains have a few shapes: their values stay on the call's stack.
  constexpr size_t kOnStack = 32;
  if (leaves_.size() <= kOnStack) {
    double stack[kOnStack];
    return evaluate(x, stack);
  }
  std::vector<double> stack(leaves_.size());
  return evaluate(x, stack.data());
}

int Csg::boundary_sign(const double* x, const double* n) const {
  // On the call's stack for up to 16 dimensions (every problem's spatial inputs).
  constexpr int kOnStack = 16;
  double plus_small[kOnStack], minus_small[kOnStack];
  std::vector<double> plus_large, minus_large;
  double* plus = plus_small;
  double* minus = minus_small;
  if (dim_ > kOnStack) {
    plus_large.resize(size_t(dim_));
    minus_large.resize(size_t(dim_));
    plus = plus_large.data();
    minus = minus_large.data();
  }
  const double d = kProbe * scale_;
  for (int a = 0; a < dim_; ++a) {
    plus[a] = x[a] + d * n[a];
    minus[a] = x[a] - d * n[a];
  }
  const bool in_plus = signed_distance(plus) < 0;
  const bool in_minus = signed_distance(minus) < 0;
  if (in_plus == in_minus) return 0;
  return in_minus ? 1 : -1;
}

bool Csg::owned_by_earlier(const Piece& piece, const double* x) const {
  for (int l = 0; l < piece.leaf; ++l) {
    if (std::abs(leaves_[size_t(l)]->signed_distance(x)) <= kOnBoundary * scale_) return true;
  }
  return false;
}

std::vector<int> Csg::pieces_of(const std::vector<std::string>& parts) const {
  std::vector<int> chosen;
  for (size_t p = 0; p < pieces_.size(); ++p) {
    const auto& piece = pieces_[p];
    if (piece.part < 0) continue;
    const bool wanted =
        parts.empty() || std::any_of(parts.begin(), parts.end(), [&](const std::string& name) {
          return name == parts_[size_t(piece.part)];
        });
    if (wanted) chosen.push_back(static_cast<int>(p));
  }
  return chosen;
}

std::vector<char> Csg::contains(const std::vector<double>& points) const {
  const auto rows = points.size() / size_t(dim_);
  std::vector<char> flags(rows);
  for (size_t i = 0; i < rows; ++i) {
    flags[i] = signed_distance(&points[i * size_t(dim_)]) <= kOnBoundary * scale_;
  }
  return flags;
}

std::vector<int> Csg::part_of(const std::vector<double>& points) const {
  const auto rows = points.size() / size_t(dim_);
  std::vector<int> out(rows);
  for (size_t i = 0; i < rows; ++i) {
    const double* x = &points[i * size_t(dim_)];
    double nearest = std::numeric_limits<double>::infinity();
    for (const auto& piece : pieces_) {
      if (piece.part < 0) continue;
      const double d = piece.surface.distance(x);
      if (d < nearest) {
        nearest = d;
        out[i] = piece.part;
      }
    }
  }
  return out;
}

}  // namespace pinn::geometry
