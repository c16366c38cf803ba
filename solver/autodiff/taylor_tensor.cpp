#include "solver/autodiff/taylor_tensor.h"

#include <ATen/ATen.h>

#include "solver/network/activation_rules.h"

namespace pinn {
namespace {

// Streams of the normalised input: x itself, d/dx_i = scale_i e_i, and zero above.
std::vector<at::Tensor> input_streams(const MlpImpl& net, const at::Tensor& points,
                                      const StreamPlan& plan) {
  const auto scale = net.input_scale().to(points.scalar_type());
  std::vector<at::Tensor> h{net.normalize(points)};
  for (int s = 1; s < plan.size(); ++s) {
    const auto& axes = plan.streams()[s].axes();
    auto seed = at::zeros({1, points.size(1)}, points.options());
    if (axes.size() == 1) seed.select(1, axes[0]).copy_(scale.select(0, axes[0]));
    h.push_back(seed);
  }
  return h;
}

template <class Rule, int Order>
std::vector<at::Tensor> activate(const std::vector<at::Tensor>& y, const at::Tensor& w,
                                 const StreamPlan& plan) {
  const auto prims = Rule::primitives(y[0]);
  at::Tensor d[Order + 1];
  Rule::template derive<Order>(y[0], prims.data(), w, d);
  std::vector<at::Tensor> h{d[0]};
  for (int s = 1; s < plan.size(); ++s) {
    at::Tensor sum;
    for (const auto& term : plan.terms(s)) {
      auto product = term.coefficient * d[term.order];
      for (int b : term.blocks) product = product * y[b];
      sum = sum.defined() ? sum + product : product;
    }
    h.push_back(sum);
  }
  return h;
}

}  // namespace

at::Tensor taylor_streams_tensor(const MlpImpl& net, const at::Tensor& points,
                                 const StreamPlan& plan) {
  auto h = input_streams(net, points, plan);
  for (int64_t k = 0; k < net.hidden_layers(); ++k) {
    const auto& layer = net.hidden_layer(k);
    const auto c = net.effective_slope(k);
    std::vector<at::Tensor> y;
    for (int s = 0; s < plan.size(); ++s) {
      auto z = s == 0 ? at::linear(h[s], layer->weight, layer->bias)
                      : at::matmul(h[s], layer->weight.t());
      y.push_back(c.defined() ? c * z : z);
    }
    h = rules::visit(net.activation().name, [&](auto rule) {
      return rules::with_order(plan.max_order(), [&](auto order) {
        return activate<decltype(rule), decltype(order)::value>(y, net.activation_parameter(k),
                                                                plan);
      });
    });
  }
  const auto& output = net.output_layer();
  std::vector<at::Tensor> out;
  for (int s = 0; s < plan.size(); ++s) {
    auto u = s == 0 ? at::linear(h[s], output->weight, output->bias)
                    : at::matmul(h[s], output->weight.t());
    out.push_back(u.expand({points.size(0), output->weight.size(0)}));
  }
  return at::stack(out);
}

}  // namespace pinn
