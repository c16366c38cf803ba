#include "solver/run/solution_fields.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "solver/run/point_sets.h"

namespace pinn {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int64_t kLineNodes = 201;

bool counted(const std::vector<uint8_t>& inside, size_t i) { return inside.empty() || inside[i]; }

// Over the values `inside` flags (all when it is empty).
double mean(const std::vector<double>& v, const std::vector<uint8_t>& inside) {
  if (inside.empty()) {
    return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  }
  double sum = 0;
  size_t n = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    if (!inside[i]) continue;
    sum += v[i];
    ++n;
  }
  return sum / static_cast<double>(n);
}

void mask_outside(std::vector<double>& v, const std::vector<uint8_t>& inside) {
  for (size_t i = 0; i < inside.size(); ++i) {
    if (!inside[i]) v[i] = kNaN;
  }
}

std::vector<double> shifted(std::vector<double> v, double by) {
  for (auto& x : v) x += by;
  return v;
}

}  // namespace

SquareSums add_reference(FieldGrid& field, std::vector<double> exact, bool up_to_constant,
                         const std::vector<uint8_t>& inside) {
  SquareSums sums;
  const double network_mean = up_to_constant ? mean(field.values, inside) : 0.0;
  if (up_to_constant) exact = shifted(std::move(exact), -mean(exact, inside));
  mask_outside(exact, inside);
  for (size_t i = 0; i < exact.size(); ++i) {
    if (!counted(inside, i)) {
      field.abs_error.push_back(kNaN);
      continue;
    }
    const double e = field.values[i] - network_mean - exact[i];
    const double magnitude = std::abs(e);
    field.abs_error.push_back(magnitude);
    if (!(magnitude <= sums.largest)) sums.largest = magnitude;  // as largest_error
    sums.error += e * e;
    sums.reference += exact[i] * exact[i];
  }
  // Stored at the network's mean, so that F - F_exact is the error compared.
  field.exact = shifted(std::move(exact), network_mean);
  return sums;
}

double largest_error(const std::vector<double>& v) {
  double worst = 0;
  for (const double x : v) {
    if (!(x <= worst)) worst = x;  // keeps NaN visible
  }
  return worst;
}

ComparedSolution compare_solution(const Problem& problem, const EvaluationGrid& grid,
                                  std::vector<std::vector<double>> predicted,
                                  const std::optional<OutputGrids>& reference) {
  ComparedSolution out;
  auto& s = out.grid;
  s.inputs = problem.domain().names;
  s.axes = grid.axes();
  s.up_to_constant = problem.up_to_constant();
  s.inside = grid.inside();
  const auto outputs = problem.outputs();
  const auto derived = problem.derived_fields();
  OutputGrids derived_exact;
  for (const auto& d : derived) {
    s.derived.push_back(d.name);
    if (reference) derived_exact.push_back(d.compute(*reference));
  }
  for (const auto& d : derived) predicted.push_back(d.compute(predicted));
  SquareSums total;
  for (size_t i = 0; i < predicted.size(); ++i) {
    const bool is_output = i < outputs.size();
    const auto& name = is_output ? outputs[i] : derived[i - outputs.size()].name;
    s.fields.push_back({name, std::move(predicted[i]), {}, {}});
    auto& field = s.fields.back();
    mask_outside(field.values, s.inside);
    if (!reference) continue;
    const bool shift =
        is_output && std::count(s.up_to_constant.begin(), s.up_to_constant.end(), name) > 0;
    auto exact = is_output ? (*reference)[i] : derived_exact[i - outputs.size()];
    const auto sums = add_reference(field, std::move(exact), shift, s.inside);
    out.errors.push_back({name, std::sqrt(sums.error / sums.reference), sums.largest});
    if (is_output) {
      total.error += sums.error;
      total.reference += sums.reference;
    }
  }
  out.rel_l2 = reference ? std::sqrt(total.error / total.reference) : kNaN;
  out.max_abs_error = kNaN;
  if (reference) {
    out.max_abs_error = 0;
    for (size_t i = 0; i < outputs.size(); ++i) {
      out.max_abs_error = std::max(out.max_abs_error, out.errors[i].max_abs_error);
    }
  }
  return out;
}

std::vector<ProfileComparison> compare_profiles(const Problem& problem, Mlp& net,
                                                const at::TensorOptions& options) {
  const auto domain = problem.domain();
  const auto outputs = problem.outputs();
  const auto columns = static_cast<int64_t>(domain.dim());
  std::vector<ProfileComparison> comparisons;
  for (const auto& profile : problem.profiles()) {
    ProfileComparison c;
    c.name = profile.name;
    c.output = outputs.at(static_cast<size_t>(profile.output.index));
    c.axis = domain.names.at(static_cast<size_t>(profile.axis));
    c.source = profile.source;
    c.metric = profile.metric;
    c.reference = profile.values;
    const auto along = [&](double coordinate) {
      auto point = profile.line;
      point.at(static_cast<size_t>(profile.axis)) = coordinate;
      return point;
    };
    for (const double x : profile.coordinates) {
      const auto p = along(x);
      c.points.insert(c.points.end(), p.begin(), p.end());
    }
    const double lo = domain.lo[profile.axis], hi = domain.hi[profile.axis];
    for (int64_t k = 0; k < kLineNodes; ++k) {
      const auto p = along(k == kLineNodes - 1 ? hi : lo + (hi - lo) * k / (kLineNodes - 1));
      c.line_points.insert(c.line_points.end(), p.begin(), p.end());
    }
    const auto output = static_cast<size_t>(profile.output.index);
    c.prediction = evaluate_outputs(net, to_tensor(c.points, columns, options)).at(output);
    c.line_prediction =
        evaluate_outputs(net, to_tensor(c.line_points, columns, options)).at(output);
    std::vector<double> errors;
    for (size_t i = 0; i < c.reference.size(); ++i) {
      errors.push_back(std::abs(c.prediction[i] - c.reference[i]));
    }
    c.max_abs_error = largest_error(errors);
    comparisons.push_back(std::move(c));
  }
  return comparisons;
}

std::vector<std::pair<std::string, double>> profile_errors(
    const std::vector<ProfileComparison>& profiles) {
  std::vector<std::pair<std::string, double>> errors;
  for (const auto& p : profiles) {
    auto it = std::find_if(errors.begin(), errors.end(),
                           [&](const auto& e) { return e.first == p.metric; });
    if (it == errors.end()) {
      errors.emplace_back(p.metric, p.max_abs_error);
    } else if (!(p.max_abs_error <= it->second)) {
      it->second = p.max_abs_error;
    }
  }
  return errors;
}

}  // namespace pinn
