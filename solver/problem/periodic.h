#pragma once
// Periodic conditions: a loss term that ties the two faces of an axis,
//   d^k w/dx^k (x = lo) = d^k w/dx^k (x = hi),  k = 0 .. derivatives,
// for each output w it names, at points sampled on the faces like Dirichlet data.

#include <cstdint>
#include <string>
#include <vector>

#include "solver/problem/problem.h"

namespace pinn {

// The term: its residual has one column per output and derivative order (value
// first), each the difference between the face axis = lo and its image at hi.
LossTerm periodic_condition(const Domain& domain, int axis, const std::vector<Output>& outputs,
                            int derivatives, int64_t default_points, std::string name = "periodic");

// The points a term is evaluated at: `points` themselves, or for a periodic term
// the points stacked over their images on the opposite face.
at::Tensor evaluation_points(const LossTerm& term, const at::Tensor& points);

}  // namespace pinn
