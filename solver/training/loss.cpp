#include "solver/training/loss.h"

#include <ATen/ATen.h>

#include "solver/problem/periodic.h"
#include "solver/training/loss_weighting.h"

namespace pinn {

Loss::Loss(Mlp net, std::vector<TermBatch> batches, std::vector<std::string> inputs,
           std::vector<std::string> outputs, double slope_recovery_weight, DerivativeEngine engine,
           bool owns_shared_terms)
    : net_(std::move(net)),
      batches_(std::move(batches)),
      inputs_(std::move(inputs)),
      outputs_(std::move(outputs)),
      slope_recovery_weight_(slope_recovery_weight),
      engine_(engine),
      owns_shared_terms_(owns_shared_terms) {}

std::vector<std::string> Loss::term_names() const {
  std::vector<std::string> names;
  for (const auto& b : batches_) names.push_back(b.term.name);
  if (slope_recovery_weight_ > 0) names.push_back("slope_recovery");
  return names;
}

at::Tensor Loss::residual(size_t index, const at::Tensor& points, const at::Tensor& data) const {
  // Grad mode stays on: the autograd engine differentiates through the network to
  // get the input derivatives; the result is detached.
  const auto& batch = batches_.at(index);
  const auto residual = term_residual(batch.term, points, data).detach();
  // A system's equations (columns) weigh in by their Euclidean norm per point.
  return residual.size(1) == 1 ? residual : residual.norm(2, 1, /*keepdim=*/true);
}

at::Tensor Loss::term_residual(const LossTerm& term, const at::Tensor& points,
                               const at::Tensor& data) const {
  auto fields = evaluate_fields(engine_, net_, evaluation_points(term, points), term.needs, inputs_,
                                outputs_);
  if (data.defined()) fields.set_data(data);
  const auto unknowns = net_->unknown_values();
  fields.set_unknowns(&unknowns);
  return term.residual(fields);
}

void Loss::replace_points(size_t index, at::Tensor points, at::Tensor data, int64_t total_points) {
  auto& batch = batches_.at(index);
  batch.points = std::move(points);
  batch.data = std::move(data);
  batch.total_points = total_points;
}

LossValues Loss::evaluate(LossWeighting* weighting) const {
  LossValues values;
  for (size_t i = 0; i < batches_.size(); ++i) {
    const auto& batch = batches_[i];
    const int64_t count = batch.total_points > 0 ? batch.total_points : batch.points.size(0);
    const auto residual = term_residual(batch.term, batch.points, batch.data);
    auto term = weighting ? weighting->term_loss(i, batch, residual) : at::Tensor();
    if (!term.defined()) term = residual.pow(2).sum() / static_cast<double>(count);
    const double weight = batch.weight * (weighting ? weighting->factor(i) : 1.0);
    values.total = values.total.defined() ? values.total + weight * term : weight * term;
    values.terms.push_back(term);
  }
  values.problem = values.total;
  if (slope_recovery_weight_ > 0) {
    // The other processes count it as zero, so that the sum over processes holds it once.
    auto s = owns_shared_terms_ ? net_->slope_recovery() : at::zeros({}, values.total.options());
    values.total = values.total + slope_recovery_weight_ * s;
    values.terms.push_back(s);
  }
  return values;
}

}  // namespace pinn
