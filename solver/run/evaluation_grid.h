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

  // The network on the grid, without building a graph.
  std::vector<double> evaluate(Mlp& net) const;

 private:
  std::vector<std::vector<double>> axes_;
  at::Tensor points_;
};

// ||u - u_ref||_2 / ||u_ref||_2 and max |u - u_ref|.
double relative_l2(const std::vector<double>& u, const std::vector<double>& reference);
double max_abs_error(const std::vector<double>& u, const std::vector<double>& reference);

}  // namespace pinn
