#pragma once
// pinn-bench geometry: what drawing points costs on domains that are not boxes (Poisson2d-C,
// Poisson2d-CG, a cube less two balls) next to their bounding boxes: interior and boundary
// draws, outward normals at boundary points, and contains() on a grid of nodes.

#include <cstdint>
#include <string>

namespace pinn {

struct GeometryBenchOptions {
  int64_t interior_small = 100000;
  int64_t interior_large = 1000000;
  int64_t boundary = 100000;
  int64_t normals = 100000;
  int64_t grid = 1000000;  // nodes, spread evenly over the axes
  std::string method = "uniform";
  int64_t repeats = 3;  // each timing is the fastest of this many runs
  int64_t seed = 1;
};

// Prints one markdown table row per domain and operation.
void geometry_bench(const GeometryBenchOptions& options);

}  // namespace pinn
