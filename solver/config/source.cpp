#include "solver/config/source.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <set>
#include <sstream>
#include <utility>
#include <vector>

#include "solver/config/config_error.h"
#include "solver/config/input_text.h"
#include "solver/config/list_replacement.h"
#include "solver/config/yaml_text.h"

namespace pinn::config {

namespace {

// True when `path` is `ancestor` itself or lies below it ("a.b", "a.b.c", "a.b[0]").
bool is_same_or_below(const std::string& path, const std::string& ancestor) {
  if (path.compare(0, ancestor.size(), ancestor) != 0) return false;
  if (path.size() == ancestor.size()) return true;
  const char next = path[ancestor.size()];
  return next == '.' || next == '[';
}

std::string mark_location(const std::string& name, const YAML::Mark& mark) {
  if (mark.is_null()) return name;
  return name + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

const char* kind_name(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "map";
    case YAML::NodeType::Sequence:
      return "list";
    case YAML::NodeType::Scalar:
      return "scalar";
    default:
      return "null";
  }
}

// Where each document of a YAML stream starts; the parse itself is discarded.
class DocumentStarts : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { marks.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  std::vector<YAML::Mark> marks;
};

// A YAML syntax error, before it becomes a ConfigError: its mark says which line to look at for
// tabs.
struct SyntaxError {
  YAML::Mark mark;
  std::string text;
};

// The number of documents in `text`. yaml-cpp 0.7's LoadAll never returns on some
// inputs (a lone ','): its parser reports an empty document there without consuming
// the token, again and again, while memory grows. A document that starts where the
// previous one did is that case, refused as the syntax error it is.
size_t count_documents(const std::string& text, const std::string& name) {
  std::istringstream stream(text);
  YAML::Parser parser(stream);
  DocumentStarts starts;
  while (parser.HandleNextDocument(starts)) {
    const auto& m = starts.marks;
    if (m.size() >= 2 && m.back().pos == m[m.size() - 2].pos) {
      const auto pos = static_cast<size_t>(m.back().pos);
      const std::string token = pos < text.size() ? std::string(1, text[pos]) : "end of input";
      throw SyntaxError{m.back(), "invalid YAML: unexpected '" + token + "'"};
    }
    if (m.size() == 2) {
      throw ConfigError(mark_location(name, m[1]), "expected one YAML document, found several");
    }
  }
  return starts.marks.size();
}

// The document in `text`; null when there is none.
YAML::Node load_document(const std::string& text, const std::string& name) {
  try {
    if (count_documents(text, name) == 1) return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw SyntaxError{e.mark, "invalid YAML: " + e.msg};
  }
  return YAML::Node();
}

// yaml-cpp refuses tabs on blank lines and before comments, which YAML allows, and says so at
// that line: such a line has its leading tabs turned into spaces (same columns) and the text is
// parsed again. Line by line keeps block scalars, where such a line is content, as written; past
// kLineRetries lines every blank line is done at once, so that the retries stay few. A tab that
// indents content is what YAML forbids; it is reported at the tab, as yaml-cpp's own messages
// for it ("illegal map value") do not say what is wrong.
YAML::Node parse_yaml(std::string text, const std::string& name) {
  constexpr int kLineRetries = 64;
  for (int retries = 0;; ++retries) {
    try {
      return load_document(text, name);
    } catch (const SyntaxError& error) {
      const int line = error.mark.line;
      if (const auto column = indentation_tab(text, line)) {
        throw ConfigError(name + ":" + std::to_string(line + 1) + ":" + std::to_string(*column + 1),
                          "YAML does not allow tabs for indentation; indent with spaces");
      }
      if (!untab_blank_line(text, retries < kLineRetries ? line : -1)) {
        throw ConfigError(mark_location(name, error.mark), error.text);
      }
    }
  }
}

ConfigSource parse_text(const std::string& text, const std::string& name) {
  const std::size_t bom = check_file_encoding(text, name);
  const YAML::Node document = parse_yaml(text.substr(bom), name);
  // A file holding nothing (or only comments) means "all defaults".
  if (!document || document.IsNull()) return ConfigSource(YAML::Node(YAML::NodeType::Map), name);
  if (!document.IsMap()) {
    throw ConfigError(
        mark_location(name, document.Mark()),
        std::string("top level must be a map of sections, not a ") + kind_name(document));
  }
  return ConfigSource(document, name);
}

std::string trim(const std::string& text) {
  const char* blanks = " \t\r\n";
  const auto first = text.find_first_not_of(blanks);
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

// "3" -> 3; anything but a plain non-negative decimal -> nullopt.
std::optional<std::size_t> list_index(const std::string& segment) {
  if (segment.empty() || segment.size() > 9) return std::nullopt;
  for (char c : segment) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return static_cast<std::size_t>(std::stoul(segment));
}

std::vector<std::string> split_key(const std::string& key) {
  std::vector<std::string> segments;
  std::string::size_type start = 0;
  while (true) {
    const auto dot = key.find('.', start);
    segments.push_back(key.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return segments;
}

// Throws ConfigError where merging map `value` into map `target` (at `path`) would have to guess:
// a key given twice, or a key that is not a scalar. Checked before anything changes, so that a
// refused override leaves the tree as it was.
void check_mergeable(const YAML::Node& target, const YAML::Node& value, const std::string& path,
                     const std::string& where) {
  std::set<std::string> seen;
  for (const auto& entry : value) {
    if (!entry.first.IsScalar()) {
      throw ConfigError(where, "cannot set '" + path + "': the key " + flow_text(entry.first) +
                                   " in its value is not a name");
    }
    const std::string& key = entry.first.Scalar();
    if (!seen.insert(key).second) {
      throw ConfigError(where,
                        "cannot set '" + path + "': its value gives key '" + key + "' twice");
    }
    const auto existing = child_of(target, key);
    if (entry.second.IsMap() && existing && existing->IsMap()) {
      check_mergeable(*existing, entry.second, path + "." + key, where);
    }
  }
}

// Warns when `value` replaces the list of maps `old_node` (at `path`) and so drops settings
// made before it (a phase's lr set in the file).
void warn_dropped(ConfigSource& source, const YAML::Node& old_node, const YAML::Node& value,
                  const std::string& path, const std::string& where) {
  const auto dropped = dropped_settings(source, old_node, value, path);
  if (!dropped.empty()) source.warn(where + ": " + dropped);
}

// Sets each key of map `value` in map `target` (at `path`), merging into maps that are there
// already, and records the override for each key set; keys not in `value` keep their values and
// their locations.
void merge_map(ConfigSource& source, YAML::Node target, const YAML::Node& value,
               const std::string& path, const std::string& assignment, const std::string& origin) {
  for (const auto& entry : value) {
    const std::string& key = entry.first.Scalar();
    const std::string child_path = path + "." + key;
    const auto existing = child_of(target, key);
    if (entry.second.IsMap() && existing && existing->IsMap()) {
      merge_map(source, *existing, entry.second, child_path, assignment, origin);
    } else {
      if (existing) {
        warn_dropped(source, *existing, entry.second, child_path,
                     override_location(origin, assignment));
      }
      target[key] = entry.second;
      source.record_override(child_path, assignment, origin);
    }
  }
}

// Why segment `i` of an override key does not index the list at `path` (of `size` entries),
// with the forms that do: an index to change an entry, or the one past the end to append one.
std::string not_an_index(const std::string& key, const std::string& path,
                         const std::vector<std::string>& segments, std::size_t i, std::size_t size,
                         const std::string& value_text) {
  std::string append;
  for (std::size_t j = 0; j < segments.size(); ++j) {
    append += (j == 0 ? "" : ".") + (j == i ? std::to_string(size) : segments[j]);
  }
  const std::string change =
      size == 0   ? ""
      : size == 1 ? "use 0 to change the entry, or "
                  : "use 0 to " + std::to_string(size - 1) + " to change an entry, or ";
  return "cannot set '" + key + "': '" + path + "' is a list of " + std::to_string(size) +
         " entries and '" + segments[i] + "' is not an index into it; " + change + "use " +
         std::to_string(size) + " to append one (" + append + "=" + trim(value_text) +
         "), one entry at a time";
}

}  // namespace

ConfigSource::ConfigSource(YAML::Node root, std::string name)
    : root_(std::move(root)), name_(std::move(name)) {}

const ConfigSource::Override* ConfigSource::find_override(const std::string& path) const {
  std::string candidate = path;
  while (!candidate.empty()) {
    const auto found = overrides_.find(candidate);
    if (found != overrides_.end()) return &found->second;
    const auto cut = candidate.find_last_of(".[");
    if (cut == std::string::npos) break;
    candidate.erase(cut);
  }
  return nullptr;
}

std::optional<std::string> ConfigSource::override_for(const std::string& path) const {
  if (const auto* o = find_override(path)) return o->assignment;
  return std::nullopt;
}

std::string ConfigSource::location(const std::string& path, const YAML::Mark& mark) const {
  if (const auto* o = find_override(path)) return override_location(o->origin, o->assignment);
  return mark_location(name_, mark);
}

void ConfigSource::record_override(const std::string& path, const std::string& assignment,
                                   const std::string& origin) {
  for (auto it = overrides_.begin(); it != overrides_.end();) {
    it = is_same_or_below(it->first, path) ? overrides_.erase(it) : std::next(it);
  }
  overrides_[path] = {assignment, origin};
}

void ConfigSource::warn(const std::string& text) {
  if (std::find(warnings_.begin(), warnings_.end(), text) == warnings_.end()) {
    warnings_.push_back(text);
  }
}

ConfigSource load_config_file(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) {
    throw ConfigError(path, std::string("cannot open config file: ") + std::strerror(errno));
  }
  std::string text;
  char buffer[4096];
  std::size_t count;
  while ((count = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, count);
  if (std::ferror(file.get())) {
    // A directory opens fine on Linux and only fails here (EISDIR).
    throw ConfigError(path, std::string("cannot read config file: ") + std::strerror(errno));
  }
  return parse_text(text, path);
}

ConfigSource load_config_string(const std::string& text, const std::string& name) {
  return parse_text(text, name);
}

std::string override_location(const std::string& origin, const std::string& assignment) {
  const std::string quoted = "'" + assignment + "'";
  return origin == "command line" ? origin + " " + quoted : origin + ": in " + quoted;
}

void apply_override(ConfigSource& source, const std::string& assignment,
                    const std::string& origin) {
  check_override_encoding(assignment, origin);
  const std::string where = override_location(origin, assignment);
  const auto equals = assignment.find('=');
  if (equals == std::string::npos) {
    throw ConfigError(where, "override must have the form key.path=value");
  }
  const std::string key = trim(assignment.substr(0, equals));
  const std::string value_text = assignment.substr(equals + 1);
  const std::vector<std::string> segments = split_key(key);
  for (const auto& segment : segments) {
    if (segment.empty()) {
      throw ConfigError(where, "override key '" + key + "' has an empty segment");
    }
  }
  if (trim(value_text).empty()) {
    throw ConfigError(
        where, "override of '" + key + "' has no value (write " + key + "='' for an empty string)");
  }
  YAML::Node value;
  try {
    value = YAML::Load(value_text);
  } catch (const YAML::Exception& e) {
    throw ConfigError(where, "cannot parse value '" + value_text + "' as YAML: " + e.msg);
  }

  // A map merges into a map that is there; anything else replaces what is there.
  const auto set = [&](YAML::Node target, const std::string& path) {
    if (!value.IsMap() || !target.IsMap()) return false;
    check_mergeable(target, value, path, where);
    merge_map(source, target, value, path, assignment, origin);
    return true;
  };

  // Walk down, creating maps as needed; a number steps into a list ("phases.1").
  // Rebinding uses reset(): assigning one Node handle to another would overwrite
  // the node it referred to, i.e. corrupt the tree.
  YAML::Node current = source.root();
  std::string path;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const bool last = i + 1 == segments.size();
    if (current.IsSequence()) {
      const auto index = list_index(segments[i]);
      if (!index || *index > current.size()) {
        throw ConfigError(where, not_an_index(key, path, segments, i, current.size(), value_text));
      }
      path += "[" + segments[i] + "]";
      if (last) {
        if (*index == current.size()) {
          current.push_back(value);
        } else {
          if (set(current[*index], path)) return;
          warn_dropped(source, current[*index], value, path, where);
          current[*index] = value;
        }
        break;
      }
      if (*index == current.size()) {
        // One past the end appends an entry, which the rest of the key fills in.
        current.push_back(YAML::Node(YAML::NodeType::Map));
        source.record_override(path, assignment, origin);
      }
      YAML::Node child = current[*index];
      if (!child.IsMap() && !child.IsSequence()) {
        throw ConfigError(where, "cannot set '" + key + "': '" + path + "' holds a " +
                                     kind_name(child) + ", not a map");
      }
      current.reset(child);
      continue;
    }
    path += (i == 0 ? "" : ".") + segments[i];
    if (last) {
      const auto existing = child_of(current, segments[i]);
      if (existing && set(*existing, path)) return;
      if (existing) warn_dropped(source, *existing, value, path, where);
      current[segments[i]] = value;
      break;
    }
    std::optional<YAML::Node> child = child_of(current, segments[i]);
    if (!child || child->IsNull()) {
      current[segments[i]] = YAML::Node(YAML::NodeType::Map);
      child = child_of(current, segments[i]);
      source.record_override(path, assignment, origin);
    } else if (!child->IsMap() && !child->IsSequence()) {
      throw ConfigError(where, "cannot set '" + key + "': '" + path + "' holds a " +
                                   kind_name(*child) + ", not a map");
    }
    current.reset(*child);
  }
  source.record_override(path, assignment, origin);
}

}  // namespace pinn::config
