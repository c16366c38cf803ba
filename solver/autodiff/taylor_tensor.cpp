#include "solver/autodiff/taylor_tensor.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

#include "solver/network/activation_rules.h"

namespace pinn {
namespace {

// Streams of the input features (input_features.h): every stream of a column is
// the sine or cosine of a row of the frequency table, x'_i or 1, times a factor.
std::vector<at::Tensor> input_streams(const MlpImpl& net, const at::Tensor& points,
                                      const StreamPlan& plan) {
  const auto& layout = net.input_layout();
  const auto normalized = net.normalize(points);
  const auto type = points.scalar_type();
  const auto table = layout.frequencies(net.fourier_frequencies()).to(points.options());
  const auto as_doubles = [](const at::Tensor& t) {
    const auto c = t.detach().to(at::kCPU, at::kDouble).contiguous();
    return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
  };
  const auto table64 = as_doubles(table);
  const auto scale64 = as_doubles(net.input_scale().to(type));
  // The pool of sources: [sin theta, cos theta, x', 1], N x (2 rows + inputs + 1).
  const auto theta = at::matmul(normalized, table.t());
  const auto pool = at::cat(
      {at::sin(theta), at::cos(theta), normalized, at::ones({points.size(0), 1}, points.options())},
      1);
  const int64_t rows = layout.rows(), inputs = layout.inputs();
  std::vector<at::Tensor> h;
  for (const auto& stream : plan.streams()) {
    std::vector<int64_t> index;
    std::vector<double> factor;
    for (const auto& t : layout.derivative(stream.axes(), table64, scale64)) {
      using Source = FeatureTerm::Source;
      index.push_back(t.source == Source::Sine     ? t.index
                      : t.source == Source::Cosine ? rows + t.index
                      : t.source == Source::Input  ? 2 * rows + t.index
                                                   : 2 * rows + inputs);
      factor.push_back(t.factor);
    }
    const auto columns =
        pool.index_select(1, at::tensor(index, at::TensorOptions(at::kLong)).to(points.device()));
    h.push_back(columns * at::tensor(factor, at::TensorOptions(at::kDouble)).to(points.options()));
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
    const auto& bias = net.hidden_layer(k)->bias;
    const auto weight = net.effective_weight(k);
    const auto c = net.effective_slope(k);
    std::vector<at::Tensor> y;
    for (int s = 0; s < plan.size(); ++s) {
      auto z = s == 0 ? at::linear(h[s], weight, bias) : at::matmul(h[s], weight.t());
      y.push_back(c.defined() ? c * z : z);
    }
    h = rules::visit(net.activation().name, [&](auto rule) {
      return rules::with_order(plan.max_order(), [&](auto order) {
        return activate<decltype(rule), decltype(order)::value>(y, net.activation_parameter(k),
                                                                plan);
      });
    });
  }
  const auto& bias = net.output_layer()->bias;
  const auto weight = net.effective_output_weight();
  std::vector<at::Tensor> out;
  for (int s = 0; s < plan.size(); ++s) {
    auto u = s == 0 ? at::linear(h[s], weight, bias) : at::matmul(h[s], weight.t());
    out.push_back(u.expand({points.size(0), weight.size(0)}));
  }
  return at::stack(out);
}

}  // namespace pinn
