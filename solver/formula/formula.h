#pragma once
// Formulas of a problem written in the config (equations, conditions, references,
// predicates), compiled once into a graph of tensor operations: constants folded,
// common subexpressions shared, evaluated on whole N x 1 columns. Autograd through
// the tensor ops gives the exact backward.
//
// The grammar is the one of solver/expression (numbers, + - * / ^, comparisons, && ||
// !, c ? a : b, pi, e, sin ... pow); a formula also reads, by name:
//   - inputs (x, t), outputs (u), parameters (nu), other functions (u0 or u0(x, 0));
//   - partial derivatives of outputs: u_xt (OUTPUT_INPUTS, read as in
//     autodiff/partial_name.h), d(u, x, t), d(u_x, t), laplacian(u) (the sum of the
//     second derivatives over the spatial inputs); orders 1 to kMaxNamedOrder;
//   - where the scope has normals: n_x, n_y, ... (the outward unit normal's
//     components) and u_n (the outward normal derivative: sum_k n_k u_k over the
//     spatial inputs) for every output u; an input named n makes u_n a partial by n.
// A name is looked up in this order: a function's arguments, inputs, outputs, parameters,
// functions, built-in constants and functions, d and laplacian, derivative names, normals.
// The trailing arguments of d() always name inputs, even where an argument of the same
// name hides the input.
//
// The compiled graph (graph.h) holds every operation once: identical subexpressions,
// calls of a function with the same arguments, x*y and y*x are one node; sums and products
// are never regrouped, so values are those of the same formula written with ATen ops by
// hand. Constant subexpressions (known parameters included) are computed in double with
// the double evaluator's functions, then rounded once to the points' dtype; x + 0, x - 0,
// x * 1, x / 1, x ^ 1, --x, c ? a : a and a constant condition are folded away (x * 0 is
// not: x may be infinite or NaN). Comparisons and logic give 1 or 0 in the points' dtype
// (bool tensors in between); sign and heaviside pass NaN through like the double
// evaluator; floor, ceil, sign, heaviside and comparisons have zero derivative.

#include <ATen/core/Tensor.h>

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "solver/autodiff/fields.h"
#include "solver/autodiff/partial.h"

namespace pinn {
class StreamPlan;  // autodiff/stream_plan.h
}  // namespace pinn

namespace pinn::formula {

// A named helper formula: `name(arguments) = body`. Without arguments the body reads the
// inputs (and anything else in scope) by name, and a call is written `name` or `name()`;
// with arguments a call gives one value per argument, `u0(x)` or `g(x, 0)`, and the body
// reads its arguments and the parameters, functions and outputs in scope (not the inputs
// by name, unless an argument has that name).
struct FunctionDefinition {
  std::string name;
  std::vector<std::string> arguments;
  std::string body;
};

struct Parameter {
  std::string name;
  // Known parameters are folded into constants; an unknown (trained) one is read at
  // evaluation from Context::parameters.
  std::optional<double> value;
};

// Everything a formula may name.
struct Scope {
  std::vector<std::string> inputs;
  std::vector<int> spatial_axes;  // what laplacian() and u_n sum over
  // Empty: the formula may read no output (references, predicates).
  std::vector<std::string> outputs;
  std::vector<Parameter> parameters;
  std::vector<FunctionDefinition> functions;
  bool normals = false;  // n_<input> and <output>_n allowed (conditions)
};

// A formula that does not compile. origin() is the function whose body holds the fault
// ("" for the formula compiled itself); column() is 1-based in that text (0: the fault is
// not at one place, e.g. a function that calls itself through others is reported at the
// call that closes the cycle, when known). Messages start with where the fault is:
// "formula 'u_t - nuu': column 7: unknown name 'nuu'; inputs: x, t; outputs: u; ...",
// "function 'g(s)' = 's + x': column 5: ...", "formula scope: 'x' is both an input and a
// parameter", "function 'g': argument 'nu' is also the name of a parameter".
class FormulaError : public std::invalid_argument {
 public:
  FormulaError(const std::string& message, std::string origin, int column)
      : std::invalid_argument(message), origin_(std::move(origin)), column_(column) {}
  const std::string& origin() const { return origin_; }
  int column() const { return column_; }

 private:
  std::string origin_;
  int column_;
};

// What a compiled formula is evaluated on.
struct Context {
  at::Tensor points;                             // N x inputs
  const Fields* fields = nullptr;                // outputs and partials (null when none are read)
  std::map<std::string, at::Tensor> parameters;  // unknown parameters by name (0-dim)
  at::Tensor normals;                            // N x inputs outward unit normals, when read
};

// A compiled formula: immutable, cheap to copy, evaluated concurrently.
class Program {
 public:
  // N x 1 in the dtype and device of `context.points`; constant formulas are expanded.
  // The result may share memory with its inputs (the formula "x" gives a view of the
  // points, "u_x" the Fields tensor itself, "nu" an expanded 0-dim tensor): do not write
  // into it. Throws std::invalid_argument naming the formula where the points are not
  // N x inputs, or the fields, the normals or an unknown parameter it reads are missing
  // (Fields throws for a partial it lacks). Each partial and unknown parameter is looked
  // up once per call; the rest is a walk over the operations.
  at::Tensor evaluate(const Context& context) const;
  // The formula's partials along every stream of `plan` (formula/jet.h): result[s] is the
  // partial plan.streams()[s], N x 1, undefined where it is zero (result[0], the value, never
  // is), from outputs[k], the same partials of output k, for every output it reads. Exact
  // (Taylor arithmetic on the graph: Leibniz's rule, Faa di Bruno's formula) and
  // differentiable by first-order tensor operations alone. Formulas of values only: throws
  // std::logic_error for one that reads derivatives or normals.
  std::vector<at::Tensor> evaluate_jet(const Context& context, const StreamPlan& plan,
                                       const std::vector<std::vector<at::Tensor>>& outputs) const;

  // Every partial of every output the formula reads, the outputs themselves included
  // ({} of output k for u), u_n expanded into the first spatial partials; sorted, unique.
  // Exactly what evaluation reads, after folding: u_x alone does not add u, and a branch
  // folded away (a > 1 ? v : u_xx with a = 2 known) reads nothing.
  const std::vector<Partial>& needs() const;
  // Indices of the outputs read (directly or through derivatives), sorted.
  const std::vector<int>& outputs_read() const;
  // Whether the value follows the outputs it reads through an operation with a nonzero
  // derivative: false where it reads them only through comparisons, logic, floor, ceil,
  // sign or heaviside (a residual the network could not change by gradients), or none.
  bool smooth_in_outputs() const;
  // Names of the unknown parameters read, in the scope's order.
  const std::vector<std::string>& unknowns_read() const;
  bool reads_normals() const;
  // Highest derivative order read (0: values only).
  int max_order() const;
  // The labels of the derivatives read (needs() of order 1 and above, in that order), as
  // the user would write them ("u_x", "u_xx").
  std::vector<std::string> derivative_labels() const;
  // Number of distinct tensor operations after folding and sharing, conversions of truth
  // values to numbers included; 0 for a constant, an input or a partial alone (for tests).
  int operation_count() const;
  const std::string& text() const;

 private:
  friend class Compiler;
  struct Graph;
  // The compiled graph, after checking that the points are N x inputs (std::invalid_argument
  // naming the formula) and that the program was compiled (std::logic_error).
  const Graph& graph_for(const Context& context) const;
  std::shared_ptr<const Graph> graph_;
};

class Compiler {
 public:
  // Checks the scope: unique names across inputs, outputs, parameters and functions,
  // none clashing with a built-in function, constant, d or laplacian, and none reading as
  // a derivative (a parameter u_x where u is an output and x an input); function bodies
  // parse and call no function that calls itself. Every body is resolved here, so that a
  // fault in a function is reported once, in it, whether or not a formula calls it.
  // Throws FormulaError (origin: the function at fault, or "" with column 0 for a scope
  // error naming the names).
  explicit Compiler(Scope scope);

  // Compiles `text`. Throws FormulaError with the column of the fault: does not parse;
  // unknown name (the message lists the valid inputs, outputs, parameters and
  // functions); derivative by a name that is not an input, or of order above
  // kMaxNamedOrder; d() of something that is not an output; wrong argument count;
  // an output, derivative or normal read where the scope allows none. The leftmost fault
  // is reported: names are checked as the parser reads them.
  Program compile(const std::string& text) const;

  const Scope& scope() const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace pinn::formula
