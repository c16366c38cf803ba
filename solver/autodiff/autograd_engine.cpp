#include "solver/autodiff/autograd_engine.h"

#include <torch/autograd.h>

#include <map>
#include <stdexcept>
#include <string>

namespace pinn {
namespace {

// Caches the full gradient (N x inputs) of each differentiated partial, so u_x
// and u_t come from one backward pass, u_xx and u_xt from another.
class GradientCache {
 public:
  GradientCache(const at::Tensor& points, bool create_graph)
      : points_(points), create_graph_(create_graph) {}

  at::Tensor value(const Partial& p, Fields& fields) {
    if (p.order() == 0) return fields.get(p);
    auto it = computed_.find(p);
    if (it != computed_.end()) return it->second;
    const Partial parent = p.parent();
    const auto base = value(parent, fields);
    auto grad_it = gradients_.find(parent);
    if (grad_it == gradients_.end() && !base.requires_grad()) {
      // A derivative that is constant (piecewise-linear activations): the next one is zero.
      grad_it = gradients_.emplace(parent, torch::zeros_like(points_)).first;
    }
    if (grad_it == gradients_.end()) {
      auto grads = torch::autograd::grad({base}, {points_}, {torch::ones_like(base)},
                                         /*retain_graph=*/true, create_graph_,
                                         /*allow_unused=*/true);
      auto g = grads[0].defined() ? grads[0] : torch::zeros_like(points_);
      grad_it = gradients_.emplace(parent, g).first;
    }
    auto result = grad_it->second.select(1, p.axes().back()).unsqueeze(1);
    computed_.emplace(p, result);
    fields.set(p, result);
    return result;
  }

 private:
  at::Tensor points_;
  bool create_graph_;
  std::map<Partial, at::Tensor> gradients_;
  std::map<Partial, at::Tensor> computed_;
};

}  // namespace

Fields evaluate_autograd(Mlp& net, const at::Tensor& points, const std::vector<Partial>& needs,
                         const std::vector<std::string>& inputs,
                         const std::vector<std::string>& outputs, bool create_graph) {
  bool any_derivative = false;
  for (const auto& p : needs) any_derivative |= p.order() > 0;
  auto x = any_derivative ? points.detach().requires_grad_(true) : points;
  Fields fields(x, inputs, outputs);
  const auto values = net->forward(x);
  const auto columns = values.split(1, 1);
  for (size_t o = 0; o < columns.size(); ++o) {
    fields.set(Partial(Output{static_cast<int>(o)}), columns[o]);
  }
  GradientCache cache(x, create_graph);
  for (const auto& p : needs) cache.value(p, fields);
  return fields;
}

}  // namespace pinn
