#include "solver/study/study_file.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "solver/io/atomic_write.h"
#include "solver/io/hdf5_file.h"

namespace pinn::study {
namespace {

// For each item of the first variant's `items` (unknowns, metrics), one dataset per
// field, <prefix><name><suffix>, with one entry per variant (NaN where one lacks it).
template <class Item>
void write_per_variant(H5::Group& group, const std::vector<VariantSummary>& summaries,
                       std::vector<Item> VariantSummary::*items, const std::string& prefix,
                       const std::vector<std::pair<std::string, double Item::*>>& fields) {
  if (summaries.empty()) return;
  const auto& first = summaries[0].*items;
  for (size_t i = 0; i < first.size(); ++i) {
    for (const auto& [suffix, field] : fields) {
      std::vector<double> values;
      for (const auto& s : summaries) {
        const auto& own = s.*items;
        values.push_back(i < own.size() ? own[i].*field : std::numeric_limits<double>::quiet_NaN());
      }
      hdf5::write_dataset(group, prefix + first[i].name + suffix, values);
    }
  }
}

// unknown_<name>_{mean,std,min,max} and unknown_<name>_error_{...}.
void write_unknowns(H5::Group& group, const std::vector<VariantSummary>& summaries) {
  using U = UnknownSummary;
  write_per_variant<U>(group, summaries, &VariantSummary::unknowns, "unknown_",
                       {{"_mean", &U::mean},
                        {"_std", &U::std},
                        {"_min", &U::min},
                        {"_max", &U::max},
                        {"_error_mean", &U::error_mean},
                        {"_error_std", &U::error_std},
                        {"_error_min", &U::error_min},
                        {"_error_max", &U::error_max}});
}

// <metric>_{mean,std,min,max} for the per-field and profile errors.
void write_metrics(H5::Group& group, const std::vector<VariantSummary>& summaries) {
  using M = MetricSummary;
  write_per_variant<M>(
      group, summaries, &VariantSummary::metrics, "",
      {{"_mean", &M::mean}, {"_std", &M::std}, {"_min", &M::min}, {"_max", &M::max}});
}

void write_summary(H5::Group group, const std::vector<VariantSummary>& summaries,
                   const std::vector<double>& thresholds) {
  const auto v = static_cast<uint64_t>(summaries.size());
  const auto t = static_cast<uint64_t>(thresholds.size());
  size_t layers = 0;
  for (const auto& s : summaries) layers = std::max(layers, s.final_slopes.size());

  std::vector<std::string> names;
  std::vector<int64_t> runs, diverged, reached;
  std::vector<double> loss_mean, loss_std, l2_mean, l2_std, l2_min, l2_max, wall, to_iteration,
      to_time, slopes;
  for (const auto& s : summaries) {
    names.push_back(s.variant);
    runs.push_back(s.runs);
    diverged.push_back(s.diverged);
    loss_mean.push_back(s.final_loss_mean);
    loss_std.push_back(s.final_loss_std);
    l2_mean.push_back(s.rel_l2_mean);
    l2_std.push_back(s.rel_l2_std);
    l2_min.push_back(s.rel_l2_min);
    l2_max.push_back(s.rel_l2_max);
    wall.push_back(s.wall_time_mean);
    to_iteration.insert(to_iteration.end(), s.iteration_to_threshold.begin(),
                        s.iteration_to_threshold.end());
    to_time.insert(to_time.end(), s.time_to_threshold.begin(), s.time_to_threshold.end());
    reached.insert(reached.end(), s.reached.begin(), s.reached.end());
    for (size_t k = 0; k < layers; ++k) {
      slopes.push_back(k < s.final_slopes.size() ? s.final_slopes[k]
                                                 : std::numeric_limits<double>::quiet_NaN());
    }
  }
  hdf5::write_dataset(group, "variant", names);
  hdf5::write_dataset(group, "runs", runs);
  hdf5::write_dataset(group, "diverged", diverged);
  hdf5::write_dataset(group, "final_loss_mean", loss_mean);
  hdf5::write_dataset(group, "final_loss_std", loss_std);
  hdf5::write_dataset(group, "rel_l2_mean", l2_mean);
  hdf5::write_dataset(group, "rel_l2_std", l2_std);
  hdf5::write_dataset(group, "rel_l2_min", l2_min);
  hdf5::write_dataset(group, "rel_l2_max", l2_max);
  hdf5::write_dataset(group, "wall_time_mean", wall);
  hdf5::write_dataset(group, "thresholds", thresholds);
  hdf5::write_dataset(group, "iteration_to_threshold", to_iteration, {v, t});
  hdf5::write_dataset(group, "time_to_threshold", to_time, {v, t});
  hdf5::write_dataset(group, "reached", reached, {v, t});
  hdf5::write_dataset(group, "final_slopes", slopes, {v, static_cast<uint64_t>(layers)});
  write_unknowns(group, summaries);
  write_metrics(group, summaries);
  hdf5::write_attribute(group, "table", markdown_table(summaries, thresholds));
}

std::string settings_text(const Variant& variant) {
  std::string text;
  for (const auto& s : variant.settings) text += s.assignment() + "\n";
  return text;
}

}  // namespace

void write_study_file(const StudyConfig& study, const std::vector<PlannedRun>& runs,
                      const std::vector<RunState>& states,
                      const std::vector<VariantSummary>& summaries, const StudyFile& outcome) {
  write_atomically(study.output, "study result", [&](const std::string& temporary) {
    H5::H5File file(temporary, H5F_ACC_TRUNC);
    auto root = file.openGroup("/");
    hdf5::write_attribute(root, "kind", std::string("study"));
    hdf5::write_attribute(root, "study", study.resolved_yaml);
    hdf5::write_attribute(root, "base_config", study.base);
    hdf5::write_attribute(root, "version", std::string(PINN_VERSION));
    hdf5::write_attribute(root, "status", outcome.status);
    hdf5::write_attribute(root, "runs_planned", outcome.runs_planned);
    hdf5::write_attribute(root, "runs_finished", outcome.runs_finished);
    auto group = file.createGroup("runs");
    for (const auto& variant : study.variants) {
      auto v = group.createGroup(variant.name);
      hdf5::write_attribute(v, "settings", settings_text(variant));
    }
    for (size_t i = 0; i < runs.size(); ++i) {
      if (!has_result(states[i])) continue;
      hdf5::copy_file_into(runs[i].result_path, file,
                           "runs/" + runs[i].variant + "/seed_" + std::to_string(runs[i].seed));
    }
    write_summary(file.createGroup("summary"), summaries, study.thresholds);
  });
}

bool is_study_file(const std::string& path) { return hdf5::file_kind(path) == "study"; }

std::string describe_study_file(const std::string& path) {
  try {
    H5::Exception::dontPrint();
    H5::H5File file(path, H5F_ACC_RDONLY);
    const auto root = file.openGroup("/");
    const auto summary = file.openGroup("summary");
    return "study " + path + ": " + hdf5::read_string_attribute(root, "status") + ", " +
           std::to_string(hdf5::read_int_attribute(root, "runs_finished")) + " of " +
           std::to_string(hdf5::read_int_attribute(root, "runs_planned")) +
           " runs finished (base config " + hdf5::read_string_attribute(root, "base_config") +
           ")\n\n" + hdf5::read_string_attribute(summary, "table");
  } catch (const H5::Exception& e) {
    throw std::runtime_error("cannot read study result '" + path + "': " + e.getDetailMsg());
  }
}

}  // namespace pinn::study
