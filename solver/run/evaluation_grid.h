#pragma once
// The tensor grid on which a trained network is evaluated and compared with
// the reference: one uniform axis per input, endpoints included.

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "solver/geometry/domain.h"
#include "solver/network/mlp.h"

namespace pinn {

class EvaluationGrid {
 public:
  EvaluationGrid(const Domain& domain, const std::vector<int64_t>& points,
                 const at::TensorOptions& options);

  const std::vector<std::vector<double>>& axes() const { return axes_; }
  // All grid points (first axis slowest), N x inputs.
  const at::Tensor& points() const { return points_; }

  // Every output of the network on the grid, without building a graph.
  std::vector<std::vector<double>> evaluate(Mlp& net) const;

 private:
  std::vector<std::vector<double>> axes_;
  at::Tensor points_;
};

// Every output of `net` at `points` (N x inputs), without building a graph: one
// vector of N values per output.
std::vector<std::vector<double>> evaluate_outputs(Mlp& net, const at::Tensor& points);

}  // namespace pinn
