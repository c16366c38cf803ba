#include "solver/io/result.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "solver/common/text.h"
#include "solver/io/atomic_write.h"
#include "solver/io/geometry_file.h"
#include "solver/io/hdf5_file.h"
#include "solver/io/history_file.h"
#include "solver/io/test_points_file.h"
#include "solver/io/windows_file.h"
#include "solver/io/xdmf.h"
#include "solver/io/xdmf_cells.h"

namespace pinn {
namespace {

std::vector<std::string> split_names(const std::string& text) {
  std::vector<std::string> names;
  if (text.empty()) return names;
  for (size_t start = 0; start <= text.size();) {
    const auto end = std::min(text.find(',', start), text.size());
    names.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return names;
}

void write_network_description(H5::Group& group, const NetworkDescription& d) {
  if (d.empty()) return;
  hdf5::write_attribute(group, "inputs", join(d.inputs, ","));
  hdf5::write_attribute(group, "outputs", join(d.outputs, ","));
  hdf5::write_attribute(group, "input_lo", d.input_lo);
  hdf5::write_attribute(group, "input_hi", d.input_hi);
  hdf5::write_attribute(group, "hidden", d.hidden);
  hdf5::write_attribute(group, "activation", d.activation);
  hdf5::write_attribute(group, "mode", d.mode);
  hdf5::write_attribute(group, "scale", d.scale);
  hdf5::write_attribute(group, "periodic", join(d.periodic, ","));
  if (d.fourier_features > 0) {
    hdf5::write_attribute(group, "fourier_features", d.fourier_features);
    hdf5::write_attribute(group, "fourier_scale", d.fourier_scale);
    hdf5::write_attribute(group, "fourier_inputs", join(d.fourier_inputs, ","));
  }
  if (d.factorized) hdf5::write_attribute(group, "factorization", int64_t{1});
  if (!d.transform.empty()) hdf5::write_attribute(group, "transform", d.transform);
}

// Files written before the description existed leave it empty.
NetworkDescription read_network_description(const H5::Group& group) {
  NetworkDescription d;
  if (!group.attrExists("inputs")) return d;
  d.inputs = split_names(hdf5::read_string_attribute(group, "inputs"));
  d.outputs = split_names(hdf5::read_string_attribute(group, "outputs"));
  d.input_lo = hdf5::read_doubles_attribute(group, "input_lo");
  d.input_hi = hdf5::read_doubles_attribute(group, "input_hi");
  d.hidden = hdf5::read_ints_attribute(group, "hidden");
  d.activation = hdf5::read_string_attribute(group, "activation");
  d.mode = hdf5::read_string_attribute(group, "mode");
  d.scale = hdf5::read_double_attribute(group, "scale");
  d.periodic = split_names(hdf5::read_string_attribute(group, "periodic"));
  if (group.attrExists("fourier_features")) {
    d.fourier_features = hdf5::read_int_attribute(group, "fourier_features");
    d.fourier_scale = hdf5::read_double_attribute(group, "fourier_scale");
    d.fourier_inputs = split_names(hdf5::read_string_attribute(group, "fourier_inputs"));
  }
  d.factorized =
      group.attrExists("factorization") && hdf5::read_int_attribute(group, "factorization") != 0;
  if (group.attrExists("transform")) d.transform = hdf5::read_string_attribute(group, "transform");
  return d;
}

void write_solution(H5::Group group, const SolutionGrid& s) {
  for (size_t i = 0; i < s.inputs.size(); ++i) hdf5::write_dataset(group, s.inputs[i], s.axes[i]);
  std::vector<std::string> names;
  for (size_t i = 0; i < s.fields.size(); ++i) {
    const auto& f = s.fields[i];
    names.push_back(f.name);
    hdf5::write_dataset(group, f.name, f.values, s.shape());
    if (!f.exact.empty()) {
      hdf5::write_dataset(group, s.exact_dataset(i), f.exact, s.shape());
      hdf5::write_dataset(group, s.error_dataset(i), f.abs_error, s.shape());
    }
  }
  // Node coordinates, so that viewers place x on their X axis (see xdmf.h).
  if (const auto points = xdmf_points(s); !points.values.empty()) {
    hdf5::write_dataset(group, points.name, points.values, points.shape);
  }
  if (s.masked()) {
    hdf5::write_dataset(group, "inside", s.inside, s.shape());
    for (const auto& c : xdmf_cells(s)) hdf5::write_dataset(group, c.name, c.nodes, c.shape);
    if (const auto line = xdmf_line_points(s); !line.values.empty()) {
      hdf5::write_dataset(group, line.name, line.values, line.shape);
    }
  }
  hdf5::write_attribute(group, "axes", join(s.inputs, ","));
  hdf5::write_attribute(group, "outputs", join(names, ","));
  hdf5::write_attribute(group, "derived", join(s.derived, ","));
  hdf5::write_attribute(group, "up_to_constant", join(s.up_to_constant, ","));
}

SolutionGrid read_solution(H5::Group group) {
  SolutionGrid s;
  s.inputs = split_names(hdf5::read_string_attribute(group, "axes"));
  for (const auto& name : s.inputs) s.axes.push_back(hdf5::read_doubles(group, name));
  // Files written before several outputs existed hold one field, u.
  const auto names = group.attrExists("outputs")
                         ? split_names(hdf5::read_string_attribute(group, "outputs"))
                         : std::vector<std::string>{"u"};
  if (group.attrExists("derived")) {
    s.derived = split_names(hdf5::read_string_attribute(group, "derived"));
    s.up_to_constant = split_names(hdf5::read_string_attribute(group, "up_to_constant"));
  }
  for (const auto& name : names) s.fields.push_back({name, {}, {}, {}});
  if (group.nameExists("inside")) s.inside = hdf5::read_uint8s(group, "inside");
  for (size_t i = 0; i < s.fields.size(); ++i) {
    auto& f = s.fields[i];
    f.values = hdf5::read_doubles(group, f.name);
    if (group.nameExists(s.exact_dataset(i))) {
      f.exact = hdf5::read_doubles(group, s.exact_dataset(i));
      f.abs_error = hdf5::read_doubles(group, s.error_dataset(i));
    }
  }
  return s;
}

void write_profiles(H5::H5File& file, const std::vector<ProfileComparison>& profiles) {
  if (profiles.empty()) return;
  auto group = file.createGroup("profiles");
  for (const auto& p : profiles) {
    auto g = group.createGroup(p.name);
    const uint64_t n = p.reference.size(), m = p.line_prediction.size();
    hdf5::write_dataset(g, "points", p.points, {n, p.points.size() / n});
    hdf5::write_dataset(g, "reference", p.reference);
    hdf5::write_dataset(g, "prediction", p.prediction);
    hdf5::write_dataset(g, "line_points", p.line_points, {m, p.line_points.size() / m});
    hdf5::write_dataset(g, "line_prediction", p.line_prediction);
    hdf5::write_attribute(g, "output", p.output);
    hdf5::write_attribute(g, "axis", p.axis);
    hdf5::write_attribute(g, "source", p.source);
    hdf5::write_attribute(g, "metric", p.metric);
    hdf5::write_attribute(g, "max_abs_error", p.max_abs_error);
  }
}

std::vector<ProfileComparison> read_profiles(H5::H5File& file) {
  std::vector<ProfileComparison> profiles;
  if (!file.nameExists("profiles")) return profiles;
  auto group = file.openGroup("profiles");
  for (hsize_t i = 0; i < group.getNumObjs(); ++i) {
    ProfileComparison p;
    p.name = group.getObjnameByIdx(i);
    auto g = group.openGroup(p.name);
    p.points = hdf5::read_doubles(g, "points");
    p.reference = hdf5::read_doubles(g, "reference");
    p.prediction = hdf5::read_doubles(g, "prediction");
    p.line_points = hdf5::read_doubles(g, "line_points");
    p.line_prediction = hdf5::read_doubles(g, "line_prediction");
    p.output = hdf5::read_string_attribute(g, "output");
    p.axis = hdf5::read_string_attribute(g, "axis");
    p.source = hdf5::read_string_attribute(g, "source");
    p.metric = hdf5::read_string_attribute(g, "metric");
    p.max_abs_error = hdf5::read_double_attribute(g, "max_abs_error");
    profiles.push_back(std::move(p));
  }
  return profiles;
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
  for (const auto& f : r.metrics.fields) {
    hdf5::write_attribute(metrics, "rel_l2_" + f.name, f.rel_l2);
    hdf5::write_attribute(metrics, "max_abs_error_" + f.name, f.max_abs_error);
  }
  for (const auto& [name, value] : r.metrics.profile_errors) {
    hdf5::write_attribute(metrics, name, value);
  }
  write_test_point_metrics(metrics, r.metrics);
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
  write_profiles(file, r.profiles);
  write_test_points(file, r.test_points);
  write_geometry(file, r.geometry);
  auto network = file.createGroup("network");
  for (const auto& p : r.parameters) hdf5::write_dataset(network, p.name, p.values, p.shape);
  write_network_description(network, r.network);
  write_result_windows(network, r);
  auto training = file.createGroup("training");
  hdf5::write_dataset(training, "phase_optimizer", r.training.phase_optimizer);
  hdf5::write_dataset(training, "phase_settings", r.training.phase_settings);
  hdf5::write_dataset(training, "phase_start", r.training.phase_start);
  hdf5::write_dataset(training, "resampled_at", r.training.resampled_at);
  if (!r.training.term_weights.empty()) {
    hdf5::write_dataset(training, "term_weights", r.training.term_weights);
  }
  if (!r.training.causal_weights.empty()) {
    hdf5::write_dataset(training, "causal_weights", r.training.causal_weights);
  }
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

size_t SolutionGrid::nodes() const {
  size_t n = 1;
  for (const auto& a : axes) n *= a.size();
  return n;
}

const FieldGrid& SolutionGrid::field(const std::string& name) const {
  for (const auto& f : fields) {
    if (f.name == name) return f;
  }
  std::vector<std::string> names;
  for (const auto& f : fields) names.push_back(f.name);
  throw std::out_of_range("the solution has no field '" + name + "'; its fields: " + join(names));
}

std::string SolutionGrid::exact_dataset(size_t i) const { return fields[i].name + "_exact"; }

std::string SolutionGrid::error_dataset(size_t i) const {
  return fields.size() == 1 ? "abs_error" : fields[i].name + "_abs_error";
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
        if (network.getObjTypeByIdx(i) != H5G_DATASET) continue;  // a time window's group
        NamedArray a;
        a.name = network.getObjnameByIdx(i);
        a.values = hdf5::read_doubles(network, a.name, &a.shape);
        r.parameters.push_back(std::move(a));
      }
      r.network = read_network_description(network);
      read_result_windows(network, r);
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
      for (auto [name, values] : {std::pair{"term_weights", &r.training.term_weights},
                                  std::pair{"causal_weights", &r.training.causal_weights}}) {
        if (training.nameExists(name)) *values = hdf5::read_doubles(training, name);
      }
    }

    r.solution = read_solution(file.openGroup("solution"));
    r.profiles = read_profiles(file);
    r.test_points = read_test_points(file);
    r.geometry = read_geometry(file);

    auto metrics = file.openGroup("metrics");
    r.metrics.rel_l2 = hdf5::read_double_attribute(metrics, "rel_l2");
    r.metrics.max_abs_error = hdf5::read_double_attribute(metrics, "max_abs_error");
    r.metrics.final_loss = hdf5::read_double_attribute(metrics, "final_loss");
    r.metrics.iterations = hdf5::read_int_attribute(metrics, "iterations");
    read_test_point_metrics(metrics, r.test_points, r.metrics);
    for (const auto& f : r.solution.fields) {
      if (!metrics.attrExists("rel_l2_" + f.name)) continue;
      r.metrics.fields.push_back({f.name, hdf5::read_double_attribute(metrics, "rel_l2_" + f.name),
                                  hdf5::read_double_attribute(metrics, "max_abs_error_" + f.name)});
    }
    for (const auto& p : r.profiles) {
      const bool seen =
          std::any_of(r.metrics.profile_errors.begin(), r.metrics.profile_errors.end(),
                      [&](const auto& e) { return e.first == p.metric; });
      if (!seen) {
        r.metrics.profile_errors.emplace_back(p.metric,
                                              hdf5::read_double_attribute(metrics, p.metric));
      }
    }
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
