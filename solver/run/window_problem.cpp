#include "solver/run/window_problem.h"

#include <torch/torch.h>

#include <algorithm>
#include <set>
#include <utility>

#include "solver/autodiff/derivative_engine.h"
#include "solver/run/point_sets.h"
#include "solver/run/time_windows.h"

namespace pinn {

WindowProblem::WindowProblem(std::shared_ptr<const Problem> base, double t_lo, double t_hi,
                             std::vector<LossTerm> terms)
    : base_(std::move(base)), t_lo_(t_lo), t_hi_(t_hi), terms_(std::move(terms)) {}

Domain WindowProblem::domain() const {
  auto d = base_->domain();
  d.lo[static_cast<size_t>(d.time_axis)] = t_lo_;
  d.hi[static_cast<size_t>(d.time_axis)] = t_hi_;
  return d;
}

LossTerm matching_condition(const LossTerm& condition, const RunConfig& config, Mlp previous) {
  const auto domain = config.problem->domain();
  const int t = domain.time_axis;
  // (output, order of the time derivative) of every partial the condition reads.
  std::set<std::pair<int, int>> read;
  for (const auto& p : condition.needs) {
    const auto& axes = p.axes();
    read.insert({p.output().index, static_cast<int>(std::count(axes.begin(), axes.end(), t))});
  }
  if (read.empty()) read.insert({0, 0});
  std::vector<Partial> matched;
  for (const auto& [output, order] : read) {
    matched.emplace_back(std::vector<int>(static_cast<size_t>(order), t), Output{output});
  }
  LossTerm term = condition;
  term.needs = matched;
  term.residual = [matched](const Fields& f) {
    std::vector<at::Tensor> columns;
    for (size_t c = 0; c < matched.size(); ++c) {
      columns.push_back(f.get(matched[c]) -
                        f.data().select(1, static_cast<int64_t>(c)).unsqueeze(1));
    }
    return at::cat(columns, 1);
  };
  const auto engine = config.derivatives;
  const auto inputs = domain.names;
  const auto outputs = config.problem->outputs();
  term.data = [=](const std::vector<double>& points) mutable {
    const auto options = previous->parameters().front().options();
    const auto at = to_tensor(points, static_cast<int64_t>(inputs.size()), options);
    // Not under a NoGradGuard: the autograd engine needs grad mode for input derivatives.
    const auto fields = evaluate_fields(engine, previous, at, matched, inputs, outputs);
    std::vector<at::Tensor> columns;
    for (const auto& p : matched) columns.push_back(fields.get(p).detach());
    const auto values = at::cat(columns, 1).to(torch::kCPU, torch::kFloat64).contiguous();
    return std::vector<double>(values.data_ptr<double>(),
                               values.data_ptr<double>() + values.numel());
  };
  return term;
}

RunConfig window_config(const RunConfig& config, size_t k, const Mlp& previous) {
  RunConfig window = config;
  const auto& edges = config.window_edges;
  const auto domain = config.problem->domain();
  const auto t = static_cast<size_t>(domain.time_axis);
  auto terms = config.problem->loss_terms();
  if (k > 0) {
    for (auto& term : terms) {
      if (on_initial_face(term, domain)) term = matching_condition(term, config, previous);
    }
  }
  window.problem = std::make_shared<WindowProblem>(config.problem, edges.at(k), edges.at(k + 1),
                                                   std::move(terms));
  window.seed = window_seed(config.seed, k);
  window.network.input_lo[t] = edges[k];
  window.network.input_hi[t] = edges[k + 1];
  // Causal bins split the window's own times: over the whole interval, a later window's
  // points would fill only its bins, and the earlier, empty ones would weigh nothing.
  window.trainer.causal.t_lo = edges[k];
  window.trainer.causal.t_hi = edges[k + 1];
  return window;
}

void set_input_box(Mlp& net, const NetworkOptions& options) {
  torch::NoGradGuard no_grad;
  const auto& shift = net->input_shift();
  const auto lo = torch::tensor(options.input_lo, torch::kFloat64);
  const auto hi = torch::tensor(options.input_hi, torch::kFloat64);
  // As the network's constructor computes them, then in its dtype and device.
  net->input_shift().copy_(((hi + lo) / 2).to(shift.options()));
  net->input_scale().copy_((2 / (hi - lo)).to(shift.options()));
}

}  // namespace pinn
