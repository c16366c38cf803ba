#pragma once
// problem.conditions.<name>: one loss term each, in the order written.
//
//   on: initial | boundary | interior | x_min | [x_min, y_max]   where its points lie
//   where: x < 0                  keeps the points where the predicate holds (optional)
//   equation: u - g(x)            a residual formula, or a list of them (columns)
//
//   periodic: x                   the faces x_min and x_max tied: every output and its
//   derivatives: 1                x-derivatives up to this order equal on both (default 1)
//
//   data: measurements.csv        observed outputs: residual F - observed for each output
//   format: auto                  the file names (see io/reference_table.h)

#include <vector>

#include "solver/config/reader.h"
#include "solver/formula_problem/formula_scope.h"
#include "solver/problem/problem.h"

namespace pinn {

// The terms of problem.conditions (empty when absent), and one description line per term.
std::vector<LossTerm> read_conditions(const config::Reader& section, const FormulaScope& scope,
                                      const Domain& domain, std::vector<std::string>& description);

}  // namespace pinn
