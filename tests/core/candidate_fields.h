#pragma once
// Fields of a candidate solution written in closed form (tensor ops on the input
// columns), every partial by reverse-mode autograd: an independent check of the
// problems' residuals, sources and data.

#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include "solver/problem/periodic.h"
#include "solver/problem/problem.h"
#include "solver/run/point_sets.h"

namespace pinn::testing {

// One closed form per output, in the problem's order.
using Candidate = std::vector<ClosedForm>;

inline Fields candidate_fields(const at::Tensor& points, const std::vector<std::string>& inputs,
                               const std::vector<std::string>& outputs, const Candidate& solution,
                               const std::vector<Partial>& needs) {
  const auto x = points.detach().requires_grad_(true);
  std::vector<at::Tensor> columns;
  for (int64_t i = 0; i < x.size(1); ++i) columns.push_back(x.select(1, i).unsqueeze(1));
  Fields fields(x, inputs, outputs);
  for (const auto& p : needs) {
    auto value = solution.at(static_cast<size_t>(p.output().index))(columns);
    for (int axis : p.axes()) {
      // A derivative that no longer depends on x (of a linear field) has zero derivatives.
      value = value.requires_grad() ? torch::autograd::grad({value.sum()}, {x}, {}, true, true)[0]
                                          .select(1, axis)
                                          .unsqueeze(1)
                                    : torch::zeros_like(value);
    }
    fields.set(p, value.detach());
  }
  return fields;
}

// max |residual| of every term of `problem` at 64 points where the term samples,
// for the candidate solution.
inline std::map<std::string, double> term_residuals(const Problem& problem,
                                                    const Candidate& solution) {
  std::map<std::string, double> out;
  const auto domain = problem.domain();
  uint64_t seed = 7;
  for (const auto& t : problem.loss_terms()) {
    const int64_t n = 64;
    const auto pts = sample_term(domain, t, SamplingMethod::Uniform, n, ++seed);
    const auto points = torch::tensor(pts, torch::kFloat64).reshape({n, domain.dim()});
    const auto fields = candidate_fields(evaluation_points(t, points), domain.names,
                                         problem.outputs(), solution, t.needs);
    out[t.name] = t.residual(fields).abs().max().item<double>();
  }
  return out;
}

}  // namespace pinn::testing
