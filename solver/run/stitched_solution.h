#pragma once
// The solution of a time-marching run (training.windows): each time evaluated by the
// network of the window holding it, and its error over the times marched so far.

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <vector>

#include "solver/network/mlp.h"

namespace pinn {

// Every output at `points` (N x inputs), each row by the network of the window of `edges`
// holding its time (window_of: a time on an inner edge by the later window); rows of the
// windows past the last of `nets` by the last (a run stopped early). One vector of N values
// per output, as evaluate_outputs, whose values it gives unchanged where one network
// evaluates every row.
std::vector<std::vector<double>> evaluate_stitched(const std::vector<Mlp>& nets,
                                                   const std::vector<double>& edges, int time_axis,
                                                   const at::Tensor& points);

// The time of each row of `points` (N x inputs), in float64.
std::vector<double> row_times(const at::Tensor& points, int time_axis);

// The relative L2 error of `predicted` against `exact` (one vector per entry of `outputs`,
// one value per row), pooled over the outputs, over the rows whose time is at most `t_end`
// and which `inside` flags (every row where it is empty). Outputs in `up_to_constant` are
// compared without their means over those rows, as on the grid.
double rel_l2_until(const std::vector<std::string>& outputs,
                    const std::vector<std::vector<double>>& predicted,
                    const std::vector<std::vector<double>>& exact, const std::vector<double>& times,
                    double t_end, const std::vector<uint8_t>& inside,
                    const std::vector<std::string>& up_to_constant);

}  // namespace pinn
