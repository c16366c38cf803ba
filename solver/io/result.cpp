#include "solver/io/result.h"

#include <cmath>
#include <stdexcept>

#include "solver/io/atomic_write.h"
#include "solver/io/hdf5_file.h"
#include "solver/io/history_file.h"
#include "solver/io/xdmf.h"

namespace pinn {
namespace {

void write_solution(H5::Group group, const SolutionGrid& s) {
  for (size_t i = 0; i < s.inputs.size(); ++i) hdf5::write_dataset(group, s.inputs[i], s.axes[i]);
  hdf5::write_dataset(group, "u", s.u, s.shape());
  // Node coordinates, so that viewers place x on their X axis (see xdmf.h).
  if (const auto points = xdmf_points(s); !points.values.empty()) {
    hdf5::write_dataset(group, points.name, points.values, points.shape);
  }
  if (!s.u_exact.empty()) {
    hdf5::write_dataset(group, "u_exact", s.u_exact, s.shape());
    hdf5::write_dataset(group, "abs_error", s.abs_error, s.shape());
  }
  std::string order;
  for (const auto& name : s.inputs) order += (order.empty() ? "" : ",") + name;
  hdf5::write_attribute(group, "axes", order);
}

void write_file(const std::string& path, const ResultData& r) {
  H5::H5File file(path, H5F_ACC_TRUNC);
  auto root = file.openGroup("/");
  hdf5::write_attribute(root, "problem", r.problem);
  hdf5::write_attribute(root, "config", r.config);
  hdf5::write_attribute(root, "seed", r.seed);
  hdf5::write_attribute(root, "dtype", r.dtype);
  hdf5::write_attribute(root, "device", r.device);
  hdf5::write_attribute(root, "derivatives", r.derivatives);
  hdf5::write_attribute(root, "version", r.version);
  hdf5::write_attribute(root, "threads", r.threads);
  hdf5::write_attribute(root, "processes", r.processes);
  hdf5::write_attribute(root, "communication_s", r.communication_s);
  hdf5::write_attribute(root, "wall_time_s", r.wall_time_s);
  hdf5::write_attribute(root, "setup_s", r.setup_s);
  hdf5::write_attribute(root, "status", r.status);
  hdf5::write_attribute(root, "message", r.message);
  hdf5::write_attribute(root, "libraries", r.libraries);
  hdf5::write_attribute(root, "rollbacks", r.rollbacks);
  write_history(file, r.history);
  write_solution(file.createGroup("solution"), r.solution);
  auto metrics = file.createGroup("metrics");
  hdf5::write_attribute(metrics, "rel_l2", r.metrics.rel_l2);
  hdf5::write_attribute(metrics, "max_abs_error", r.metrics.max_abs_error);
  hdf5::write_attribute(metrics, "final_loss", r.metrics.final_loss);
  hdf5::write_attribute(metrics, "iterations", r.metrics.iterations);
  for (const auto& u : r.metrics.unknowns) {
    hdf5::write_attribute(metrics, "unknown_" + u.name, u.value);
    if (std::isfinite(u.truth)) {
      hdf5::write_attribute(metrics, "unknown_" + u.name + "_true", u.truth);
      hdf5::write_attribute(metrics, "unknown_" + u.name + "_error", u.relative_error());
    }
  }
  if (!r.observation_values.empty()) {
    auto observations = file.createGroup("observations");
    const uint64_t count = r.observation_values.size();
    hdf5::write_dataset(observations, "points", r.observation_points,
                        {count, r.observation_points.size() / count});
    hdf5::write_dataset(observations, "values", r.observation_values);
  }
  auto network = file.createGroup("network");
  for (const auto& p : r.parameters) hdf5::write_dataset(network, p.name, p.values, p.shape);
  auto training = file.createGroup("training");
  hdf5::write_dataset(training, "phase_optimizer", r.training.phase_optimizer);
  hdf5::write_dataset(training, "phase_settings", r.training.phase_settings);
  hdf5::write_dataset(training, "phase_start", r.training.phase_start);
  hdf5::write_dataset(training, "resampled_at", r.training.resampled_at);
}

}  // namespace

double IdentifiedCoefficient::relative_error() const {
  const double scale = truth != 0 ? std::abs(truth) : 1.0;
  return std::abs(value - truth) / scale;
}

std::vector<uint64_t> SolutionGrid::shape() const {
  std::vector<uint64_t> out;
  for (const auto& a : axes) out.push_back(a.size());
  return out;
}

void write_result(const std::string& path, const ResultData& result) {
  write_atomically(path, "result",
                   [&](const std::string& temporary) { write_file(temporary, result); });
}

ResultData read_result(const std::string& path) {
  try {
    H5::Exception::dontPrint();
    H5::H5File file(path, H5F_ACC_RDONLY);
    auto root = file.openGroup("/");
    ResultData r;
    r.problem = hdf5::read_string_attribute(root, "problem");
    r.config = hdf5::read_string_attribute(root, "config");
    r.seed = hdf5::read_int_attribute(root, "seed");
    r.dtype = hdf5::read_string_attribute(root, "dtype");
    r.device = hdf5::read_string_attribute(root, "device");
    // Files written before the Taylor engine existed used autograd.
    r.derivatives = root.attrExists("derivatives")
                        ? hdf5::read_string_attribute(root, "derivatives")
                        : "autograd";
    r.version = hdf5::read_string_attribute(root, "version");
    r.threads = hdf5::read_int_attribute(root, "threads");
    // Files written before data-parallel training lack these three.
    if (root.attrExists("processes")) r.processes = hdf5::read_int_attribute(root, "processes");
    if (root.attrExists("communication_s")) {
      r.communication_s = hdf5::read_double_attribute(root, "communication_s");
    }
    if (file.nameExists("network")) {
      auto network = file.openGroup("network");
      for (hsize_t i = 0; i < network.getNumObjs(); ++i) {
        NamedArray a;
        a.name = network.getObjnameByIdx(i);
        a.values = hdf5::read_doubles(network, a.name, &a.shape);
        r.parameters.push_back(std::move(a));
      }
    }
    r.wall_time_s = hdf5::read_double_attribute(root, "wall_time_s");
    // Files written before set-up was timed lack it.
    if (root.attrExists("setup_s")) r.setup_s = hdf5::read_double_attribute(root, "setup_s");
    r.status = hdf5::read_string_attribute(root, "status");
    r.message = hdf5::read_string_attribute(root, "message");
    // Files written before checkpoints existed lack these two.
    if (root.attrExists("libraries")) r.libraries = hdf5::read_string_attribute(root, "libraries");
    if (root.attrExists("rollbacks")) r.rollbacks = hdf5::read_int_attribute(root, "rollbacks");

    r.history = read_history(file);
    if (file.nameExists("training")) {
      auto training = file.openGroup("training");
      r.training.phase_optimizer = hdf5::read_strings(training, "phase_optimizer");
      r.training.phase_settings = hdf5::read_strings(training, "phase_settings");
      r.training.phase_start = hdf5::read_ints(training, "phase_start");
      r.training.resampled_at = hdf5::read_ints(training, "resampled_at");
    }

    auto solution = file.openGroup("solution");
    auto& s = r.solution;
    const auto order = hdf5::read_string_attribute(solution, "axes");
    for (size_t start = 0; start <= order.size();) {
      const auto end = std::min(order.find(',', start), order.size());
      s.inputs.push_back(order.substr(start, end - start));
      start = end + 1;
    }
    for (const auto& name : s.inputs) s.axes.push_back(hdf5::read_doubles(solution, name));
    s.u = hdf5::read_doubles(solution, "u");
    if (solution.nameExists("u_exact")) {
      s.u_exact = hdf5::read_doubles(solution, "u_exact");
      s.abs_error = hdf5::read_doubles(solution, "abs_error");
    }

    auto metrics = file.openGroup("metrics");
    r.metrics.rel_l2 = hdf5::read_double_attribute(metrics, "rel_l2");
    r.metrics.max_abs_error = hdf5::read_double_attribute(metrics, "max_abs_error");
    r.metrics.final_loss = hdf5::read_double_attribute(metrics, "final_loss");
    r.metrics.iterations = hdf5::read_int_attribute(metrics, "iterations");
    for (const auto& name : r.history.unknown_names) {
      IdentifiedCoefficient u{name, hdf5::read_double_attribute(metrics, "unknown_" + name),
                              std::nan("")};
      if (metrics.attrExists("unknown_" + name + "_true")) {
        u.truth = hdf5::read_double_attribute(metrics, "unknown_" + name + "_true");
      }
      r.metrics.unknowns.push_back(u);
    }
    if (file.nameExists("observations")) {
      auto observations = file.openGroup("observations");
      r.observation_points = hdf5::read_doubles(observations, "points");
      r.observation_values = hdf5::read_doubles(observations, "values");
    }
    return r;
  } catch (const H5::Exception& e) {
    throw std::runtime_error("cannot read result '" + path + "': " + e.getDetailMsg());
  }
}

}  // namespace pinn
