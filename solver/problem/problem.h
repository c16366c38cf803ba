#pragma once
// What a PDE problem tells the solver: its inputs and domain, its outputs (one
// network output per unknown field), the loss terms (PDE residuals, boundary,
// initial and periodic conditions) as residual functions of the network's fields,
// and, where they exist, a reference solution and published profiles.

#include <ATen/core/Tensor.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "solver/autodiff/fields.h"
#include "solver/geometry/box_face.h"
#include "solver/geometry/domain.h"
#include "solver/sampling/region_sampler.h"

namespace pinn {

class OutputTransform;  // network/output_transform.h

// Values given at points stored row-major (N rows of one coordinate per input).
using PointValues = std::function<std::vector<double>(const std::vector<double>& points)>;

// A periodic condition's pairing: its points lie on the face `axis` = lo, and the
// fields are evaluated there and at the images on the face `axis` = `hi`, stacked
// (the N points, then their N images). See periodic.h.
struct PairedFace {
  int axis = -1;  // -1: an ordinary term
  double hi = 0;
};

// One term of the loss: the sum over its columns of the mean of residual(fields)^2
// over points sampled in `region`. A system's residual concatenates its equations
// as columns (N x equations).
struct LossTerm {
  std::string name;            // residual, boundary, initial, ...
  Region region;               // where its points are sampled
  int64_t default_points;      // sampling.<name>.points when the config is silent
  std::vector<Partial> needs;  // every derivative of every output `residual` reads
  std::function<at::Tensor(const Fields&)> residual;
  // Data terms (regression targets, observations): the value to match at each point,
  // computed once when the points are drawn; the residual reads it as Fields::data().
  PointValues data = nullptr;
  // Points the problem gives (samples read from a file) instead of drawing them from
  // `region`; row-major, one coordinate per input. sampling.<name> is then not read.
  std::vector<double> fixed_points = {};
  // Periodic conditions only; then `region` is not read.
  PairedFace paired = {};
  // The faces of the box its points lie on, in place of `region` (a condition on part of
  // the boundary); empty: all of `region`.
  std::vector<BoxFace> faces = {};
  // The named boundary parts of the domain's shape its points lie on, in place of `region`;
  // empty: all of `region`.
  std::vector<std::string> parts = {};
  // Keeps the drawn points where it gives 1 (a predicate on the inputs: x < 0), one flag per
  // row of row-major points; points are drawn until there are as many as asked for.
  std::function<std::vector<char>(const std::vector<double>& points)> select = nullptr;
};

// One grid of values per output (or derived field), in the problem's order.
using OutputGrids = std::vector<std::vector<double>>;

// A field computed from the outputs on a grid, compared with the same function of
// the reference: |h| = sqrt(u^2 + v^2) of the Schrödinger equation.
struct DerivedField {
  std::string name;
  std::function<std::vector<double>(const OutputGrids& outputs)> compute;
};

// Published values of one output along a line through the domain (a benchmark's
// table), against which the result compares the network.
struct Profile {
  std::string name;          // e.g. u_vertical_centreline
  Output output;             // the output the table holds
  int axis = 0;              // the input the profile varies along
  std::vector<double> line;  // a point on the line (one coordinate per input; `axis` ignored)
  std::vector<double> coordinates;  // of the published points along `axis`
  std::vector<double> values;       // published values there
  std::string source;               // the table, cited
  std::string metric;  // /metrics attribute holding the largest error over its profiles
};

// The solution's values at scattered points (a reference file's rows, in the file's
// order): where a problem's accuracy is measured, without interpolation, when it has them.
struct TestPoints {
  std::string source;                       // the file read, for messages and the result
  std::vector<double> points;               // row-major, one coordinate per input
  std::vector<std::string> outputs;         // the outputs it holds values of, in problem order
  std::vector<std::vector<double>> values;  // per entry of `outputs`, one value per point
  int64_t skipped_rows = 0;                 // rows holding NaN (outside the domain), skipped
  int64_t count() const { return values.empty() ? 0 : static_cast<int64_t>(values[0].size()); }
};

// A remark about one parameter of a problem (problem.<parameter>).
struct ParameterNote {
  std::string parameter;
  std::string text;
};

class Problem {
 public:
  virtual ~Problem() = default;

  // Input names (in order), bounds and time axis.
  virtual Domain domain() const = 0;
  // Output names, in network order; one output named u unless a problem says otherwise.
  virtual std::vector<std::string> outputs() const { return {"u"}; }
  virtual std::vector<LossTerm> loss_terms() const = 0;

  // The reference solution of every output on the tensor grid of `axes` (one axis
  // per input, first axis slowest), or nothing where the problem has none.
  virtual std::optional<OutputGrids> reference(const std::vector<std::vector<double>>& axes) const {
    (void)axes;
    return std::nullopt;
  }
  // Why reference() gives nothing, for the messages that say so ("the Cole-Hopf reference
  // needs integer bounds of x; ..."); only asked when reference() returned nothing.
  virtual std::string no_reference_reason() const {
    return "the problem defines no reference solution";
  }
  // Settings the problem accepts but that are probably not meant (initial data that misses
  // the boundary data at the chosen bounds): the parameter and what is wrong, said as
  // warnings when the config is read.
  virtual std::vector<ParameterNote> warnings() const { return {}; }
  // Outputs the equations fix only up to an additive constant (a pressure without
  // pressure data): compared with the reference after subtracting each grid's mean.
  virtual std::vector<std::string> up_to_constant() const { return {}; }
  // Fields computed from the outputs, compared like outputs where a reference exists.
  virtual std::vector<DerivedField> derived_fields() const { return {}; }
  virtual std::vector<Profile> profiles() const { return {}; }
  // Reference values at scattered points, or nothing.
  virtual std::optional<TestPoints> test_points() const { return std::nullopt; }
  // The problem as pinn understood it, for `pinn check`: lines naming the inputs, outputs,
  // each equation and condition with the derivatives it reads (formula problems).
  virtual std::vector<std::string> description() const { return {}; }
  // The outputs as formulas of the inputs and the network's raw outputs, which make
  // conditions exact (formula problems' problem.transform), or null: the raw outputs.
  virtual std::shared_ptr<const OutputTransform> output_transform() const { return nullptr; }
};

// The index of output `name` of `problem`; throws std::invalid_argument listing them.
Output output_index(const Problem& problem, const std::string& name);

// Throws std::logic_error when a term of `problem` reads an output the problem does
// not declare: a programming error of the problem module.
void check_term_outputs(const Problem& problem);

// Highest derivative order any term of `problem` reads.
int max_derivative_order(const Problem& problem);

// A closed-form function of the inputs written with tensor ops on N x 1 columns,
// so that one formula serves both the loss terms and the reference.
using ClosedForm = std::function<at::Tensor(const std::vector<at::Tensor>& inputs)>;

// `f` on the tensor grid of `axes` (one axis per input, first axis slowest), in float64.
std::vector<double> tabulate(const std::vector<std::vector<double>>& axes, const ClosedForm& f);
// Each of `outputs` tabulated: the reference of a problem whose solution is closed-form.
OutputGrids tabulate(const std::vector<std::vector<double>>& axes,
                     const std::vector<ClosedForm>& outputs);

// The points of the tensor grid of `axes`, row-major (first axis slowest).
std::vector<double> grid_points(const std::vector<std::vector<double>>& axes);

}  // namespace pinn
