#pragma once

#include <cstdint>
#include <vector>

#include "solver/geometry/box_face.h"
#include "solver/sampling/sampling_method.h"

namespace pinn {

// n points on the union of `faces` of the domain's box, row-major n x domain.dim().
// One face: its other coordinates from one unit-cube sample of dimension dim - 1. Several:
// one sample of dimension dim, whose first coordinate picks the face in proportion to its
// measure (the product of the other inputs' extents, time included) and the rest are the
// face's free coordinates, so that lhs and sobol balance the points across faces.
// Throws std::invalid_argument for no face, a face off the domain, a repeated face or n < 0.
std::vector<double> sample_faces(const Domain& domain, const std::vector<BoxFace>& faces,
                                 SamplingMethod method, int64_t n, uint64_t seed);

}  // namespace pinn
