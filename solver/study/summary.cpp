#include "solver/study/summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

#include "solver/common/text.h"

namespace pinn::study {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double mean(const std::vector<double>& v) {
  if (v.empty()) return kNaN;
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double sample_std(const std::vector<double>& v) {
  if (v.size() < 2) return kNaN;
  const double m = mean(v);
  double sum = 0;
  for (double x : v) sum += (x - m) * (x - m);
  return std::sqrt(sum / static_cast<double>(v.size() - 1));
}

// The loss variants are compared by: without the slope-recovery term, which would
// otherwise keep variants that use it above every threshold. Results written before
// problem_loss existed only have the total.
const std::vector<double>& compared_loss(const History& h) {
  return h.problem_loss.empty() ? h.loss : h.problem_loss;
}

// Index of the first record whose compared loss is below `threshold`, or -1.
int64_t first_below(const History& h, double threshold) {
  const auto& loss = compared_loss(h);
  for (size_t i = 0; i < loss.size(); ++i) {
    if (loss[i] < threshold) return static_cast<int64_t>(i);
  }
  return -1;
}

// Two decimals unless a column asks for other.
std::string scientific(double value, int digits = 2) { return format_scientific(value, digits); }

std::string fixed(double value, int digits) {
  if (std::isnan(value)) return "n/a";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  return buffer;
}

double smallest(const std::vector<double>& v) {
  return v.empty() ? kNaN : *std::min_element(v.begin(), v.end());
}
double largest(const std::vector<double>& v) {
  return v.empty() ? kNaN : *std::max_element(v.begin(), v.end());
}

// Final values and errors of each unknown, named as in the first run.
std::vector<UnknownSummary> summarize_unknowns(const std::vector<const ResultData*>& runs) {
  std::vector<UnknownSummary> out;
  if (runs.empty()) return out;
  for (const auto& first : runs.front()->metrics.unknowns) {
    std::vector<double> values, errors;
    for (const auto* r : runs) {
      for (const auto& u : r->metrics.unknowns) {
        if (u.name != first.name) continue;
        values.push_back(u.value);
        if (std::isfinite(u.truth)) errors.push_back(u.relative_error());
      }
    }
    out.push_back({first.name, mean(values), sample_std(values), smallest(values), largest(values),
                   mean(errors), sample_std(errors), smallest(errors), largest(errors)});
  }
  return out;
}

// The errors beyond the overall rel_l2 a run records, by name: per field where there
// are several fields (at the test points where the run has them), then the profile metrics.
std::vector<std::pair<std::string, double>> other_errors(const ResultData& r) {
  std::vector<std::pair<std::string, double>> errors;
  const bool tested = r.metrics.test_point_count > 0;
  const auto& fields = tested ? r.metrics.test_fields : r.metrics.fields;
  if (fields.size() > 1) {
    for (const auto& f : fields) {
      errors.emplace_back((tested ? "test_rel_l2_" : "rel_l2_") + f.name, f.rel_l2);
    }
  }
  for (const auto& e : r.metrics.profile_errors) errors.push_back(e);
  return errors;
}

std::vector<MetricSummary> summarize_metrics(const std::vector<const ResultData*>& runs) {
  std::vector<MetricSummary> out;
  if (runs.empty()) return out;
  for (const auto& [name, value] : other_errors(*runs.front())) {
    std::vector<double> values;
    for (const auto* r : runs) {
      for (const auto& [other, v] : other_errors(*r)) {
        if (other == name) values.push_back(v);
      }
    }
    out.push_back({name, mean(values), sample_std(values), smallest(values), largest(values)});
  }
  return out;
}

// Every recorded slope of every run exactly 1: what a fixed activation records.
bool slopes_fixed(const std::vector<const ResultData*>& runs) {
  if (runs.empty()) return false;
  for (const auto* r : runs) {
    for (const auto& layer : r->history.slopes) {
      if (std::any_of(layer.begin(), layer.end(), [](double a) { return a != 1.0; })) {
        return false;
      }
    }
  }
  return true;
}

// Thresholds some run of some variant reached: the others would be a column of "never".
std::vector<size_t> reached_thresholds(const std::vector<VariantSummary>& summaries,
                                       size_t thresholds) {
  std::vector<size_t> kept;
  for (size_t t = 0; t < thresholds; ++t) {
    if (std::any_of(summaries.begin(), summaries.end(), [t](const VariantSummary& s) {
          return t < s.reached.size() && s.reached[t] > 0;
        })) {
      kept.push_back(t);
    }
  }
  return kept;
}

std::string slopes_cell(const VariantSummary& s) {
  if (s.fixed_slopes || s.final_slopes.empty()) return "-";
  std::string slopes;
  for (double a : s.final_slopes) slopes += (slopes.empty() ? "" : ", ") + fixed(a, 2);
  return slopes;
}

std::string mean_pm_std(double m, double s) {
  return std::isnan(s) ? scientific(m) : scientific(m) + " ± " + scientific(s, 1);
}

}  // namespace

VariantSummary summarize(const std::string& variant, const std::vector<const ResultData*>& all,
                         const std::vector<double>& thresholds) {
  VariantSummary s;
  s.variant = variant;
  std::vector<const ResultData*> runs;
  for (const auto* r : all) {
    if (r->status == "completed") {
      runs.push_back(r);
    } else {
      ++s.diverged;
    }
  }
  s.runs = static_cast<int64_t>(runs.size());
  std::vector<double> losses, errors, times;
  for (const auto* r : runs) {
    const auto& loss = compared_loss(r->history);
    losses.push_back(loss.empty() ? std::nan("") : loss.back());
    errors.push_back(r->metrics.judged_rel_l2());
    times.push_back(r->wall_time_s);
  }
  s.final_loss_mean = mean(losses);
  s.final_loss_std = sample_std(losses);
  s.rel_l2_mean = mean(errors);
  s.rel_l2_std = sample_std(errors);
  s.rel_l2_min = errors.empty() ? kNaN : *std::min_element(errors.begin(), errors.end());
  s.rel_l2_max = errors.empty() ? kNaN : *std::max_element(errors.begin(), errors.end());
  s.wall_time_mean = mean(times);

  for (double threshold : thresholds) {
    std::vector<double> iterations, seconds;
    for (const auto* r : runs) {
      const auto i = first_below(r->history, threshold);
      if (i < 0) continue;
      iterations.push_back(static_cast<double>(r->history.iteration[i]));
      seconds.push_back(r->history.time_s[i]);
    }
    s.iteration_to_threshold.push_back(mean(iterations));
    s.time_to_threshold.push_back(mean(seconds));
    s.reached.push_back(static_cast<int64_t>(iterations.size()));
  }

  size_t layers = 0;
  for (const auto* r : runs) layers = std::max(layers, r->history.slopes.size());
  std::vector<std::vector<double>> per_run;
  for (const auto* r : runs) per_run.push_back(final_layer_slopes(r->history));
  for (size_t k = 0; k < layers; ++k) {
    std::vector<double> layer;
    for (const auto& slopes : per_run) {
      if (k < slopes.size()) layer.push_back(slopes[k]);
    }
    s.final_slopes.push_back(mean(layer));
  }
  s.fixed_slopes = slopes_fixed(runs);
  s.unknowns = summarize_unknowns(runs);
  s.metrics = summarize_metrics(runs);
  return s;
}

std::string markdown_table(const std::vector<VariantSummary>& summaries,
                           const std::vector<double>& thresholds) {
  std::string header = "| variant | runs | final loss | rel. L2 (mean ± std) | rel. L2 min – max |";
  std::string rule = "|---|---:|---:|---:|---:|";
  const auto kept = reached_thresholds(summaries, thresholds.size());
  for (size_t t : kept) {
    header += " loss < " + scientific(thresholds[t], 0) + ": iter. / s (runs) |";
    rule += "---:|";
  }
  const auto& unknowns = summaries.empty() ? std::vector<UnknownSummary>{} : summaries[0].unknowns;
  for (const auto& u : unknowns) {
    header += " " + u.name + " (mean ± std) | " + u.name + " error % (mean, min – max) |";
    rule += "---:|---:|";
  }
  const auto& metrics = summaries.empty() ? std::vector<MetricSummary>{} : summaries[0].metrics;
  for (const auto& m : metrics) {
    header += " " + m.name + " (mean ± std) |";
    rule += "---:|";
  }
  const bool any_slopes = std::any_of(summaries.begin(), summaries.end(),
                                      [](const auto& s) { return slopes_cell(s) != "-"; });
  header += any_slopes ? " wall time (s) | final slopes n·a per layer |\n" : " wall time (s) |\n";
  rule += any_slopes ? "---:|---|\n" : "---:|\n";
  std::string table = header + rule;
  for (const auto& s : summaries) {
    const auto count = std::to_string(s.runs) +
                       (s.diverged ? " (+" + std::to_string(s.diverged) + " diverged)" : "");
    std::string row = "| " + s.variant + " | " + count + " | " +
                      mean_pm_std(s.final_loss_mean, s.final_loss_std) + " | " +
                      mean_pm_std(s.rel_l2_mean, s.rel_l2_std) + " | " + scientific(s.rel_l2_min) +
                      " – " + scientific(s.rel_l2_max) + " |";
    for (size_t t : kept) {
      row += s.reached[t] == 0
                 ? " never (0/" + std::to_string(s.runs) + ") |"
                 : " " + fixed(s.iteration_to_threshold[t], 0) + " / " +
                       fixed(s.time_to_threshold[t], 1) + " (" + std::to_string(s.reached[t]) +
                       "/" + std::to_string(s.runs) + ") |";
    }
    for (const auto& u : s.unknowns) {
      row += " " + mean_pm_std(u.mean, u.std) + " | " + fixed(100 * u.error_mean, 3) + ", " +
             fixed(100 * u.error_min, 3) + " – " + fixed(100 * u.error_max, 3) + " |";
    }
    for (size_t m = 0; m < metrics.size(); ++m) {
      row += m < s.metrics.size() ? " " + mean_pm_std(s.metrics[m].mean, s.metrics[m].std) + " |"
                                  : " n/a |";
    }
    row += " " + fixed(s.wall_time_mean, 1) + " |" +
           (any_slopes ? " " + slopes_cell(s) + " |" : "") + "\n";
    table += row;
  }
  return table;
}

}  // namespace pinn::study
