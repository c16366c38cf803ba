#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "solver/config/source.h"
#include "solver/config/yaml_text.h"

namespace pinn::config {

// A constraint on a value plus the phrase that explains it ("must be > 0"). A default-constructed
// rule accepts everything. Rules combine with all_of(); a failing combined rule reports the first
// clause that failed, so messages stay short.
template <typename T>
class Rule {
 public:
  using Predicate = std::function<bool(const T&)>;

  Rule() = default;
  Rule(Predicate accepts, std::string text) {
    clauses_.push_back({std::move(accepts), std::move(text)});
  }

  // The text of the first clause `value` breaks, or nullopt when it satisfies all of them.
  std::optional<std::string> violation(const T& value) const {
    for (const auto& clause : clauses_) {
      if (!clause.accepts(value)) return clause.text;
    }
    return std::nullopt;
  }
  bool accepts(const T& value) const { return !violation(value); }

  // All clause texts joined with " and "; empty for the accept-all rule.
  std::string text() const {
    std::string joined;
    for (const auto& clause : clauses_) joined += (joined.empty() ? "" : " and ") + clause.text;
    return joined;
  }

  static Rule all_of(const std::vector<Rule>& rules) {
    Rule combined;
    for (const auto& rule : rules) {
      combined.clauses_.insert(combined.clauses_.end(), rule.clauses_.begin(), rule.clauses_.end());
    }
    return combined;
  }

  static Rule positive() {
    return Rule([](const T& v) { return v > T(0); }, "must be > 0");
  }
  static Rule non_negative() {
    return Rule([](const T& v) { return v >= T(0); }, "must be >= 0");
  }
  static Rule greater_than(T bound) {
    return Rule([bound](const T& v) { return v > bound; }, "must be > " + format_number(bound));
  }
  static Rule at_least(T bound) {
    return Rule([bound](const T& v) { return v >= bound; }, "must be >= " + format_number(bound));
  }
  static Rule less_than(T bound) {
    return Rule([bound](const T& v) { return v < bound; }, "must be < " + format_number(bound));
  }
  static Rule at_most(T bound) {
    return Rule([bound](const T& v) { return v <= bound; }, "must be <= " + format_number(bound));
  }
  // Closed interval [lo, hi].
  static Rule in_range(T lo, T hi) {
    return Rule([lo, hi](const T& v) { return v >= lo && v <= hi; },
                "must be in [" + format_number(lo) + ", " + format_number(hi) + "]");
  }

 private:
  struct Clause {
    Predicate accepts;
    std::string text;
  };
  std::vector<Clause> clauses_;
};

// A text scalar of the config and where it is, so that a fault found inside it (a formula's
// unknown name) can be located at its own column.
struct LocatedText {
  std::string text;
  std::string path;      // dotted key path ("problem.equations[0]")
  std::string location;  // where the scalar is ("cfg.yaml:12:15", or an override's origin)
  // File line and column (1-based) of the text's first character; 0 where they are not known
  // (an override, a multi-line scalar).
  int line = 0;
  int column = 0;
  // The location of the text's character `column` (1-based; 0: the scalar's own location).
  std::string at(int column) const;
};

// A view on one map of a ConfigSource, at a dotted path (the root has path "").
//
// Getters validate the value and throw ConfigError naming the key's full path, the value, the
// rule broken and where the value came from. They record which keys were asked for, so finish()
// can reject keys nobody reads (typos). When a key is absent (or null), the default is written
// into the shared tree, so that to_yaml(source.root()) afterwards shows every effective setting;
// defaults are checked against the rule too (std::logic_error: a schema bug, not a user error).
// Defaults are written in canonical form, and values read as numbers, integers or booleans are
// marked so that to_yaml writes them in that form too: equal settings give equal text.
// The optional_* getters write nothing for an absent key; required_* getters throw
// "missing required key".
//
// The ConfigSource must outlive every Reader made from it. Readers are cheap handles; copies
// view the same map and share the record of read keys.
class Reader {
 public:
  explicit Reader(ConfigSource& source);
  Reader(const Reader& other) = default;
  // yaml-cpp's Node assignment would overwrite the viewed node; rebind the handle instead.
  Reader& operator=(const Reader& other);

  // True when `key` is present with a non-null value. Does not count as reading it.
  bool has(const std::string& key) const;

  // The map at `key`. A missing or null key gives an empty map (inserted into the tree) so its
  // getters write their defaults there; a non-map value is an error.
  Reader section(const std::string& key) const;
  // The map at `key`, or nothing when the key is absent or null (`key=~` turns an optional
  // section off); either way the key counts as read. A non-map value is an error.
  std::optional<Reader> optional_section(const std::string& key) const;
  // A list of maps (e.g. boundary conditions); element i has path "key[i]". Missing: empty.
  std::vector<Reader> sections(const std::string& key) const;
  // As sections(), with `default_value` (a YAML list of maps) written into the tree
  // and read when the key is absent or null.
  std::vector<Reader> sections(const std::string& key, const YAML::Node& default_value) const;

  // Real numbers: integers and floats ("1e-3") are accepted; .inf/.nan are rejected.
  double number(const std::string& key, double default_value, const Rule<double>& rule = {}) const;
  double required_number(const std::string& key, const Rule<double>& rule = {}) const;
  std::optional<double> optional_number(const std::string& key,
                                        const Rule<double>& rule = {}) const;

  // Integers: "12", and integral floats such as "1e4"; 1.5 and values beyond int64 are rejected.
  int64_t integer(const std::string& key, int64_t default_value,
                  const Rule<int64_t>& rule = {}) const;
  int64_t required_integer(const std::string& key, const Rule<int64_t>& rule = {}) const;
  std::optional<int64_t> optional_integer(const std::string& key,
                                          const Rule<int64_t>& rule = {}) const;

  // true/false (also True/TRUE/False/FALSE); yes/no/on/off are rejected as ambiguous.
  bool boolean(const std::string& key, bool default_value) const;
  bool required_boolean(const std::string& key) const;
  std::optional<bool> optional_boolean(const std::string& key) const;

  // Any scalar, taken as written.
  std::string string(const std::string& key, const std::string& default_value,
                     const Rule<std::string>& rule = {}) const;
  std::string required_string(const std::string& key, const Rule<std::string>& rule = {}) const;
  std::optional<std::string> optional_string(const std::string& key,
                                             const Rule<std::string>& rule = {}) const;

  // One of `valid` (case-sensitive); the error lists the valid names sorted.
  std::string choice(const std::string& key, const std::string& default_value,
                     const std::vector<std::string>& valid) const;
  std::string required_choice(const std::string& key, const std::vector<std::string>& valid) const;
  std::optional<std::string> optional_choice(const std::string& key,
                                             const std::vector<std::string>& valid) const;

  // A list of names, each one of `valid`; may be empty.
  std::vector<std::string> choices(const std::string& key,
                                   const std::vector<std::string>& default_value,
                                   const std::vector<std::string>& valid) const;

  // Lists; `rule` applies to each element, and errors name the element ("key[2]").
  std::vector<int64_t> integers(const std::string& key, const std::vector<int64_t>& default_value,
                                const Rule<int64_t>& rule = {}, bool allow_empty = false) const;
  std::vector<int64_t> required_integers(const std::string& key, const Rule<int64_t>& rule = {},
                                         bool allow_empty = false) const;
  std::optional<std::vector<int64_t>> optional_integers(const std::string& key,
                                                        const Rule<int64_t>& rule = {},
                                                        bool allow_empty = false) const;
  std::vector<double> numbers(const std::string& key, const std::vector<double>& default_value,
                              const Rule<double>& rule = {}, bool allow_empty = false) const;
  std::vector<double> required_numbers(const std::string& key, const Rule<double>& rule = {},
                                       bool allow_empty = false) const;
  std::optional<std::vector<double>> optional_numbers(const std::string& key,
                                                      const Rule<double>& rule = {},
                                                      bool allow_empty = false) const;

  // A required text scalar, or a list of them (each element located), or with
  // `allow_map`, a map of them in file order (each entry's `path` ends in its key).
  std::vector<LocatedText> located_texts(const std::string& key, bool allow_map = false) const;
  LocatedText located_text(const std::string& key) const;

  // Escape hatch for shapes the getters do not cover: the raw node (undefined when absent),
  // counted as read. Use fail() to report problems with it.
  YAML::Node node(const std::string& key) const;

  // Throws ConfigError "<location(key)>: key '<path(key)>': <text>", for checks that involve
  // several keys or custom parsing.
  [[noreturn]] void fail(const std::string& key, const std::string& text) const;

  // Throws ConfigError for the first key present in this map that no getter asked for, listing
  // the keys that were asked for. Call it after reading everything in the section; it checks
  // direct children only (nested sections finish themselves).
  void finish() const;

  // Keys present in this map, in file order (for sections with user-chosen keys).
  std::vector<std::string> keys() const;

  // Dotted path of this section ("" for the root) and of one of its keys.
  const std::string& path() const { return path_; }
  std::string path(const std::string& key) const;

  // Where the value of `key` came from; for an absent key, where this section is (its key in
  // the parent, or the file for the root).
  std::string location(const std::string& key) const;
  // Where this section itself is.
  const std::string& location() const { return where_; }

 private:
  Reader(ConfigSource* source, YAML::Node node, std::string path, std::string where);

  // The non-null value of `key`, counted as read; nullopt when absent or null.
  std::optional<YAML::Node> fetch(const std::string& key) const;
  // Writes a default for an absent key into the tree.
  void store(const std::string& key, const YAML::Node& value) const;
  [[noreturn]] void missing(const std::string& key) const;
  // Location of the node at `full_path` with `mark`; this section's location for nodes made in
  // memory (null mark) that no override set.
  std::string locate(const std::string& full_path, const YAML::Mark& mark) const;
  void check_unique_keys() const;

  LocatedText located_scalar(const YAML::Node& node, const std::string& full_path,
                             const std::string& where) const;

  template <typename T, typename Parse>
  std::optional<T> read_optional(const std::string& key, Parse parse) const;
  template <typename T, typename Parse>
  T read_required(const std::string& key, Parse parse) const;
  template <typename T, typename Parse, typename Encode>
  T read_default(const std::string& key, const T& default_value, Parse parse,
                 const std::function<std::optional<std::string>(const T&)>& check,
                 Encode encode) const;

  ConfigSource* source_;
  YAML::Node node_;
  std::string path_;
  std::string where_;
};

}  // namespace pinn::config
