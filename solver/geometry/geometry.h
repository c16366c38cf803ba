#pragma once
// The spatial part of a domain that is not a box: shapes combined by union, difference
// and intersection (csg.h), or point sets read from files (point_cloud.h). The time
// interval, where there is one, stays with the Domain.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "solver/geometry/shape.h"
#include "solver/sampling/sampling_method.h"

namespace pinn::geometry {

class Geometry {
 public:
  virtual ~Geometry() = default;

  virtual int dim() const = 0;
  // A box holding the whole domain: the spatial bounds of the problem's inputs.
  virtual Bounds bounds() const = 0;
  // The names of the boundary's parts, in the order the config gives them.
  virtual std::vector<std::string> parts() const = 0;

  // One flag per row of row-major `points` (dim() columns): 1 inside the domain or on its
  // boundary (within a relative tolerance of 1e-10 of the bounds' diameter).
  virtual std::vector<char> contains(const std::vector<double>& points) const = 0;

  // n points of the interior, row-major: each row holds dim() coordinates, then `extra`
  // coordinates in [0, 1) drawn with them (a time), so that lhs and sobol balance both.
  // Exactly n, reproducible from `seed`. Throws std::invalid_argument when none is found.
  virtual std::vector<double> sample_interior(int64_t n, int extra, SamplingMethod method,
                                              uint64_t seed) const = 0;
  // n points of the boundary parts `parts` (every part when empty), spread in proportion to
  // their length or area; rows as sample_interior's.
  virtual std::vector<double> sample_boundary(const std::vector<std::string>& parts, int64_t n,
                                              int extra, SamplingMethod method,
                                              uint64_t seed) const = 0;

  // How many distinct points sample_interior, or sample_boundary of `parts`, can draw at
  // most: none said for shapes, which draw any number; the points stored for point sets.
  virtual std::optional<int64_t> interior_limit() const { return std::nullopt; }
  virtual std::optional<int64_t> boundary_limit(const std::vector<std::string>& parts) const {
    (void)parts;
    return std::nullopt;
  }

  // The domain's outward unit normal at each row of `points` (boundary points; dim()
  // columns): into a hole on a hole's rim. Where parts meet (a corner), the normalised sum
  // of their normals.
  virtual std::vector<double> normals(const std::vector<double>& points) const = 0;
  // The index into parts() of the part nearest each row of `points`.
  virtual std::vector<int> part_of(const std::vector<double>& points) const = 0;

  // One line per shape or file, for `pinn check` and the result.
  virtual std::vector<std::string> description() const = 0;
};

}  // namespace pinn::geometry
