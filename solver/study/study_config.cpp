#include "solver/study/study_config.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <thread>

#include "solver/config/config_error.h"
#include "solver/config/reader.h"
#include "solver/config/yaml_text.h"

namespace pinn::study {
namespace {

namespace fs = std::filesystem;
using config::Reader;
using config::Rule;

// Keys the study itself decides for every run; a study file may not set them.
const std::set<std::string> kStudyOwnedKeys = {"training.seed", "training.threads", "output.file"};

using config::flow_text;

std::string where(const config::ConfigSource& source, const std::string& path,
                  const YAML::Node& node) {
  return source.location(path, node.Mark());
}

// Walks nested maps down to their leaves, calling leaf(dotted key, node, path of the node).
template <typename Leaf>
void flatten(const YAML::Node& map, const std::string& prefix, const std::string& path,
             const Leaf& leaf) {
  for (const auto& entry : map) {
    const auto name = entry.first.as<std::string>();
    const auto key = prefix.empty() ? name : prefix + "." + name;
    const auto child_path = path + "." + name;
    if (entry.second.IsMap()) {
      flatten(entry.second, key, child_path, leaf);
    } else {
      leaf(key, entry.second, child_path);
    }
  }
}

void check_owned(const config::ConfigSource& source, const std::string& key, const YAML::Node& node,
                 const std::string& path) {
  if (kStudyOwnedKeys.count(key)) {
    throw config::ConfigError(where(source, path, node),
                              "key '" + path + "': " + key +
                                  " is set by the study for every run (seeds, threads, output); "
                                  "remove it here");
  }
}

// A setting's value as an override's: `~` (null) turns an optional section off or resets
// a key to its default, as `key=~` does on the command line.
std::string setting_text(const YAML::Node& node) { return node.IsNull() ? "~" : flow_text(node); }

std::vector<Setting> read_common(const Reader& root, config::ConfigSource& source) {
  std::vector<Setting> common;
  const auto node = root.node("set");
  if (!node.IsDefined() || node.IsNull()) return common;
  if (!node.IsMap()) root.fail("set", "must be a map of run settings (key: value)");
  flatten(node, "", "set",
          [&](const std::string& key, const YAML::Node& value, const std::string& path) {
            check_owned(source, key, value, path);
            common.push_back({key, setting_text(value), where(source, path, value)});
          });
  return common;
}

GridBlock read_block(const YAML::Node& map, const std::string& path, config::ConfigSource& source) {
  GridBlock block;
  flatten(
      map, "", path,
      [&](const std::string& key, const YAML::Node& node, const std::string& leaf_path) {
        check_owned(source, key, node, leaf_path);
        GridAxis axis{key, {}};
        if (node.IsSequence()) {
          if (node.size() == 0) {
            throw config::ConfigError(where(source, leaf_path, node),
                                      "key '" + leaf_path + "': the list of values is empty");
          }
          for (std::size_t i = 0; i < node.size(); ++i) {
            const auto item = node[i];
            axis.values.push_back({key, setting_text(item),
                                   where(source, leaf_path + "[" + std::to_string(i) + "]", item)});
          }
        } else {
          axis.values.push_back({key, setting_text(node), where(source, leaf_path, node)});
        }
        block.push_back(std::move(axis));
      });
  return block;
}

// A scale only multiplies adaptive slopes, so a block that crosses mode fixed with scales
// other than 1 would run the same fixed network once per scale. Refused, naming the layout
// that says what was meant: fixed in a block of its own.
void refuse_fixed_with_scale(const GridBlock& block) {
  const GridAxis* modes = nullptr;
  const GridAxis* scales = nullptr;
  for (const auto& axis : block) {
    if (axis.key == "network.adaptive.mode") modes = &axis;
    if (axis.key == "network.adaptive.scale") scales = &axis;
  }
  if (!modes || !scales) return;
  std::string adaptive;
  bool fixed = false;
  for (const auto& mode : modes->values) {
    if (mode.value == "fixed") {
      fixed = true;
    } else {
      adaptive += (adaptive.empty() ? "" : ", ") + mode.value;
    }
  }
  if (!fixed) return;
  std::string listed;
  for (const auto& scale : scales->values) listed += (listed.empty() ? "" : ", ") + scale.value;
  for (const auto& scale : scales->values) {
    const auto value = config::parse_number(scale.value);
    if (!value || *value == 1.0) continue;
    throw config::ConfigError(
        scale.origin,
        "network.adaptive.scale " + scale.value +
            " meets network.adaptive.mode fixed in the same grid block: scale applies to "
            "adaptive slopes only, so the fixed network would run once per scale. Put mode "
            "fixed in a grid block of its own: grid: [{network.adaptive.mode: fixed}, "
            "{network.adaptive.mode: [" +
            (adaptive.empty() ? std::string("global") : adaptive) + "], network.adaptive.scale: [" +
            listed + "]}]");
  }
}

std::vector<Variant> read_grid(const Reader& root, config::ConfigSource& source) {
  const auto node = root.node("grid");
  std::vector<GridBlock> blocks;
  if (node.IsDefined() && !node.IsNull()) {
    if (node.IsMap()) {
      blocks.push_back(read_block(node, "grid", source));
    } else if (node.IsSequence()) {
      for (std::size_t i = 0; i < node.size(); ++i) {
        const auto path = "grid[" + std::to_string(i) + "]";
        if (!node[i].IsMap()) {
          throw config::ConfigError(where(source, path, node[i]),
                                    "key '" + path + "': must be a map of key: [values]");
        }
        blocks.push_back(read_block(node[i], path, source));
      }
    } else {
      root.fail("grid", "must be a map of key: [values], or a list of such maps");
    }
  }
  for (const auto& block : blocks) refuse_fixed_with_scale(block);
  try {
    return expand_grid(blocks);
  } catch (const std::invalid_argument& e) {
    root.fail("grid", e.what());
  }
}

}  // namespace

StudyConfig parse_study_config(config::ConfigSource& source) {
  StudyConfig study;
  const Reader root(source);
  const auto base = root.required_string(
      "base",
      Rule<std::string>([](const std::string& s) { return !s.empty(); }, "must not be empty"));
  const fs::path base_path = fs::path(source.name()).parent_path() / base;
  if (!fs::is_regular_file(base_path)) {
    root.fail("base", "value '" + base + "': no such config file '" + base_path.string() + "'");
  }
  study.base = base_path.lexically_normal().string();
  study.common = read_common(root, source);
  study.variants = read_grid(root, source);
  study.seeds = root.integers("seeds", {1, 2, 3, 4, 5}, Rule<int64_t>::non_negative());
  if (std::set<int64_t>(study.seeds.begin(), study.seeds.end()).size() != study.seeds.size()) {
    root.fail("seeds", "has a seed twice; every seed must appear once");
  }
  study.jobs = root.integer("jobs", 1, Rule<int64_t>::in_range(1, 256));
  const auto cores = static_cast<int64_t>(std::max(1u, std::thread::hardware_concurrency()));
  study.threads = root.integer("threads", std::max<int64_t>(1, cores / study.jobs),
                               Rule<int64_t>::in_range(1, 1024));
  study.thresholds = root.numbers("thresholds", study.thresholds, Rule<double>::positive());
  std::sort(study.thresholds.begin(), study.thresholds.end(), std::greater<>());
  const auto stem = fs::path(source.name()).stem().string();
  study.output = root.string(
      "output", stem + ".h5",
      Rule<std::string>([](const std::string& s) { return !s.empty(); }, "must not be empty"));
  root.finish();
  study.resolved_yaml = config::to_yaml(source.root());
  return study;
}

std::string runs_directory(const std::string& output) {
  fs::path path(output);
  return path.replace_extension(".runs").string();
}

}  // namespace pinn::study
