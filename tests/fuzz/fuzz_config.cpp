// libFuzzer target for the config loader and the override parser. An input is a
// YAML file, optionally followed by a NUL byte and command-line overrides, one per
// line. The contract under test: whatever the bytes, loading, overriding, reading
// typed values and printing the resolved YAML either succeed or throw ConfigError;
// no other exception, crash, leak or undefined behaviour.

#include <cstddef>
#include <cstdint>
#include <string>

#include "solver/config/config_error.h"
#include "solver/config/reader.h"
#include "solver/config/source.h"

namespace {

using pinn::config::Reader;
using pinn::config::Rule;

// Reads a schema shaped like a run config's, so typed getters meet every kind of node.
void read_like_a_run(pinn::config::ConfigSource& source) {
  const Reader root(source);
  const auto problem = root.section("problem");
  problem.optional_string("name");
  problem.numbers("x", {-1.0, 1.0});
  problem.number("nu", 0.01, Rule<double>::positive());
  const auto network = root.section("network");
  network.integers("hidden", {20, 20}, Rule<int64_t>::positive());
  network.choice("activation", "tanh", {"tanh", "sin", "relu"});
  network.section("adaptive").number("scale", 1.0, Rule<double>::at_least(1.0));
  const auto training = root.section("training");
  training.integer("seed", 1234, Rule<int64_t>::non_negative());
  training.boolean("verbose", false);
  training.section("adam").number("lr", 1e-3, Rule<double>::positive());
  for (const auto& term : root.section("sampling").sections("terms")) {
    term.integer("points", 100, Rule<int64_t>::in_range(1, 1000000));
  }
  root.finish();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const auto split = input.find('\0');
  try {
    auto source = pinn::config::load_config_string(input.substr(0, split), "fuzz.yaml");
    if (split != std::string::npos) {
      std::string overrides = input.substr(split + 1);
      size_t begin = 0;
      while (begin <= overrides.size()) {
        const auto end = std::min(overrides.find('\n', begin), overrides.size());
        try {
          pinn::config::apply_override(source, overrides.substr(begin, end - begin));
        } catch (const pinn::config::ConfigError&) {
          // a refused override leaves the tree as it was; go on with the next
        }
        begin = end + 1;
      }
    }
    pinn::config::to_yaml(source.root());
    read_like_a_run(source);
    pinn::config::to_yaml(source.root());
  } catch (const pinn::config::ConfigError&) {
    // the one way bad input may end
  }
  return 0;
}
