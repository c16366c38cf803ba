#include "solver/problem/periodic.h"

#include <ATen/ATen.h>

#include <stdexcept>

namespace pinn {

LossTerm periodic_condition(const Domain& domain, int axis, const std::vector<Output>& outputs,
                            int derivatives, int64_t default_points, std::string name) {
  if (axis < 0 || axis >= domain.dim()) {
    throw std::logic_error("periodic condition on axis " + std::to_string(axis) +
                           ", which the domain does not have");
  }
  if (derivatives < 0) throw std::logic_error("periodic condition: derivatives must be >= 0");
  std::vector<Partial> needs;
  for (const auto& o : outputs) {
    for (int k = 0; k <= derivatives; ++k) needs.emplace_back(std::vector<int>(k, axis), o);
  }
  LossTerm term{std::move(name), Region::Boundary, default_points, needs, [needs](const Fields& f) {
                  std::vector<at::Tensor> jumps;
                  for (const auto& p : needs) {
                    const auto& w = f.get(p);
                    const auto n = w.size(0) / 2;
                    jumps.push_back(w.narrow(0, 0, n) - w.narrow(0, n, n));
                  }
                  return at::cat(jumps, 1);
                }};
  term.paired = {axis, domain.hi.at(axis)};
  return term;
}

at::Tensor evaluation_points(const LossTerm& term, const at::Tensor& points) {
  if (term.paired.axis < 0) return points;
  auto images = points.clone();
  images.select(1, term.paired.axis).fill_(term.paired.hi);
  return at::cat({points, images});
}

}  // namespace pinn
