#pragma once
// problem.* of a problem written as formulas (a problem section with `equations`):
//
//   problem:
//     name: burgers_formula            # a label (default: formula)
//     inputs: {x: [-1, 1], t: [0, 1]}  # names and intervals, in network order
//     time: t                          # the time input, if any (initial conditions)
//     outputs: [u]                     # default [u]
//     parameters: {nu: 0.0031831}      # constants; `unknowns` may train them
//     functions: {"u0(x)": -sin(pi*x)} # helpers other formulas call
//     transform: {u: "x*(1-x)*N_u"}   # exact conditions: outputs of the raw outputs N_u
//     equations: [u_t + u*u_x - nu*u_xx]          # the residual term (a system: several)
//     conditions:                                  # named loss terms
//       initial: {on: initial, equation: u - u0(x)}
//       boundary: {on: boundary, equation: u}
//     reference: {exact: {u: ...}}     # or {file: ref.dat, format: comsol}

#include <memory>
#include <string>
#include <vector>

#include "solver/config/reader.h"
#include "solver/problem/problem.h"

namespace pinn {

// True when `section` describes a problem by formulas: it has `equations`.
bool is_formula_problem(const config::Reader& section);

struct FormulaProblemSection {
  std::string name;                     // problem.name: a label for files and tables
  std::vector<std::string> parameters;  // what `unknowns` may identify
  std::shared_ptr<const Problem> problem;
};

// Reads and compiles problem.*; `unknowns` names the parameters trained from data (the
// keys of the config's unknowns section: equations and conditions read them as trained
// values, references and predicates as given). Throws config::ConfigError at the key, or
// at the line and column inside the formula at fault.
FormulaProblemSection read_formula_problem(const config::Reader& section,
                                           const std::vector<std::string>& unknowns);

}  // namespace pinn
