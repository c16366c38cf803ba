#pragma once
// problem.transform: exact conditions built into the network, one formula per output
// it transforms, of the inputs, the raw network outputs N_<output>, the parameters and
// the functions:
//
//   transform: {u: "x*(1-x)*N_u + g(x)"}     # u = g at x = 0 and 1, whatever N_u is
//
// A formula may read neither the outputs (the output it defines, or another's
// transformed value) nor derivatives, and must read at least one raw output.

#include <memory>
#include <string>
#include <vector>

#include "solver/config/reader.h"
#include "solver/formula/formula.h"
#include "solver/formula_problem/output_transform.h"

namespace pinn {

// The transform of problem.transform, or null when absent or empty; adds one line per
// transformed output to `description`. `scope` is the problem's (its outputs, parameters
// and functions), `function_texts` where the functions were written, `unknowns` the
// parameters read as trained values. Throws config::ConfigError at the key, or at the
// line and column inside the formula at fault.
std::shared_ptr<const FormulaTransform> read_transform(
    const config::Reader& section, const formula::Scope& scope,
    const std::vector<config::LocatedText>& function_texts,
    const std::vector<std::string>& unknowns, std::vector<std::string>& description);

}  // namespace pinn
