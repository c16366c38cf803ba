#include "solver/run/geometry_sample.h"

#include <algorithm>

#include "solver/geometry/point_cloud.h"

namespace pinn {

GeometrySample sample_geometry(const Domain& domain, uint64_t seed, int64_t count) {
  GeometrySample g;
  if (!domain.shape) return g;
  const auto& shape = *domain.shape;
  for (const int a : domain.spatial_axes()) g.inputs.push_back(domain.names.at(size_t(a)));
  g.parts = shape.parts();
  g.description = shape.description();
  // A point cloud draws distinct stored points: all of them where it holds fewer.
  int64_t inside = count, on = count;
  if (const auto* cloud = dynamic_cast<const geometry::PointCloud*>(&shape)) {
    const auto dim = static_cast<int64_t>(cloud->dim());
    inside = std::min(count, static_cast<int64_t>(cloud->interior_points().size()) / dim);
    on = std::min(count, static_cast<int64_t>(cloud->boundary_points().points.size()) / dim);
  }
  // Sobol points spread evenly, which a figure shows best; the seed only fixes the draw.
  g.interior = shape.sample_interior(inside, 0, SamplingMethod::Sobol, seed);
  g.boundary = shape.sample_boundary({}, on, 0, SamplingMethod::Sobol, seed + 1);
  g.normals = shape.normals(g.boundary);
  for (const int p : shape.part_of(g.boundary)) g.part.push_back(p);
  return g;
}

}  // namespace pinn
