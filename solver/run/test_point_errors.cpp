#include "solver/run/test_point_errors.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "solver/common/text.h"
#include "solver/run/evaluation_grid.h"
#include "solver/run/point_sets.h"
#include "solver/run/solution_fields.h"

namespace pinn {
namespace {

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// One field at the points, against `exact` as the grid's fields are (add_reference).
FieldGrid compare_field(const std::string& name, std::vector<double> values,
                        std::vector<double> exact, bool shift, SquareSums& sums, double& largest) {
  FieldGrid field{name, std::move(values), {}, {}};
  sums = add_reference(field, std::move(exact), shift);
  largest = largest_error(field.abs_error);
  return field;
}

std::invalid_argument bad(const TestPoints& points, const std::string& what) {
  return std::invalid_argument("test points of '" + points.source + "': " + what);
}

}  // namespace

void check_test_points(const Problem& problem, const TestPoints& points) {
  const auto dim = static_cast<size_t>(problem.domain().dim());
  const auto outputs = problem.outputs();
  if (points.outputs.empty() || points.outputs.size() != points.values.size()) {
    throw bad(points, std::to_string(points.outputs.size()) + " outputs named for " +
                          std::to_string(points.values.size()) + " columns of values");
  }
  const auto n = static_cast<size_t>(points.count());
  if (n == 0 || points.points.size() != n * dim) {
    throw bad(points, std::to_string(points.points.size()) + " coordinates for " +
                          std::to_string(n) + " points of " + std::to_string(dim) + " inputs");
  }
  for (size_t j = 0; j < points.outputs.size(); ++j) {
    const auto& name = points.outputs[j];
    if (!contains(outputs, name)) {
      throw bad(points, "'" + name + "' is not an output (outputs: " + join(outputs) + ")");
    }
    if (std::count(points.outputs.begin(), points.outputs.end(), name) > 1) {
      throw bad(points, "output '" + name + "' is given twice");
    }
    if (points.values[j].size() != n) {
      throw bad(points, std::to_string(points.values[j].size()) + " values of " + name + " for " +
                            std::to_string(n) + " points");
    }
    const auto& v = points.values[j];
    if (!std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); })) {
      throw bad(points, "a value of " + name + " is not finite");
    }
  }
  if (!std::all_of(points.points.begin(), points.points.end(),
                   [](double x) { return std::isfinite(x); })) {
    throw bad(points, "a coordinate is not finite");
  }
}

ComparedTestPoints compare_test_points(const Problem& problem, const TestPoints& points,
                                       std::vector<std::vector<double>> predicted) {
  ComparedTestPoints out;
  auto& f = out.fields;
  f.source = points.source;
  f.inputs = problem.domain().names;
  f.points = points.points;
  f.skipped_rows = points.skipped_rows;
  f.up_to_constant = problem.up_to_constant();
  const auto outputs = problem.outputs();
  SquareSums total;
  for (size_t j = 0; j < points.outputs.size(); ++j) {
    const auto& name = points.outputs[j];
    const auto o = static_cast<size_t>(output_index(problem, name).index);
    SquareSums sums;
    double largest = 0;
    f.fields.push_back(compare_field(name, predicted[o], points.values[j],
                                     contains(f.up_to_constant, name), sums, largest));
    out.errors.push_back({name, std::sqrt(sums.error / sums.reference), largest});
    total.error += sums.error;
    total.reference += sums.reference;
    if (!(largest <= out.max_abs_error)) out.max_abs_error = largest;
  }
  out.rel_l2 = std::sqrt(total.error / total.reference);
  if (points.outputs.size() == outputs.size()) {
    OutputGrids exact(outputs.size());
    for (size_t j = 0; j < points.outputs.size(); ++j) {
      exact[output_index(problem, points.outputs[j]).index] = points.values[j];
    }
    for (const auto& d : problem.derived_fields()) {
      SquareSums sums;
      double largest = 0;
      f.fields.push_back(
          compare_field(d.name, d.compute(predicted), d.compute(exact), false, sums, largest));
      out.errors.push_back({d.name, std::sqrt(sums.error / sums.reference), largest});
    }
  }
  return out;
}

std::unique_ptr<TestPointSet> TestPointSet::load(const Problem& problem,
                                                 const at::TensorOptions& options, std::FILE* log) {
  auto points = problem.test_points();
  if (!points) return nullptr;
  check_test_points(problem, *points);
  const auto domain = problem.domain();
  const auto dim = static_cast<size_t>(domain.dim());
  int64_t outside = 0;
  for (size_t i = 0; i < points->points.size(); i += dim) {
    for (size_t k = 0; k < dim; ++k) {
      // Coordinates written to fewer digits than the bounds may stray by a rounding.
      const double slack = 1e-9 * (domain.hi[k] - domain.lo[k]);
      const double x = points->points[i + k];
      if (x < domain.lo[k] - slack || x > domain.hi[k] + slack) {
        ++outside;
        break;
      }
    }
  }
  std::fprintf(log, "test points: %lld from %s (outputs %s; %s holding NaN skipped)\n",
               static_cast<long long>(points->count()), points->source.c_str(),
               join(points->outputs).c_str(), count_of(points->skipped_rows, "row").c_str());
  if (outside > 0) {
    std::fprintf(log,
                 "warning: %lld test point%s outside the domain's box (evaluated there all the "
                 "same)\n",
                 static_cast<long long>(outside), outside == 1 ? " lies" : "s lie");
  }
  return std::unique_ptr<TestPointSet>(new TestPointSet(problem, std::move(*points), options));
}

TestPointSet::TestPointSet(const Problem& problem, TestPoints points,
                           const at::TensorOptions& options)
    : problem_(problem), points_(std::move(points)) {
  tensor_ = to_tensor(points_.points, problem.domain().dim(), options);
}

double TestPointSet::rel_l2(Mlp& net) const { return compare(net).rel_l2; }

ComparedTestPoints TestPointSet::compare(Mlp& net) const {
  return compare_test_points(problem_, points_, evaluate_outputs(net, tensor_));
}

void TestPointSet::record(Mlp& net, ResultData& result) const {
  auto compared = compare(net);
  result.test_points = std::move(compared.fields);
  auto& m = result.metrics;
  m.test_point_count = points_.count();
  m.test_rel_l2 = compared.rel_l2;
  m.test_max_abs_error = compared.max_abs_error;
  m.test_fields = std::move(compared.errors);
}

}  // namespace pinn
