#pragma once

// How config scalars are spelled: the number, integer and boolean syntax the Reader accepts, and
// the one canonical spelling the resolved config writes back for each.

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>

namespace pinn::config {

// Shortest decimal text that reads back as the same double ("0.001", "1e-06", "2000").
std::string format_number(double value);
std::string format_number(int64_t value);

// The text of a YAML number. Non-finite results (.inf, .nan, 1e999) are returned as such so that
// callers can say "must be finite" rather than "must be a number"; nullopt for anything else.
std::optional<double> parse_number(const std::string& text);

// The text of an integer: decimal digits with an optional sign, or an integral float such as
// "1e4". `out_of_range` is set for integers beyond int64.
struct ParsedInteger {
  std::optional<int64_t> value;
  bool out_of_range = false;
};
ParsedInteger parse_integer(const std::string& text);

// true/false in the three spellings YAML 1.2 gives them; yes/no/on/off are not booleans here.
std::optional<bool> parse_boolean(const std::string& text);

// What the Reader took a scalar as. Marking a node makes to_yaml write it in canonical form
// ("1.0e-3" read as a number becomes "0.001", "True" becomes "true") while the tree keeps the
// text and mark as written, so later messages still quote and locate the user's spelling.
enum class ReadAs { number, integer, boolean };
void mark_read_as(const YAML::Node& scalar, ReadAs kind);

// Flow-style text of `node` as written ("{a: 1, b: [x, y]}"), for messages.
std::string flow_text(const YAML::Node& node);

// The value of `key` in `map`, found by scanning: operator[] either adds a pending entry
// (non-const) or returns an invalid node that throws when queried (const).
std::optional<YAML::Node> child_of(const YAML::Node& map, const std::string& key);

}  // namespace pinn::config
