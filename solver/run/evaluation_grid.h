#pragma once
// The tensor grid on which a trained network is evaluated and compared with
// the reference: one uniform axis per input, endpoints included. On a domain with a
// shape the grid spans the shape's bounds, and the nodes outside the shape are masked.

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "solver/geometry/domain.h"
#include "solver/network/mlp.h"

namespace pinn {

// The most nodes an evaluation grid may have (output.grid, observations.reference.grid).
constexpr int64_t kMaxGridNodes = 50'000'000;

// Points per axis of the evaluation grid of a domain with `inputs` inputs when the config
// gives none: 101 for one or two inputs, 41 for three or four, and for five or more the
// largest n with n^inputs <= 1,000,000 (at least 2), so that the grid stays near a million
// nodes (15 for 5 inputs, 10 for 6, 3 for 10, 2 from 13 on).
int64_t default_grid_points(int inputs);

// The number of nodes of a grid with `points` per axis, as a double so that no product
// of up to 16 axes of 100000 points overflows.
double grid_nodes(const std::vector<int64_t>& points);

// One flag per node of the tensor grid of `axes` (first axis slowest): 1 where the node's
// spatial coordinates are inside the domain's shape or on its boundary. Empty for a domain
// without a shape, where every node is inside.
std::vector<uint8_t> inside_nodes(const Domain& domain,
                                  const std::vector<std::vector<double>>& axes);

class EvaluationGrid {
 public:
  EvaluationGrid(const Domain& domain, const std::vector<int64_t>& points,
                 const at::TensorOptions& options);

  const std::vector<std::vector<double>>& axes() const { return axes_; }
  // All grid points (first axis slowest), N x inputs.
  const at::Tensor& points() const { return points_; }
  // inside_nodes of the grid: empty for a box domain.
  const std::vector<uint8_t>& inside() const { return inside_; }

  // Every output of the network on the grid, without building a graph.
  std::vector<std::vector<double>> evaluate(Mlp& net) const;

 private:
  std::vector<std::vector<double>> axes_;
  at::Tensor points_;
  std::vector<uint8_t> inside_;
};

// Every output of `net` at `points` (N x inputs), without building a graph: one
// vector of N values per output.
std::vector<std::vector<double>> evaluate_outputs(Mlp& net, const at::Tensor& points);

}  // namespace pinn
