#include "solver/study/grid.h"

#include <map>
#include <set>
#include <stdexcept>

namespace pinn::study {
namespace {

std::string last_segment(const std::string& key) {
  const auto dot = key.find_last_of('.');
  return dot == std::string::npos ? key : key.substr(dot + 1);
}

// "scale" for network.adaptive.scale, unless another key of the study also ends in "scale".
std::map<std::string, std::string> short_labels(const std::vector<GridBlock>& blocks) {
  std::map<std::string, std::set<std::string>> keys_by_segment;
  for (const auto& block : blocks) {
    for (const auto& axis : block) keys_by_segment[last_segment(axis.key)].insert(axis.key);
  }
  std::map<std::string, std::string> labels;
  for (const auto& [segment, keys] : keys_by_segment) {
    for (const auto& key : keys) labels[key] = keys.size() == 1 ? segment : key;
  }
  return labels;
}

std::string name_part(const std::string& label, const std::string& value) {
  std::string cleaned;
  for (char c : value) {
    if (c == ' ' || c == '\t' || c == '\n') continue;
    cleaned += c == '/' ? '_' : c;
  }
  return label + "=" + cleaned;
}

}  // namespace

std::vector<Variant> expand_grid(const std::vector<GridBlock>& blocks) {
  const auto labels = short_labels(blocks);
  std::vector<Variant> variants;
  for (const auto& block : blocks) {
    std::vector<Variant> partial = {Variant{}};
    for (const auto& axis : block) {
      if (axis.values.empty()) {
        throw std::invalid_argument("grid key '" + axis.key + "' has no values");
      }
      std::vector<Variant> next;
      for (const auto& variant : partial) {
        for (const auto& value : axis.values) {
          Variant extended = variant;
          extended.settings.push_back(value);
          const auto part = name_part(labels.at(axis.key), value.value);
          extended.name += (extended.name.empty() ? "" : ",") + part;
          next.push_back(std::move(extended));
        }
      }
      partial = std::move(next);
    }
    for (auto& v : partial) variants.push_back(std::move(v));
  }
  if (variants.empty()) variants.push_back({"base", {}});
  std::set<std::string> seen;
  for (auto& v : variants) {
    if (v.name.empty()) v.name = "base";
    if (!seen.insert(v.name).second) {
      throw std::invalid_argument("variant '" + v.name + "' appears twice in the grid");
    }
  }
  return variants;
}

}  // namespace pinn::study
