#pragma once
// Helpers of the Taylor engine tests: networks whose every parameter matters, engines
// that read a list of partials of every output, and the comparison of values and
// parameter gradients between engines.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

#include "solver/autodiff/autograd_engine.h"
#include "solver/autodiff/stream_plan.h"
#include "solver/autodiff/taylor_engine.h"
#include "solver/network/mlp.h"

namespace pinn::testing {

// A network of `o` with random parameters in `dtype`: slopes n a between 0.6 and
// 1.4 (different per neuron), prelu's w in [0.1, 0.4], weights and biases in
// [-0.8, 0.8] (nonzero biases too).
inline Mlp random_net(const NetworkOptions& o, torch::Dtype dtype) {
  torch::manual_seed(3);
  Mlp net(o);
  torch::NoGradGuard guard;
  for (auto& p : net->named_parameters()) {
    const auto& name = p.key();
    if (name.rfind("slope", 0) == 0) {
      p.value().uniform_(0.3, 0.7);
    } else if (name.rfind("prelu", 0) == 0) {
      p.value().uniform_(0.1, 0.4);
    } else {
      p.value().uniform_(-0.8, 0.8);
    }
  }
  net->to(dtype);
  return net;
}

inline double relative_error(const at::Tensor& a, const at::Tensor& b) {
  const double scale = b.to(torch::kFloat64).norm().item<double>();
  const double diff = (a.to(torch::kFloat64) - b.to(torch::kFloat64)).norm().item<double>();
  return scale == 0 ? diff : diff / scale;
}

// A scalar of every stream with fixed random weights, so every gradient path counts.
inline at::Tensor mix(const std::vector<at::Tensor>& streams) {
  at::Tensor total;
  for (size_t s = 0; s < streams.size(); ++s) {
    torch::manual_seed(100 + static_cast<int64_t>(s));
    const auto w = torch::randn(streams[s].sizes(), streams[s].options()).detach();
    auto term = (w * streams[s]).sum() + 0.5 * streams[s].pow(2).sum();
    total = total.defined() ? total + term : term;
  }
  return total;
}

struct Evaluation {
  std::vector<at::Tensor> values;  // one per need
  std::vector<at::Tensor> grads;   // one per parameter, of mix(values)
};

// The needs' values at the points, each N x outputs.
using Engine = std::function<std::vector<at::Tensor>(Mlp&, const at::Tensor&)>;

inline Evaluation evaluate(Mlp& net, const at::Tensor& points, const Engine& engine) {
  net->zero_grad();
  auto values = engine(net, points);
  mix(values).backward();
  Evaluation e;
  for (const auto& v : values) e.values.push_back(v.detach().clone());
  for (const auto& p : net->parameters()) {
    e.grads.push_back(p.grad().defined() ? p.grad().clone() : torch::zeros_like(p));
  }
  return e;
}

// Every need of every output.
inline std::vector<Partial> every_output(const std::vector<Partial>& needs, int64_t outputs) {
  std::vector<Partial> all;
  for (int o = 0; o < outputs; ++o) {
    for (const auto& p : needs) all.emplace_back(p.axes(), Output{o});
  }
  return all;
}

// Nested autograd: each need as N x outputs, the outputs side by side like the
// Taylor streams.
inline Engine autograd_engine(std::vector<Partial> needs, std::vector<std::string> inputs) {
  return [needs, inputs](Mlp& net, const at::Tensor& points) {
    const auto outputs = net->options().outputs;
    const auto fields = evaluate_autograd(net, points, every_output(needs, outputs), inputs);
    std::vector<at::Tensor> out;
    for (const auto& p : needs) {
      std::vector<at::Tensor> columns;
      for (int o = 0; o < outputs; ++o) {
        columns.push_back(fields.get(Partial(p.axes(), Output{o})));
      }
      out.push_back(at::cat(columns, 1));
    }
    return out;
  };
}

using StreamsFn = at::Tensor (*)(const MlpImpl&, const at::Tensor&, const StreamPlan&);

// The needs read from the Taylor streams that `streams_of` computes (the fused
// kernel or the tensor-op path).
inline Engine taylor_engine(StreamsFn streams_of, std::vector<Partial> needs) {
  return [streams_of, needs](Mlp& net, const at::Tensor& points) {
    const StreamPlan plan(needs, kTaylorMaxOrder);
    const auto streams = streams_of(*net, points, plan);
    std::vector<at::Tensor> out;
    for (const auto& p : needs) out.push_back(streams[plan.index(p)]);
    return out;
  };
}

// float64: the engines agree to `tolerance`. float32: each quantity agrees with
// autograd's float32 value to `tolerance`, or, where rounding in float32 sums
// differs by more, is at least as close to the float64 truth as autograd's is
// (within a factor 2). `labels` names the values.
inline void expect_same(const Evaluation& got, const Evaluation& want, const Evaluation* truth,
                        double tolerance, const std::vector<std::string>& labels,
                        const std::string& what) {
  auto check = [&](const at::Tensor& g, const at::Tensor& w, const at::Tensor* t,
                   const std::string& name) {
    const double apart = relative_error(g, w);
    if (apart <= tolerance) return;
    ASSERT_NE(t, nullptr) << what << ": " << name << " differs by " << apart;
    const double ours = relative_error(g, *t);
    const double theirs = relative_error(w, *t);
    EXPECT_LE(ours, 2 * theirs) << what << ": " << name << " differs by " << apart
                                << "; from float64: " << ours << " (autograd " << theirs << ")";
  };
  ASSERT_EQ(got.values.size(), want.values.size());
  ASSERT_EQ(labels.size(), want.values.size());
  for (size_t i = 0; i < want.values.size(); ++i) {
    check(got.values[i], want.values[i], truth ? &truth->values[i] : nullptr, labels[i]);
  }
  ASSERT_EQ(got.grads.size(), want.grads.size());
  for (size_t i = 0; i < want.grads.size(); ++i) {
    check(got.grads[i], want.grads[i], truth ? &truth->grads[i] : nullptr,
          "gradient of parameter " + std::to_string(i));
  }
}

// Every partial of order up to `order` in `inputs` axes (every multiset of the axes),
// the value first, then by order.
inline std::vector<Partial> partials_up_to(int inputs, int order) {
  std::vector<Partial> out = {Partial{}};
  std::vector<std::vector<int>> level = {{}};
  for (int k = 1; k <= order; ++k) {
    std::vector<std::vector<int>> next;
    for (const auto& axes : level) {
      for (int i = axes.empty() ? 0 : axes.back(); i < inputs; ++i) {
        auto more = axes;
        more.push_back(i);
        next.push_back(more);
      }
    }
    for (const auto& axes : next) out.emplace_back(axes);
    level = next;
  }
  return out;
}

// The labels of `needs` (u, u_x, u_xt, ...).
inline std::vector<std::string> labels_of(const std::vector<Partial>& needs,
                                          const std::vector<std::string>& inputs) {
  std::vector<std::string> labels;
  for (const auto& p : needs) labels.push_back(p.label(inputs));
  return labels;
}

}  // namespace pinn::testing
