#include "solver/autodiff/transformed_streams.h"

#include <ATen/ATen.h>

#include <algorithm>

#include "solver/autodiff/autograd_engine.h"

namespace pinn {
namespace {

// h^beta / beta! for every stream beta of `plan` (undefined for beta = {}, which is 1),
// each from its parent: beta! = parent! * (the count of beta's last axis in beta).
std::vector<at::Tensor> monomials(const StreamPlan& plan, const at::Tensor& h) {
  std::vector<at::Tensor> m(static_cast<size_t>(plan.size()));
  for (int s = 1; s < plan.size(); ++s) {
    const auto& axes = plan.streams()[static_cast<size_t>(s)].axes();
    const int last = axes.back();
    const auto count = std::count(axes.begin(), axes.end(), last);
    const auto parent = plan.index(Partial(std::vector<int>(axes.begin(), axes.end() - 1)));
    auto term = h.select(1, last).unsqueeze(1);
    if (parent > 0) term = m[static_cast<size_t>(parent)] * term;
    m[static_cast<size_t>(s)] = count > 1 ? term / static_cast<double>(count) : term;
  }
  return m;
}

}  // namespace

Fields transformed_fields(const MlpImpl& net, const at::Tensor& points, const StreamPlan& plan,
                          const std::vector<at::Tensor>& streams, const std::vector<Partial>& needs,
                          const std::vector<std::string>& inputs,
                          const std::vector<std::string>& outputs) {
  const auto& transform = *net.transform();
  // The derivatives by h need grad mode; without it outside, the results are detached.
  const bool keep_graph = at::GradMode::is_enabled();
  const at::AutoGradMode grad_mode(true);
  const auto x0 = points.detach();
  const auto x = x0.clone().requires_grad_(true);
  const auto h = x - x0;  // zero, with derivative 1 by x
  const auto m = monomials(plan, h);
  auto raw = streams[0];
  for (int s = 1; s < plan.size(); ++s) {
    raw = raw + streams[static_cast<size_t>(s)] * m[static_cast<size_t>(s)];
  }
  const auto values = transform.apply(x, raw, net.unknown_values()).split(1, 1);

  Fields fields(points, inputs, outputs);
  std::vector<Partial> transformed;
  for (size_t o = 0; o < values.size(); ++o) {
    const Output output{static_cast<int>(o)};
    if (!transform.transforms(output.index)) {
      for (int s = 0; s < plan.size(); ++s) {
        fields.set(Partial(plan.streams()[static_cast<size_t>(s)].axes(), output),
                   streams[static_cast<size_t>(s)].narrow(1, static_cast<int64_t>(o), 1));
      }
      continue;
    }
    fields.set(Partial(output), values[o]);
    transformed.emplace_back(output);
    for (const auto& p : needs) {
      if (p.output() == output && p.order() > 0) transformed.push_back(p);
    }
  }
  add_input_partials(fields, x, transformed, /*create_graph=*/true);
  if (!keep_graph) {
    for (const auto& p : transformed) fields.set(p, fields.get(p).detach());
  }
  return fields;
}

}  // namespace pinn
