#pragma once
// Loss terms made of compiled formulas: each term's residual is its programs evaluated
// on the term's fields and concatenated as columns.

#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

#include "solver/formula/formula.h"
#include "solver/problem/problem.h"

namespace pinn {

// A term with its name, where its points lie and how many by default; the residual and
// the derivatives it reads come from `programs`. Programs reading normals get the box's
// outward normals at the term's points (see box_normals).
LossTerm formula_term(std::string name, const Domain& domain,
                      std::vector<formula::Program> programs, Region region,
                      std::vector<BoxFace> faces, int64_t default_points);

// Why a residual whose programs are not smooth_in_outputs() is refused; the message goes on
// with what the network could not do.
inline constexpr char kOnlyThroughSteps[] =
    "reads the outputs only through comparisons, logic, floor, ceil, sign or heaviside, whose "
    "derivatives are 0, so the network";

// Every partial any of `programs` reads, sorted and unique.
std::vector<Partial> needs_of(const std::vector<formula::Program>& programs);

// "reads u, u_t, u_xx": every output value and partial `programs` read, lowest order
// first, as the config writes them; "reads no output" where they read none.
std::string reads_text(const std::vector<formula::Program>& programs, const formula::Scope& scope);

// The outward unit normals of the domain's box at `points` (N x inputs), in the points'
// dtype and device: component k is -1 on the face k = lo, +1 on k = hi, 0 elsewhere, over
// the spatial inputs; at an edge or corner the normalised sum of its faces' normals.
at::Tensor box_normals(const Domain& domain, const at::Tensor& points);

// One flag per row of row-major `points`: where `predicate` is nonzero.
std::vector<char> select_points(const formula::Program& predicate, const Domain& domain,
                                const std::vector<double>& points);

}  // namespace pinn
