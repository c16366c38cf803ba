#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "solver/geometry/domain.h"
#include "solver/sampling/sampling_method.h"

namespace pinn {

// Which part of a domain to sample.
//   Interior: the whole box, time included.
//   Boundary: the spatial faces of the box (times the whole time interval, if any).
//   Initial:  the slice t = lo of the time axis, spatial coordinates over the spatial box.
enum class Region { Interior, Boundary, Initial };

std::string to_string(Region region);
// Parses "interior", "boundary" or "initial"; throws std::invalid_argument listing them.
Region parse_region(const std::string& name);

// n points of `region`, row-major n x domain.dim(), in the domain's axis order.
//
// Boundary points come from ONE unit-cube sample of dimension spatial_dim (+1 with time): the
// first coordinate picks a face by cumulative measure fraction (a face's measure is the product
// of the other spatial extents, so the two ends of a 1-D interval share equally), the next
// spatial_dim - 1 coordinates are the free spatial coordinates on that face, and the last one is
// the time. Keeping a single sample lets lhs and sobol balance points across faces.
//
// A domain with a shape draws its interior points by rejection from the shape's bounds
// (one unit sample per round holding the time too) and its boundary points from the
// shape's parts; see geometry/geometry.h.
//
// Throws std::invalid_argument for an invalid domain, n < 0, Initial without a time axis, or
// Boundary without a spatial axis.
std::vector<double> sample_region(const Domain& domain, Region region, SamplingMethod method,
                                  int64_t n, uint64_t seed);

// n points on the boundary parts `parts` of the domain's shape (every part when empty),
// spread in proportion to their measure, times the whole time interval if any.
// Throws std::invalid_argument for a domain without shape, or a part it does not have.
std::vector<double> sample_parts(const Domain& domain, const std::vector<std::string>& parts,
                                 SamplingMethod method, int64_t n, uint64_t seed);

// n points of the face `axis` = lo (every other coordinate, time included, over its
// interval), row-major n x domain.dim(): where periodic conditions are sampled.
// Throws std::invalid_argument for an invalid domain or axis, or n < 0.
std::vector<double> sample_face(const Domain& domain, int axis, SamplingMethod method, int64_t n,
                                uint64_t seed);

}  // namespace pinn
