#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace pinn::config {

class Reader;

// A loaded configuration tree plus what is needed to say where each value came from.
//
// Values parsed from a file carry yaml-cpp marks; values set by a command-line override are
// remembered by dotted path together with the override text, because their marks point into the
// override string rather than into the file. Copies share the same YAML tree (yaml-cpp nodes are
// handles), so keep one ConfigSource per run and pass it by reference.
class ConfigSource {
 public:
  // `name` is what locations print: the file path, or a label for in-memory text.
  ConfigSource(YAML::Node root, std::string name);

  // Handle to the root map; edits through it change this source's tree.
  YAML::Node root() const { return root_; }
  const std::string& name() const { return name_; }

  // Where the node at dotted `path` (list elements as "a.b[2]") came from: the override that set
  // it or one of its ancestors, else "name:line:column" (1-based) from `mark`, else just the
  // name when the mark is null (a node created in memory).
  std::string location(const std::string& path, const YAML::Mark& mark) const;

  // The override text ("a.b=1") that set `path` or its nearest ancestor, if any.
  std::optional<std::string> override_for(const std::string& path) const;

  // Notes that `assignment`, given at `origin` ("command line", or a place in a study file),
  // set `path`; forgets overrides of `path` and everything below it, since the new value
  // replaced them.
  void record_override(const std::string& path, const std::string& assignment,
                       const std::string& origin = "command line");

  // Things the overrides did that are allowed but easily not meant (a list replaced whole,
  // dropping settings the file made in it), in the order they arose, each once. Callers print
  // them as warnings; they never stop a run.
  const std::vector<std::string>& warnings() const { return warnings_; }
  void warn(const std::string& text);

 private:
  friend class Reader;

  YAML::Node root_;
  std::string name_;
  struct Override {
    std::string assignment;
    std::string origin;
  };
  // The override that set `path` or its nearest ancestor, or null.
  const Override* find_override(const std::string& path) const;

  std::map<std::string, Override> overrides_;
  std::vector<std::string> warnings_;
  // Reader bookkeeping: for each section path, the keys the schema asked for. Kept here so that
  // every Reader on the same section sees the same set when finish() looks for unknown keys.
  std::map<std::string, std::set<std::string>> read_keys_;
};

// Loads a YAML file whose top level is a map. Throws ConfigError for an unreadable file (with the
// OS reason), text that is not UTF-8 (at the first offending byte's line:column; a UTF-16 or
// UTF-32 file is named as such) or holds control characters, a tab that indents content (at the
// tab), a YAML syntax error (at its line:column), several documents, or a non-map top level.
// A leading UTF-8 byte order mark is skipped. An empty file gives an empty map, so every setting
// takes its default.
ConfigSource load_config_file(const std::string& path);

// As load_config_file, for text held in memory; `name` labels locations in messages.
ConfigSource load_config_string(const std::string& text, const std::string& name);

// Applies one command-line assignment "a.b.c=value". The value is parsed as YAML, so scalars,
// flow lists ("[40,40]") and flow maps ("{mode: global}") work. A map value merges into a map
// that is there: each key it gives wins (maps within it merge the same way), the other keys keep
// their values, and only the keys it gives are located at the override. Any other value (a
// scalar, a list, null) replaces what is there, so "key=~" resets a section to its defaults.
// A list that replaces a list of maps drops the keys and entries it does not give again; each
// such override adds a warning to `source` naming what it dropped and the indexed overrides
// ("a.list.0.key=value") that would have changed only what differs.
// A number steps into a list; the index one past the end appends an entry ("a.list.2=..." sets
// it, "a.list.2.key=..." appends a map and sets its key), so entries are added one at a time.
// Missing intermediate maps are created. Keys are not checked here: the Reader reports unknown
// keys the same way for file and override. Throws ConfigError for text that is not UTF-8, a
// missing '=', an empty key segment, an empty or unparsable value, a path that goes through a key
// holding a non-map value, or a map value that gives a key twice. Errors about the value are
// located at override_location(origin, assignment).
void apply_override(ConfigSource& source, const std::string& assignment,
                    const std::string& origin = "command line");

// Where an override's value came from, in the style of every other location:
// "command line 'a.b=1'", or for one written in a file "study.yaml:4:36: in 'a.b=1'".
std::string override_location(const std::string& origin, const std::string& assignment);

// Block-style YAML for storing and printing a resolved configuration. Lists of scalars and empty
// collections are written in flow style ("[20, 20, 20]") to keep them on one line.
//
// One spelling per value, so that equal settings give equal text: what a Reader read as a number
// is written in the shortest form that reads back as the same double ("1.0e-3" -> 0.001, "1e4"
// -> 10000), an integer in plain decimal, a boolean as true/false; defaults are written that way
// too. Other scalars are written as given, and quoted ones stay quoted (so stay strings).
//
// Keys keep the tree's order: the file's order, then keys that overrides added in the order
// given, then defaults in the order the schema reads them.
std::string to_yaml(const YAML::Node& node);

}  // namespace pinn::config
