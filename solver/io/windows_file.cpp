#include "solver/io/windows_file.h"

#include <string>

#include "solver/io/hdf5_file.h"

namespace pinn {
namespace {

std::string window_group(size_t k) { return "window_" + std::to_string(k); }

}  // namespace

void write_result_windows(H5::Group& network, const ResultData& result) {
  const auto& edges = result.window_edges;
  const auto& windows = result.windows;
  if (edges.empty()) return;
  hdf5::write_attribute(network, "window_edges", edges);
  hdf5::write_attribute(network, "window_time", result.window_time);
  for (size_t k = 0; k < windows.size(); ++k) {
    const auto& w = windows[k];
    auto group = network.createGroup(window_group(k));
    for (const auto& p : w.parameters) hdf5::write_dataset(group, p.name, p.values, p.shape);
    hdf5::write_attribute(group, "input_lo", w.input_lo);
    hdf5::write_attribute(group, "input_hi", w.input_hi);
    hdf5::write_attribute(group, "first_iteration", w.first_iteration);
    hdf5::write_attribute(group, "iterations", w.iterations);
    hdf5::write_attribute(group, "final_loss", w.final_loss);
  }
}

void read_result_windows(const H5::Group& network, ResultData& result) {
  auto& edges = result.window_edges;
  auto& windows = result.windows;
  if (!network.attrExists("window_edges")) return;
  edges = hdf5::read_doubles_attribute(network, "window_edges");
  result.window_time = hdf5::read_string_attribute(network, "window_time");
  for (size_t k = 0; network.nameExists(window_group(k)); ++k) {
    const auto group = network.openGroup(window_group(k));
    WindowNetwork w;
    for (hsize_t i = 0; i < group.getNumObjs(); ++i) {
      NamedArray a;
      a.name = group.getObjnameByIdx(i);
      a.values = hdf5::read_doubles(group, a.name, &a.shape);
      w.parameters.push_back(std::move(a));
    }
    w.input_lo = hdf5::read_doubles_attribute(group, "input_lo");
    w.input_hi = hdf5::read_doubles_attribute(group, "input_hi");
    w.first_iteration = hdf5::read_int_attribute(group, "first_iteration");
    w.iterations = hdf5::read_int_attribute(group, "iterations");
    w.final_loss = hdf5::read_double_attribute(group, "final_loss");
    windows.push_back(std::move(w));
  }
}

void write_window_progress(H5::H5File& file, const WindowProgress& progress) {
  if (!progress.used()) return;
  auto group = file.createGroup("windows");
  hdf5::write_attribute(group, "window", progress.window);
  for (size_t k = 0; k < progress.finished.size(); ++k) {
    const auto& w = progress.finished[k];
    auto g = group.createGroup(window_group(k));
    hdf5::write_bytes(g, "network", w.network);
    hdf5::write_dataset(g, "phase_starts", w.phase_starts);
    hdf5::write_dataset(g, "resampled_at", w.resampled_at);
    hdf5::write_attribute(g, "iterations", w.iterations);
    hdf5::write_attribute(g, "final_loss", w.final_loss);
    hdf5::write_attribute(g, "wall_time_s", w.wall_time_s);
    hdf5::write_attribute(g, "rollbacks", w.rollbacks);
    hdf5::write_attribute(g, "message", w.message);
  }
}

WindowProgress read_window_progress(const H5::H5File& file) {
  WindowProgress progress;
  if (!file.nameExists("windows")) return progress;
  const auto group = file.openGroup("windows");
  progress.window = hdf5::read_int_attribute(group, "window");
  for (size_t k = 0; group.nameExists(window_group(k)); ++k) {
    const auto g = group.openGroup(window_group(k));
    FinishedWindow w;
    w.network = hdf5::read_bytes(g, "network");
    w.phase_starts = hdf5::read_ints(g, "phase_starts");
    w.resampled_at = hdf5::read_ints(g, "resampled_at");
    w.iterations = hdf5::read_int_attribute(g, "iterations");
    w.final_loss = hdf5::read_double_attribute(g, "final_loss");
    w.wall_time_s = hdf5::read_double_attribute(g, "wall_time_s");
    w.rollbacks = hdf5::read_int_attribute(g, "rollbacks");
    w.message = hdf5::read_string_attribute(g, "message");
    progress.finished.push_back(std::move(w));
  }
  return progress;
}

}  // namespace pinn
