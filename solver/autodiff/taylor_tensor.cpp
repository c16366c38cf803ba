#include "solver/autodiff/taylor_tensor.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

#include "solver/network/activation_rules.h"

namespace pinn {
namespace {

// Streams of the input features (see taylor_cpu.cpp): each depends on one input,
// so only its pure derivatives d^k/dx_i^k are nonzero.
std::vector<at::Tensor> input_streams(const MlpImpl& net, const at::Tensor& points,
                                      const StreamPlan& plan) {
  const auto scale = net.input_scale().to(points.scalar_type());
  const auto normalized = net.normalize(points);
  const auto& features = net.input_features();
  std::vector<at::Tensor> h{net.features(points)};
  for (int s = 1; s < plan.size(); ++s) {
    const auto& axes = plan.streams()[s].axes();
    const auto k = static_cast<int>(axes.size());
    std::vector<at::Tensor> columns;
    for (const auto& f : features) {
      const auto i = f.input;
      const bool pure = std::all_of(axes.begin(), axes.end(), [&](int a) { return a == i; });
      if (!pure || (!f.periodic && k > 1)) {
        columns.push_back(at::zeros({points.size(0), 1}, points.options()));
      } else if (!f.periodic) {
        columns.push_back(scale.select(0, i).expand({points.size(0), 1}));
      } else {
        const auto x = normalized.select(1, i).unsqueeze(1);
        columns.push_back(at::pow(M_PI * scale.select(0, i), k) *
                          at::sin(M_PI * x + f.phase + k * M_PI / 2));
      }
    }
    h.push_back(at::cat(columns, 1));
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
