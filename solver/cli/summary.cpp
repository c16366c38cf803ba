// pinn summary: a result's metrics and config, a checkpoint's state, or a study's table.

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <iostream>
#include <stdexcept>

#include "solver/cli/commands.h"
#include "solver/cli/metrics_text.h"
#include "solver/common/text.h"
#include "solver/io/checkpoint.h"
#include "solver/io/file_kind.h"
#include "solver/io/result.h"
#include "solver/study/study_file.h"

namespace pinn::cli {
namespace {

// network.adaptive.mode of a stored config; "fixed" slopes are all 1 and not worth a line.
std::string adaptive_mode(const std::string& config) {
  try {
    const auto mode = YAML::Load(config)["network"]["adaptive"]["mode"];
    return mode && mode.IsScalar() ? mode.as<std::string>() : "";
  } catch (const YAML::Exception&) {
    return "";
  }
}

void print_result(const std::string& path) {
  const auto r = read_result(path);
  std::cout << "result " << path << ": " << r.problem << ", " << r.status;
  if (!r.message.empty()) std::cout << " (" << r.message << ")";
  std::cout << "\n  seed " << r.seed << ", " << r.dtype << " on " << r.device << ", "
            << count_of(r.threads, "thread");
  if (r.processes > 1) {
    std::cout << " x " << r.processes << " processes (" << format_duration(r.communication_s)
              << " summing with the others)";
  }
  std::cout << ", " << r.derivatives << " derivatives, pinn " << r.version << "\n"
            << "  " << count_of(r.metrics.iterations, "iteration") << " in "
            << format_duration(r.wall_time_s) << " (set-up " << format_duration(r.setup_s)
            << "), final loss " << format_scientific(r.metrics.final_loss) << ", "
            << headline_errors(r.metrics) << "\n"
            << metrics_lines(r.metrics);
  if (r.test_points.count() > 0) {
    std::cout << "  test points from " << r.test_points.source << " ("
              << count_of(r.test_points.skipped_rows, "row") << " holding NaN skipped)\n";
  }
  for (size_t i = 0; i < r.history.term_names.size(); ++i) {
    const auto& values = r.history.term_loss[i];
    std::cout << "  loss_" << r.history.term_names[i] << " "
              << format_scientific(values.empty() ? std::nan("") : values.back()) << "\n";
  }
  for (const auto& u : r.metrics.unknowns) {
    std::cout << "  identified " << u.name << " = " << shortest_decimal(u.value);
    if (std::isfinite(u.truth)) {
      char error[32];
      std::snprintf(error, sizeof error, "%.3g", 100 * u.relative_error());
      std::cout << " (true " << shortest_decimal(u.truth) << ", error " << error << " %)";
    }
    std::cout << "\n";
  }
  if (!r.observation_values.empty()) {
    std::cout << "  " << count_of(static_cast<int64_t>(r.observation_values.size()), "observation")
              << "\n";
  }
  const auto mode = adaptive_mode(r.config);
  if (mode != "fixed") {
    const auto slopes = final_layer_slopes(r.history);
    for (size_t k = 0; k < slopes.size(); ++k) {
      const auto width = r.history.slope_widths[k];
      std::cout << "  slope n*a of hidden layer " << k;
      if (width > 1) std::cout << " (mean |n*a| over " << width << " neurons)";
      std::cout << " " << format_scientific(slopes[k]) << "\n";
    }
  }
  std::cout << "config:\n" << r.config;
}

void print_checkpoint(const std::string& path) {
  const auto c = read_checkpoint(path);
  std::cout << "checkpoint " << path << ": iteration " << c.trainer.iteration << " ("
            << c.trainer.phase << "), "
            << count_of(static_cast<int64_t>(c.history.iteration.size()), "record") << ", "
            << count_of(c.trainer.rollbacks, "rollback") << ", "
            << format_duration(c.trainer.elapsed_s) << " of training, pinn " << c.version << "\n"
            << "config:\n"
            << c.config;
}

}  // namespace

int summary(const std::string& path) {
  try {
    switch (const auto kind = file_kind_of(path)) {
      case FileKind::Study:
        std::cout << study::describe_study_file(path);
        return kExitOk;
      case FileKind::Checkpoint:
        print_checkpoint(path);
        return kExitOk;
      case FileKind::Result:
        print_result(path);
        return kExitOk;
      case FileKind::NotHdf5:
        throw std::runtime_error(
            "'" + path + "' is " + describe(kind) +
            ": pinn summary reads the HDF5 files that pinn train and pinn study write (to "
            "validate a config, use pinn check)");
      default:
        throw std::runtime_error("cannot read '" + path + "': it is " + describe(kind));
    }
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kExitBadInput;
  }
}

}  // namespace pinn::cli
