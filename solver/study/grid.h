#pragma once
// The variants of a study: blocks of settings, each expanded to the Cartesian
// product of its values, and a short readable name for every variant.

#include <string>
#include <vector>

namespace pinn::study {

// One run setting as a config override: key "network.adaptive.scale", value "5" (YAML
// flow text), and where the value was written (for messages).
struct Setting {
  std::string key;
  std::string value;
  std::string origin;
  std::string assignment() const { return key + "=" + value; }
};

// One key of a grid block with its candidate values (every Setting has that key).
struct GridAxis {
  std::string key;
  std::vector<Setting> values;
};
using GridBlock = std::vector<GridAxis>;

struct Variant {
  std::string name;  // "mode=global,scale=5"; "base" when the grid is empty
  std::vector<Setting> settings;
};

// Every block's Cartesian product (first axis slowest), blocks in order. Names use the
// last segment of each key ("scale") unless two keys of the study share it, then the
// whole key; values lose their spaces and '/' becomes '_', so a name is also a valid
// file and HDF5 name. Throws std::invalid_argument for an axis without values or two
// variants with the same name.
std::vector<Variant> expand_grid(const std::vector<GridBlock>& blocks);

}  // namespace pinn::study
