#include "solver/config/list_replacement.h"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "solver/common/text.h"
#include "solver/config/yaml_text.h"

namespace pinn::config {
namespace {

// "a.b[0].c" as an override key: "a.b.0.c".
std::string key_form(const std::string& path) {
  std::string key;
  for (char c : path) {
    if (c == '[') {
      key += '.';
    } else if (c != ']') {
      key += c;
    }
  }
  return key;
}

bool holds_maps(const YAML::Node& list) {
  for (const auto& entry : list) {
    if (entry.IsMap()) return true;
  }
  return false;
}

// Settings under `old_node` (at `path`) that `new_node` does not give again, as
// "path = value (where it was set)": keys that a map entry leaves out, and entries past the
// end of the new list. A list of scalars is one value, replaced whole on purpose, so only
// lists of maps are looked into. Locations are taken before the override records itself.
void collect_dropped(const ConfigSource& source, const YAML::Node& old_node,
                     const YAML::Node& new_node, const std::string& path,
                     std::vector<std::string>& dropped) {
  const auto drop = [&](const YAML::Node& node, const std::string& at) {
    dropped.push_back(at + " = " + flow_text(node) + " (" + source.location(at, node.Mark()) + ")");
  };
  if (old_node.IsMap()) {
    for (const auto& entry : old_node) {
      if (!entry.first.IsScalar()) continue;
      const std::string at = path + "." + entry.first.Scalar();
      const auto given = new_node.IsMap() ? child_of(new_node, entry.first.Scalar()) : std::nullopt;
      if (!given) {
        drop(entry.second, at);
      } else {
        collect_dropped(source, entry.second, *given, at, dropped);
      }
    }
  } else if (old_node.IsSequence() && new_node.IsSequence() && holds_maps(old_node)) {
    for (std::size_t i = 0; i < old_node.size(); ++i) {
      const std::string at = path + "[" + std::to_string(i) + "]";
      if (i < new_node.size()) {
        collect_dropped(source, old_node[i], new_node[i], at, dropped);
      } else {
        drop(old_node[i], at);
      }
    }
  }
}

// The indexed overrides that make the changes of `new_node` to `old_node` (at `path`) one
// setting at a time: "training.phases.0.iterations=300", and "training.phases.2={...}" for
// an entry past the old end.
void collect_indexed(const YAML::Node& old_node, const YAML::Node& new_node,
                     const std::string& path, std::vector<std::string>& indexed) {
  if (old_node.IsMap() && new_node.IsMap()) {
    for (const auto& entry : new_node) {
      if (!entry.first.IsScalar()) continue;
      const std::string at = path + "." + entry.first.Scalar();
      const auto old_child = child_of(old_node, entry.first.Scalar());
      if (old_child) {
        collect_indexed(*old_child, entry.second, at, indexed);
      } else {
        indexed.push_back(key_form(at) + "=" + flow_text(entry.second));
      }
    }
  } else if (old_node.IsSequence() && new_node.IsSequence() && holds_maps(old_node)) {
    for (std::size_t i = 0; i < new_node.size(); ++i) {
      const std::string at = path + "[" + std::to_string(i) + "]";
      if (i < old_node.size()) {
        collect_indexed(old_node[i], new_node[i], at, indexed);
      } else {
        indexed.push_back(key_form(at) + "=" + flow_text(new_node[i]));
      }
    }
  } else if (flow_text(old_node) != flow_text(new_node)) {
    indexed.push_back(key_form(path) + "=" + flow_text(new_node));
  }
}

// How many settings a warning names.
constexpr std::size_t kListed = 6;

// The first kListed of `items`, joined by `separator`.
std::string first_listed(const std::vector<std::string>& items, const std::string& separator) {
  const auto end = items.begin() + static_cast<std::ptrdiff_t>(std::min(items.size(), kListed));
  return join(std::vector<std::string>(items.begin(), end), separator);
}

}  // namespace

std::string dropped_settings(const ConfigSource& source, const YAML::Node& old_node,
                             const YAML::Node& value, const std::string& path) {
  if (!old_node.IsSequence() || !value.IsSequence()) return "";
  std::vector<std::string> dropped;
  collect_dropped(source, old_node, value, path, dropped);
  if (dropped.empty()) return "";
  std::string listed = first_listed(dropped, "; ");
  if (dropped.size() > kListed) {
    listed += "; and " + std::to_string(dropped.size() - kListed) + " more";
  }
  std::vector<std::string> indexed;
  collect_indexed(old_node, value, path, indexed);
  std::string fix = first_listed(indexed, " ");
  if (fix.empty()) fix = key_form(path) + ".0.<key>=<value>";
  return "the override replaces the whole list " + path +
         ", dropping what was set there before: " + listed +
         " (a dropped key takes its default, a dropped entry is removed). To change single "
         "settings and keep the others, set them by index instead: " +
         fix;
}

}  // namespace pinn::config
