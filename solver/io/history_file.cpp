#include "solver/io/history_file.h"

#include <cstring>
#include <string>
#include <vector>

#include "solver/io/hdf5_file.h"

namespace pinn {
namespace {

constexpr const char* kTermPrefix = "loss_";
constexpr const char* kSlopePrefix = "slopes_";
constexpr const char* kUnknownPrefix = "unknown_";
constexpr const char* kWeightPrefix = "weight_";

std::vector<std::string> children(const H5::Group& group) {
  std::vector<std::string> names;
  for (hsize_t i = 0; i < group.getNumObjs(); ++i) names.push_back(group.getObjnameByIdx(i));
  return names;
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

void write_history(H5::H5File& file, const History& h) {
  auto group = file.createGroup("history");
  hdf5::write_dataset(group, "iteration", h.iteration);
  hdf5::write_dataset(group, "phase", h.phase);
  hdf5::write_dataset(group, "time_s", h.time_s);
  hdf5::write_dataset(group, "loss", h.loss);
  hdf5::write_dataset(group, "problem_loss", h.problem_loss);
  hdf5::write_dataset(group, "rel_l2", h.rel_l2);
  if (!h.window.empty()) hdf5::write_dataset(group, "window", h.window);
  for (size_t i = 0; i < h.term_names.size(); ++i) {
    hdf5::write_dataset(group, kTermPrefix + h.term_names[i], h.term_loss[i]);
  }
  for (size_t i = 0; i < h.unknown_names.size(); ++i) {
    hdf5::write_dataset(group, kUnknownPrefix + h.unknown_names[i], h.unknown_values[i]);
  }
  for (size_t i = 0; i < h.weight_names.size(); ++i) {
    hdf5::write_dataset(group, kWeightPrefix + h.weight_names[i], h.term_weight[i]);
  }
  if (!h.causal_min_weight.empty()) {
    hdf5::write_dataset(group, "causal_min_weight", h.causal_min_weight);
    hdf5::write_dataset(group, "causal_epsilon", h.causal_epsilon);
  }
  auto activations = file.createGroup("activations");
  for (size_t k = 0; k < h.slopes.size(); ++k) {
    const auto width = static_cast<uint64_t>(h.slope_widths[k]);
    hdf5::write_dataset(activations, kSlopePrefix + std::to_string(k), h.slopes[k],
                        {h.slopes[k].size() / width, width});
  }
}

History read_history(const H5::H5File& file) {
  History h;
  auto history = file.openGroup("history");
  h.iteration = hdf5::read_ints(history, "iteration");
  h.phase = hdf5::read_strings(history, "phase");
  h.time_s = hdf5::read_doubles(history, "time_s");
  h.loss = hdf5::read_doubles(history, "loss");
  if (history.nameExists("problem_loss"))
    h.problem_loss = hdf5::read_doubles(history, "problem_loss");
  h.rel_l2 = hdf5::read_doubles(history, "rel_l2");
  if (history.nameExists("window")) h.window = hdf5::read_ints(history, "window");
  for (const auto& name : children(history)) {
    if (!starts_with(name, kTermPrefix)) continue;
    h.term_names.push_back(name.substr(std::strlen(kTermPrefix)));
    h.term_loss.push_back(hdf5::read_doubles(history, name));
  }
  for (const auto& name : children(history)) {
    if (!starts_with(name, kUnknownPrefix)) continue;
    h.unknown_names.push_back(name.substr(std::strlen(kUnknownPrefix)));
    h.unknown_values.push_back(hdf5::read_doubles(history, name));
  }
  for (const auto& name : children(history)) {
    if (!starts_with(name, kWeightPrefix)) continue;
    h.weight_names.push_back(name.substr(std::strlen(kWeightPrefix)));
    h.term_weight.push_back(hdf5::read_doubles(history, name));
  }
  if (history.nameExists("causal_min_weight")) {
    h.causal_min_weight = hdf5::read_doubles(history, "causal_min_weight");
    h.causal_epsilon = hdf5::read_doubles(history, "causal_epsilon");
  }
  auto activations = file.openGroup("activations");
  for (size_t k = 0; activations.nameExists(kSlopePrefix + std::to_string(k)); ++k) {
    std::vector<uint64_t> shape;
    h.slopes.push_back(hdf5::read_doubles(activations, kSlopePrefix + std::to_string(k), &shape));
    h.slope_widths.push_back(static_cast<int64_t>(shape.at(1)));
  }
  return h;
}

}  // namespace pinn
