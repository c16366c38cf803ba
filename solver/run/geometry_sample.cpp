#include "solver/run/geometry_sample.h"

namespace pinn {

GeometrySample sample_geometry(const Domain& domain, uint64_t seed, int64_t count) {
  GeometrySample g;
  if (!domain.shape) return g;
  const auto& shape = *domain.shape;
  for (const int a : domain.spatial_axes()) g.inputs.push_back(domain.names.at(size_t(a)));
  g.parts = shape.parts();
  g.description = shape.description();
  // Sobol points spread evenly, which a figure shows best; the seed only fixes the draw.
  g.interior = shape.sample_interior(count, 0, SamplingMethod::Sobol, seed);
  g.boundary = shape.sample_boundary({}, count, 0, SamplingMethod::Sobol, seed + 1);
  g.normals = shape.normals(g.boundary);
  for (const int p : shape.part_of(g.boundary)) g.part.push_back(p);
  return g;
}

}  // namespace pinn
