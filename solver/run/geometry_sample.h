#pragma once
// The sample of a domain's shape a result keeps (/geometry): a few thousand points of
// its interior and boundary, with the boundary's normals and parts.

#include <cstdint>

#include "solver/geometry/domain.h"
#include "solver/io/result.h"

namespace pinn {

// `count` Sobol points of the shape's interior and `count` of its boundary (every part,
// in proportion to its measure), seeded by `seed`; of a point cloud holding fewer, all its
// points; empty for a domain without a shape.
GeometrySample sample_geometry(const Domain& domain, uint64_t seed, int64_t count = 2000);

}  // namespace pinn
