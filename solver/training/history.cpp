#include "solver/training/history.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace pinn {

HistoryRecorder::HistoryRecorder(Mlp net, std::vector<std::string> term_names,
                                 std::function<double()> error)
    : net_(std::move(net)),
      error_(std::move(error)),
      last_error_(std::numeric_limits<double>::quiet_NaN()) {
  history_.term_names = std::move(term_names);
  history_.term_loss.resize(history_.term_names.size());
  // Fixed mode records its implicit slope 1, so every result has the same layout.
  for (int64_t k = 0; k < net_->hidden_layers(); ++k) {
    const auto c = net_->effective_slope(k);
    history_.slope_widths.push_back(c.defined() ? c.numel() : 1);
  }
  history_.slopes.resize(history_.slope_widths.size());
  for (const auto& u : net_->options().unknowns) history_.unknown_names.push_back(u.name);
  history_.unknown_values.resize(history_.unknown_names.size());
}

void HistoryRecorder::on_record(const TrainingRecord& r) {
  history_.iteration.push_back(r.iteration);
  history_.phase.push_back(r.phase);
  history_.time_s.push_back(r.time_s);
  history_.loss.push_back(r.loss);
  history_.problem_loss.push_back(r.problem_loss);
  for (size_t i = 0; i < r.terms.size() && i < history_.term_loss.size(); ++i) {
    history_.term_loss[i].push_back(r.terms[i]);
  }
  if (!r.weights.empty() && history_.term_weight.empty()) {
    history_.weight_names.assign(history_.term_names.begin(),
                                 history_.term_names.begin() + static_cast<long>(r.weights.size()));
    history_.term_weight.resize(r.weights.size());
  }
  for (size_t i = 0; i < r.weights.size() && i < history_.term_weight.size(); ++i) {
    history_.term_weight[i].push_back(r.weights[i]);
  }
  if (!std::isnan(r.causal_min_weight)) {
    history_.causal_min_weight.push_back(r.causal_min_weight);
    history_.causal_epsilon.push_back(r.causal_epsilon);
  }
  last_error_ = error_ ? error_() : std::numeric_limits<double>::quiet_NaN();
  history_.rel_l2.push_back(last_error_);
  if (window_ >= 0) history_.window.push_back(window_);
  torch::NoGradGuard no_grad;
  for (size_t k = 0; k < history_.slopes.size(); ++k) {
    auto c = net_->effective_slope(static_cast<int64_t>(k));
    if (!c.defined()) {
      history_.slopes[k].push_back(1.0);
      continue;
    }
    c = c.to(torch::kCPU, torch::kFloat64);
    auto* p = c.data_ptr<double>();
    history_.slopes[k].insert(history_.slopes[k].end(), p, p + c.numel());
  }
  const auto unknowns = net_->unknown_values();
  for (size_t i = 0; i < history_.unknown_names.size(); ++i) {
    history_.unknown_values[i].push_back(
        unknowns.at(history_.unknown_names[i]).to(torch::kCPU, torch::kFloat64).item<double>());
  }
}

void HistoryRecorder::restore(History history) {
  // Files list the terms by name; the recorder keeps the loss's order.
  std::vector<std::vector<double>> terms;
  for (const auto& name : history_.term_names) {
    const auto it = std::find(history.term_names.begin(), history.term_names.end(), name);
    if (it == history.term_names.end()) break;
    terms.push_back(std::move(history.term_loss[it - history.term_names.begin()]));
  }
  if (terms.size() != history_.term_names.size() ||
      history.term_names.size() != history_.term_names.size() ||
      history.slope_widths != history_.slope_widths) {
    throw std::invalid_argument("the checkpoint's history has other loss terms or layers");
  }
  std::vector<std::vector<double>> unknowns;
  for (const auto& name : history_.unknown_names) {
    const auto it = std::find(history.unknown_names.begin(), history.unknown_names.end(), name);
    if (it == history.unknown_names.end()) {
      throw std::invalid_argument("the checkpoint's history has no unknown '" + name + "'");
    }
    unknowns.push_back(std::move(history.unknown_values[it - history.unknown_names.begin()]));
  }
  // The weights' columns in the recorder's order of terms, where the file has them.
  std::vector<std::vector<double>> weights;
  std::vector<std::string> weight_names;
  for (const auto& name : history_.term_names) {
    const auto it = std::find(history.weight_names.begin(), history.weight_names.end(), name);
    if (it == history.weight_names.end()) continue;
    weight_names.push_back(name);
    weights.push_back(std::move(history.term_weight[it - history.weight_names.begin()]));
  }
  history.weight_names = std::move(weight_names);
  history.term_weight = std::move(weights);
  history.term_names = history_.term_names;
  history.term_loss = std::move(terms);
  history.unknown_names = history_.unknown_names;
  history.unknown_values = std::move(unknowns);
  history_ = std::move(history);
  if (!history_.rel_l2.empty()) last_error_ = history_.rel_l2.back();
}

void HistoryRecorder::on_rollback(int64_t iteration) {
  auto& h = history_;
  const auto first =
      static_cast<std::ptrdiff_t>(std::min(window_first_record_, h.iteration.size()));
  const auto kept = static_cast<size_t>(
      std::lower_bound(h.iteration.begin() + first, h.iteration.end(), iteration) -
      h.iteration.begin());
  h.iteration.resize(kept);
  h.phase.resize(kept);
  h.time_s.resize(kept);
  h.loss.resize(kept);
  h.problem_loss.resize(kept);
  h.rel_l2.resize(kept);
  for (auto& term : h.term_loss) term.resize(kept);
  if (!h.window.empty()) h.window.resize(kept);
  for (auto& values : h.unknown_values) values.resize(kept);
  for (auto& values : h.term_weight) values.resize(kept);
  if (!h.causal_min_weight.empty()) {
    h.causal_min_weight.resize(kept);
    h.causal_epsilon.resize(kept);
  }
  for (size_t k = 0; k < h.slopes.size(); ++k) {
    h.slopes[k].resize(kept * static_cast<size_t>(h.slope_widths[k]));
  }
  last_error_ = kept ? h.rel_l2.back() : std::numeric_limits<double>::quiet_NaN();
}

void HistoryRecorder::begin_window(int64_t window) {
  window_ = window;
  const auto& w = history_.window;
  window_first_record_ =
      static_cast<size_t>(std::lower_bound(w.begin(), w.end(), window) - w.begin());
}

std::vector<double> final_layer_slopes(const History& history) {
  std::vector<double> means;
  for (size_t k = 0; k < history.slopes.size(); ++k) {
    const auto width = static_cast<size_t>(history.slope_widths[k]);
    const auto& values = history.slopes[k];
    if (width == 0 || values.size() < width) {
      means.push_back(std::numeric_limits<double>::quiet_NaN());
      continue;
    }
    double sum = 0;
    for (size_t j = values.size() - width; j < values.size(); ++j) {
      sum += width > 1 ? std::abs(values[j]) : values[j];
    }
    means.push_back(sum / static_cast<double>(width));
  }
  return means;
}

}  // namespace pinn
