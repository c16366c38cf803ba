#pragma once
// What a PDE problem tells the solver: its inputs and domain, the loss terms
// (PDE residual, boundary and initial conditions) as residual functions of the
// network's fields, and, where one exists, a reference solution.

#include <ATen/core/Tensor.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "solver/autodiff/fields.h"
#include "solver/geometry/domain.h"
#include "solver/sampling/region_sampler.h"

namespace pinn {

// Values given at points stored row-major (N rows of one coordinate per input).
using PointValues = std::function<std::vector<double>(const std::vector<double>& points)>;

// One term of the loss: the mean of residual(fields)^2 over points sampled in `region`.
struct LossTerm {
  std::string name;            // residual, boundary, initial, ...
  Region region;               // where its points are sampled
  int64_t default_points;      // sampling.<name>.points when the config is silent
  std::vector<Partial> needs;  // every derivative `residual` reads
  std::function<at::Tensor(const Fields&)> residual;
  // Data terms (regression targets, observations): the value to match at each point,
  // computed once when the points are drawn; the residual reads it as Fields::data().
  PointValues data = nullptr;
  // Points the problem gives (samples read from a file) instead of drawing them from
  // `region`; row-major, one coordinate per input. sampling.<name> is then not read.
  std::vector<double> fixed_points = {};
};

class Problem {
 public:
  virtual ~Problem() = default;

  // Input names (in order), bounds and time axis.
  virtual Domain domain() const = 0;
  virtual std::vector<LossTerm> loss_terms() const = 0;

  // The reference solution on the tensor grid of `axes` (one axis per input,
  // first axis slowest), or nothing where the problem has none.
  virtual std::optional<std::vector<double>> reference(
      const std::vector<std::vector<double>>& axes) const {
    (void)axes;
    return std::nullopt;
  }
};

// Highest derivative order any term of `problem` reads.
int max_derivative_order(const Problem& problem);

// A closed-form function of the inputs written with tensor ops on N x 1 columns,
// so that one formula serves both the loss terms and the reference.
using ClosedForm = std::function<at::Tensor(const std::vector<at::Tensor>& inputs)>;

// `f` on the tensor grid of `axes` (one axis per input, first axis slowest), in float64.
std::vector<double> tabulate(const std::vector<std::vector<double>>& axes, const ClosedForm& f);

// The points of the tensor grid of `axes`, row-major (first axis slowest).
std::vector<double> grid_points(const std::vector<std::vector<double>>& axes);

}  // namespace pinn
