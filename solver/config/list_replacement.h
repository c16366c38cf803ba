#pragma once
// An override that replaces a whole list of maps (training.phases=[...]) drops what was set
// in the entries before it: easy to miss when only one entry's setting was meant to change.

#include <yaml-cpp/yaml.h>

#include <string>

#include "solver/config/source.h"

namespace pinn::config {

// When `value` replaces the list of maps `old_node` (at `path`) and leaves out settings made
// before it, the text of a warning naming each dropped setting with where it was set (up to
// six) and the indexed overrides that change only what differs; empty otherwise. A list of
// scalars is one value, replaced whole on purpose: no warning.
std::string dropped_settings(const ConfigSource& source, const YAML::Node& old_node,
                             const YAML::Node& value, const std::string& path);

}  // namespace pinn::config
