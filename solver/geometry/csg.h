#pragma once
// Constructive solid geometry: primitive shapes combined by union, difference and
// intersection, nested to any depth.
//
// Boundary: each primitive's surface pieces, kept only where they bound the combined
// shape. A point x of a piece with the primitive's outward normal n is on the boundary
// when the combined shape holds exactly one of x + d n and x - d n (d: 1e-8 of the
// bounds' diameter); the domain's normal there is n when it holds x - d n (the shape
// lies inside the primitive) and -n otherwise (the rim of a hole). So a disk's arc inside
// another hole, or a face shared by two shapes of a union, is not boundary. Where two
// primitives' surfaces coincide and both bound the shape, the point belongs to the part
// of the primitive written first, so that no piece is counted twice.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "solver/geometry/geometry.h"

namespace pinn::geometry {

enum class Combine { Union, Difference, Intersection };

// A node of the tree: a primitive (`shape` set) or a combination of `children` (the first
// minus all others for Difference).
struct CsgNode {
  std::shared_ptr<const Shape> shape;
  std::string name;  // a primitive's name: the part of the pieces `side_names` leave unnamed
  std::map<std::string, std::string> side_names;  // Surface::side -> part name, overriding `name`
  Combine combine = Combine::Union;
  std::vector<CsgNode> children;
};

class Csg final : public Geometry {
 public:
  // Throws std::invalid_argument for a node without shape or children, shapes of different
  // dimensions, a part name given twice, a part with no boundary left (inside a hole, or
  // hidden by a union), or a domain with no interior point in 10^6 tries of its bounds.
  explicit Csg(CsgNode root);

  int dim() const override { return dim_; }
  Bounds bounds() const override { return bounds_; }
  std::vector<std::string> parts() const override { return parts_; }
  std::vector<char> contains(const std::vector<double>& points) const override;
  std::vector<double> sample_interior(int64_t n, int extra, SamplingMethod method,
                                      uint64_t seed) const override;
  std::vector<double> sample_boundary(const std::vector<std::string>& parts, int64_t n, int extra,
                                      SamplingMethod method, uint64_t seed) const override;
  std::vector<double> normals(const std::vector<double>& points) const override;
  std::vector<int> part_of(const std::vector<double>& points) const override;
  std::vector<std::string> description() const override { return description_; }

  // Min, max and max(a, -b) of the primitives' signed distances: negative inside, zero
  // exactly on the boundary, the distance itself away from edges and corners.
  double signed_distance(const double* x) const;
  // The primitives, in the order the tree lists them.
  const std::vector<std::shared_ptr<const Shape>>& primitives() const { return leaves_; }

 private:
  struct Piece {
    int leaf = 0;
    int part = 0;  // index into parts_; -1: hidden (bounds nothing)
    Surface surface;
  };
  // Postfix program over the leaves' signed distances.
  struct Step {
    int leaf = -1;  // >= 0: push that leaf's value
    Combine combine = Combine::Union;
    int arity = 0;
  };

  void flatten(const CsgNode& node, int depth);
  void add_leaf(const CsgNode& node, int depth);
  // Throws when another primitive already gave `name`.
  void claim(const std::string& name, int leaf);
  int part_index(const std::string& name, int leaf);
  // The program over the leaves' signed distances at x, `stack` holding one value per leaf.
  double evaluate(const double* x, double* stack) const;
  // 0 when x, a point of a primitive's surface with outward normal n, is not on the
  // boundary; else the sign of the domain's normal relative to n.
  int boundary_sign(const double* x, const double* n) const;
  bool owned_by_earlier(const Piece& piece, const double* x) const;
  std::vector<int> pieces_of(const std::vector<std::string>& parts) const;
  // Says which primitive or named side has no boundary left; drops unnamed rests that have
  // none (part -1).
  void drop_hidden_parts();

  int dim_ = 0;
  Bounds bounds_;
  double scale_ = 1;  // the bounds' diameter
  std::vector<std::shared_ptr<const Shape>> leaves_;
  std::vector<Step> program_;
  // Every piece belongs to one part: its side's name, else its primitive's.
  std::vector<std::string> parts_;
  std::vector<int> part_leaf_;                      // the primitive each part belongs to
  std::vector<std::pair<std::string, int>> names_;  // every name given, and its primitive
  std::vector<std::string> leaf_names_;
  std::vector<Piece> pieces_;
  std::vector<std::string> description_;
};

}  // namespace pinn::geometry
