#include "solver/config/reader.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>
#include <type_traits>

#include "solver/common/text.h"
#include "solver/config/config_error.h"
#include "solver/config/yaml_text.h"

namespace pinn::config {

namespace {

// A value being checked: its full path (list elements as "a.b[2]") and where it came from.
struct Site {
  std::string path;
  std::string where;
};

[[noreturn]] void throw_at(const Site& site, const std::string& detail) {
  throw ConfigError(site.where, "key '" + site.path + "': " + detail);
}

// How a value appears in messages: numbers as written, other scalars quoted, collections in
// flow style.
std::string value_text(const YAML::Node& node) {
  if (node.IsScalar()) {
    const std::string& text = node.Scalar();
    return parse_number(text) ? text : "'" + text + "'";
  }
  if (!node.IsDefined() || node.IsNull()) return "null";
  return flow_text(node);
}

[[noreturn]] void throw_value(const Site& site, const YAML::Node& node, const std::string& rule) {
  throw_at(site, "value " + value_text(node) + " " + rule);
}

template <typename T>
T checked(const Site& site, const YAML::Node& node, T value, const Rule<T>& rule) {
  if (auto broken = rule.violation(value)) throw_value(site, node, *broken);
  return value;
}

double to_number(const Site& site, const YAML::Node& node, const Rule<double>& rule) {
  if (!node.IsScalar()) throw_value(site, node, "must be a number");
  const auto value = parse_number(node.Scalar());
  if (!value) throw_value(site, node, "must be a number");
  if (!std::isfinite(*value)) throw_value(site, node, "must be finite");
  checked(site, node, *value, rule);
  mark_read_as(node, ReadAs::number);
  return *value;
}

int64_t to_integer(const Site& site, const YAML::Node& node, const Rule<int64_t>& rule) {
  static const std::string kOutOfRange =
      "must be an integer between " + format_number(std::numeric_limits<int64_t>::min()) + " and " +
      format_number(std::numeric_limits<int64_t>::max());
  if (!node.IsScalar()) throw_value(site, node, "must be an integer");
  const ParsedInteger parsed = parse_integer(node.Scalar());
  if (parsed.out_of_range) throw_value(site, node, kOutOfRange);
  if (!parsed.value) throw_value(site, node, "must be an integer");
  checked(site, node, *parsed.value, rule);
  mark_read_as(node, ReadAs::integer);
  return *parsed.value;
}

bool to_boolean(const Site& site, const YAML::Node& node) {
  const auto value = node.IsScalar() ? parse_boolean(node.Scalar()) : std::nullopt;
  if (!value) throw_value(site, node, "must be true or false");
  mark_read_as(node, ReadAs::boolean);
  return *value;
}

std::string to_string(const Site& site, const YAML::Node& node, const Rule<std::string>& rule) {
  if (!node.IsScalar()) throw_value(site, node, "must be a string");
  return checked(site, node, node.Scalar(), rule);
}

std::string one_of_text(std::vector<std::string> valid) {
  std::sort(valid.begin(), valid.end());
  return "must be one of: " + join(valid);
}

std::string to_choice(const Site& site, const YAML::Node& node,
                      const std::vector<std::string>& valid) {
  if (node.IsScalar() && std::find(valid.begin(), valid.end(), node.Scalar()) != valid.end()) {
    return node.Scalar();
  }
  throw_value(site, node, one_of_text(valid));
}

std::string key_text(const YAML::Node& key) {
  return key.IsScalar() ? key.Scalar() : value_text(key);
}

struct Entry {
  YAML::Node key;
  YAML::Node value;
};

// Finds `key` by scanning, which neither creates entries nor throws on odd keys.
std::optional<Entry> find_entry(const YAML::Node& map, const std::string& key) {
  if (!map.IsMap()) return std::nullopt;
  for (const auto& entry : map) {
    if (entry.first.IsScalar() && entry.first.Scalar() == key) {
      return Entry{entry.first, entry.second};
    }
  }
  return std::nullopt;
}

[[noreturn]] void bad_default(const std::string& path, const std::string& value,
                              const std::string& broken) {
  throw std::logic_error("default " + value + " for config key '" + path + "' " + broken);
}

template <typename T>
YAML::Node encode_list(const std::vector<T>& values) {
  YAML::Node list(YAML::NodeType::Sequence);
  for (const T& value : values) {
    if constexpr (std::is_same_v<T, std::string>) {
      list.push_back(value);
    } else {
      list.push_back(format_number(value));
    }
  }
  return list;
}

}  // namespace

Reader::Reader(ConfigSource& source) : Reader(&source, source.root(), "", source.name()) {
  if (!node_.IsMap()) throw ConfigError(where_, "top level must be a map of sections");
  check_unique_keys();
}

Reader::Reader(ConfigSource* source, YAML::Node node, std::string path, std::string where)
    : source_(source), node_(std::move(node)), path_(std::move(path)), where_(std::move(where)) {}

Reader& Reader::operator=(const Reader& other) {
  source_ = other.source_;
  node_.reset(other.node_);
  path_ = other.path_;
  where_ = other.where_;
  return *this;
}

std::string Reader::path(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

std::string Reader::location(const std::string& key) const {
  const auto entry = find_entry(node_, key);
  if (!entry) return where_;
  const std::string full_path = path(key);
  const bool has_value = entry->value.IsDefined() && !entry->value.IsNull();
  // A null value's mark points past the key (often the next line); use the key instead.
  YAML::Mark mark = has_value ? entry->value.Mark() : entry->key.Mark();
  if (mark.is_null()) mark = entry->key.Mark();
  return locate(full_path, mark);
}

std::string Reader::locate(const std::string& full_path, const YAML::Mark& mark) const {
  if (mark.is_null() && !source_->override_for(full_path)) return where_;
  return source_->location(full_path, mark);
}

bool Reader::has(const std::string& key) const {
  const auto entry = find_entry(node_, key);
  return entry && entry->value.IsDefined() && !entry->value.IsNull();
}

std::vector<std::string> Reader::keys() const {
  std::vector<std::string> names;
  for (const auto& entry : node_) names.push_back(key_text(entry.first));
  return names;
}

YAML::Node Reader::node(const std::string& key) const {
  source_->read_keys_[path_].insert(key);
  const auto entry = find_entry(node_, key);
  return entry ? entry->value : YAML::Node(YAML::NodeType::Undefined);
}

void Reader::fail(const std::string& key, const std::string& text) const {
  throw ConfigError(location(key), "key '" + path(key) + "': " + text);
}

std::optional<YAML::Node> Reader::fetch(const std::string& key) const {
  source_->read_keys_[path_].insert(key);
  const auto entry = find_entry(node_, key);
  if (!entry || !entry->value.IsDefined() || entry->value.IsNull()) return std::nullopt;
  return entry->value;
}

void Reader::store(const std::string& key, const YAML::Node& value) const {
  YAML::Node map = node_;  // a second handle on the same map, so the shared tree changes
  map[key] = value;
}

void Reader::missing(const std::string& key) const {
  throw ConfigError(location(key), "key '" + path(key) + "': missing required key");
}

void Reader::check_unique_keys() const {
  std::set<std::string> seen;
  for (const auto& entry : node_) {
    if (!entry.first.IsScalar()) continue;
    const std::string& key = entry.first.Scalar();
    if (!seen.insert(key).second) {
      throw ConfigError(locate(path(key), entry.first.Mark()),
                        "key '" + path(key) + "': duplicate key");
    }
  }
}

void Reader::finish() const {
  const std::set<std::string>& read = source_->read_keys_[path_];
  for (const auto& entry : node_) {
    const std::string key = key_text(entry.first);
    if (entry.first.IsScalar() && read.count(key) > 0) continue;
    std::string text = "key '" + path(key) + "': unknown key; ";
    text += read.empty() ? "no keys are valid here"
                         : "valid keys here: " + join({read.begin(), read.end()});
    throw ConfigError(locate(path(key), entry.first.Mark()), text);
  }
}

Reader Reader::section(const std::string& key) const {
  const std::string child_path = path(key);
  if (auto value = fetch(key)) {
    if (!value->IsMap()) throw_value({child_path, location(key)}, *value, "must be a map");
    // The section as a whole is where its key is ("adaptive:"), not its first entry.
    Reader child(source_, *value, child_path,
                 locate(child_path, find_entry(node_, key)->key.Mark()));
    child.check_unique_keys();
    return child;
  }
  // Absent or null: create the map so that defaults read through the child land in the tree.
  const std::string where = location(key);
  store(key, YAML::Node(YAML::NodeType::Map));
  return Reader(source_, find_entry(node_, key)->value, child_path, where);
}

std::optional<Reader> Reader::optional_section(const std::string& key) const {
  if (!fetch(key)) return std::nullopt;
  return section(key);
}

std::string LocatedText::at(int char_column) const {
  if (char_column <= 0 || line <= 0) return location;
  const auto colon = location.rfind(':', location.rfind(':') - 1);
  return location.substr(0, colon) + ":" + std::to_string(line) + ":" +
         std::to_string(column + char_column - 1);
}

LocatedText Reader::located_scalar(const YAML::Node& node, const std::string& full_path,
                                   const std::string& where) const {
  if (!node.IsScalar()) throw_value({full_path, where}, node, "must be a text (a formula)");
  LocatedText located{node.Scalar(), full_path, where};
  const auto mark = node.Mark();
  const bool one_line = located.text.find('\n') == std::string::npos;
  if (!mark.is_null() && one_line && !source_->override_for(full_path)) {
    located.line = mark.line + 1;
    // yaml-cpp tags quoted scalars "!": their text starts after the quote.
    located.column = mark.column + 1 + (node.Tag() == "!" ? 1 : 0);
  }
  return located;
}

LocatedText Reader::located_text(const std::string& key) const {
  const auto value = fetch(key);
  if (!value) missing(key);
  return located_scalar(*value, path(key), location(key));
}

std::vector<LocatedText> Reader::located_texts(const std::string& key, bool allow_map) const {
  const auto value = fetch(key);
  if (!value) missing(key);
  std::vector<LocatedText> texts;
  if (value->IsScalar()) {
    texts.push_back(located_scalar(*value, path(key), location(key)));
  } else if (value->IsSequence()) {
    for (std::size_t i = 0; i < value->size(); ++i) {
      const YAML::Node element = (*value)[i];
      const std::string element_path = path(key) + "[" + std::to_string(i) + "]";
      const std::string where =
          element.Mark().is_null() ? location(key) : locate(element_path, element.Mark());
      texts.push_back(located_scalar(element, element_path, where));
    }
  } else if (allow_map && value->IsMap()) {
    for (const auto& entry : *value) {
      const std::string entry_path = path(key) + "." + key_text(entry.first);
      const auto mark = entry.second.Mark().is_null() ? entry.first.Mark() : entry.second.Mark();
      texts.push_back(located_scalar(entry.second, entry_path, locate(entry_path, mark)));
    }
  } else {
    throw_value({path(key), location(key)}, *value,
                allow_map ? "must be a formula, a list of formulas or a map of them"
                          : "must be a formula or a list of formulas");
  }
  return texts;
}

std::vector<Reader> Reader::sections(const std::string& key) const {
  std::vector<Reader> children;
  const auto value = fetch(key);
  if (!value) {
    store(key, YAML::Node(YAML::NodeType::Sequence));
    return children;
  }
  if (!value->IsSequence())
    throw_value({path(key), location(key)}, *value, "must be a list of maps");
  for (std::size_t i = 0; i < value->size(); ++i) {
    const YAML::Node element = (*value)[i];
    const std::string element_path = path(key) + "[" + std::to_string(i) + "]";
    const std::string where =
        element.Mark().is_null() ? location(key) : locate(element_path, element.Mark());
    if (!element.IsMap()) throw_value({element_path, where}, element, "must be a map");
    Reader child(source_, element, element_path, where);
    child.check_unique_keys();
    children.push_back(child);
  }
  return children;
}

std::vector<Reader> Reader::sections(const std::string& key,
                                     const YAML::Node& default_value) const {
  if (!has(key)) store(key, default_value);
  return sections(key);
}

template <typename T, typename Parse>
std::optional<T> Reader::read_optional(const std::string& key, Parse parse) const {
  const auto value = fetch(key);
  if (!value) return std::nullopt;
  return parse(Site{path(key), location(key)}, *value);
}

template <typename T, typename Parse>
T Reader::read_required(const std::string& key, Parse parse) const {
  if (auto value = read_optional<T>(key, parse)) return *value;
  missing(key);
}

template <typename T, typename Parse, typename Encode>
T Reader::read_default(const std::string& key, const T& default_value, Parse parse,
                       const std::function<std::optional<std::string>(const T&)>& check,
                       Encode encode) const {
  if (auto value = read_optional<T>(key, parse)) return *value;
  const YAML::Node encoded = encode(default_value);
  if (auto broken = check(default_value)) bad_default(path(key), value_text(encoded), *broken);
  store(key, encoded);
  return default_value;
}

// ---- numbers ----

double Reader::number(const std::string& key, double default_value,
                      const Rule<double>& rule) const {
  auto parse = [&](const Site& site, const YAML::Node& n) { return to_number(site, n, rule); };
  auto check = [&](const double& value) -> std::optional<std::string> {
    if (!std::isfinite(value)) return std::string("must be finite");
    return rule.violation(value);
  };
  auto encode = [](double value) { return YAML::Node(format_number(value)); };
  return read_default<double>(key, default_value, parse, check, encode);
}

double Reader::required_number(const std::string& key, const Rule<double>& rule) const {
  return read_required<double>(
      key, [&](const Site& site, const YAML::Node& n) { return to_number(site, n, rule); });
}

std::optional<double> Reader::optional_number(const std::string& key,
                                              const Rule<double>& rule) const {
  return read_optional<double>(
      key, [&](const Site& site, const YAML::Node& n) { return to_number(site, n, rule); });
}

// ---- integers ----

int64_t Reader::integer(const std::string& key, int64_t default_value,
                        const Rule<int64_t>& rule) const {
  auto parse = [&](const Site& site, const YAML::Node& n) { return to_integer(site, n, rule); };
  auto check = [&](const int64_t& value) { return rule.violation(value); };
  auto encode = [](int64_t value) { return YAML::Node(format_number(value)); };
  return read_default<int64_t>(key, default_value, parse, check, encode);
}

int64_t Reader::required_integer(const std::string& key, const Rule<int64_t>& rule) const {
  return read_required<int64_t>(
      key, [&](const Site& site, const YAML::Node& n) { return to_integer(site, n, rule); });
}

std::optional<int64_t> Reader::optional_integer(const std::string& key,
                                                const Rule<int64_t>& rule) const {
  return read_optional<int64_t>(
      key, [&](const Site& site, const YAML::Node& n) { return to_integer(site, n, rule); });
}

// ---- booleans ----

bool Reader::boolean(const std::string& key, bool default_value) const {
  auto check = [](const bool&) -> std::optional<std::string> { return std::nullopt; };
  auto encode = [](bool value) { return YAML::Node(value ? "true" : "false"); };
  return read_default<bool>(key, default_value, to_boolean, check, encode);
}

bool Reader::required_boolean(const std::string& key) const {
  return read_required<bool>(key, to_boolean);
}

std::optional<bool> Reader::optional_boolean(const std::string& key) const {
  return read_optional<bool>(key, to_boolean);
}

// ---- strings ----

std::string Reader::string(const std::string& key, const std::string& default_value,
                           const Rule<std::string>& rule) const {
  auto parse = [&](const Site& site, const YAML::Node& n) { return to_string(site, n, rule); };
  auto check = [&](const std::string& value) { return rule.violation(value); };
  auto encode = [](const std::string& value) { return YAML::Node(value); };
  return read_default<std::string>(key, default_value, parse, check, encode);
}

std::string Reader::required_string(const std::string& key, const Rule<std::string>& rule) const {
  return read_required<std::string>(
      key, [&](const Site& site, const YAML::Node& n) { return to_string(site, n, rule); });
}

std::optional<std::string> Reader::optional_string(const std::string& key,
                                                   const Rule<std::string>& rule) const {
  return read_optional<std::string>(
      key, [&](const Site& site, const YAML::Node& n) { return to_string(site, n, rule); });
}

// ---- choices ----

std::string Reader::choice(const std::string& key, const std::string& default_value,
                           const std::vector<std::string>& valid) const {
  auto parse = [&](const Site& site, const YAML::Node& n) { return to_choice(site, n, valid); };
  auto check = [&](const std::string& value) -> std::optional<std::string> {
    if (std::find(valid.begin(), valid.end(), value) != valid.end()) return std::nullopt;
    return one_of_text(valid);
  };
  auto encode = [](const std::string& value) { return YAML::Node(value); };
  return read_default<std::string>(key, default_value, parse, check, encode);
}

std::string Reader::required_choice(const std::string& key,
                                    const std::vector<std::string>& valid) const {
  return read_required<std::string>(
      key, [&](const Site& site, const YAML::Node& n) { return to_choice(site, n, valid); });
}

std::optional<std::string> Reader::optional_choice(const std::string& key,
                                                   const std::vector<std::string>& valid) const {
  return read_optional<std::string>(
      key, [&](const Site& site, const YAML::Node& n) { return to_choice(site, n, valid); });
}

// ---- lists ----

namespace {

// Parses a list whose elements go through `element` (which also applies the element rule).
template <typename T, typename Element>
std::vector<T> to_list(const Site& site, const YAML::Node& node, const std::string& kind,
                       bool allow_empty, const std::string& section_where,
                       const ConfigSource& source, Element element) {
  if (!node.IsSequence()) throw_value(site, node, "must be a list of " + kind);
  if (node.size() == 0 && !allow_empty) {
    throw_value(site, node, "must be a non-empty list of " + kind);
  }
  std::vector<T> values;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node item = node[i];
    const std::string item_path = site.path + "[" + std::to_string(i) + "]";
    const std::string where =
        item.Mark().is_null() ? section_where : source.location(item_path, item.Mark());
    values.push_back(element(Site{item_path, where}, item));
  }
  return values;
}

template <typename T>
std::optional<std::string> list_violation(const std::vector<T>& values, const Rule<T>& rule,
                                          bool allow_empty) {
  if (values.empty() && !allow_empty) return std::string("must not be empty");
  for (const T& value : values) {
    if (auto broken = rule.violation(value)) return "has an element that " + *broken;
  }
  return std::nullopt;
}

}  // namespace

std::vector<int64_t> Reader::integers(const std::string& key,
                                      const std::vector<int64_t>& default_value,
                                      const Rule<int64_t>& rule, bool allow_empty) const {
  auto parse = [&](const Site& site, const YAML::Node& n) {
    return to_list<int64_t>(
        site, n, "integers", allow_empty, site.where, *source_,
        [&](const Site& s, const YAML::Node& e) { return to_integer(s, e, rule); });
  };
  auto check = [&](const std::vector<int64_t>& values) {
    return list_violation(values, rule, allow_empty);
  };
  return read_default<std::vector<int64_t>>(key, default_value, parse, check, encode_list<int64_t>);
}

std::vector<int64_t> Reader::required_integers(const std::string& key, const Rule<int64_t>& rule,
                                               bool allow_empty) const {
  if (auto values = optional_integers(key, rule, allow_empty)) return *values;
  missing(key);
}

std::optional<std::vector<int64_t>> Reader::optional_integers(const std::string& key,
                                                              const Rule<int64_t>& rule,
                                                              bool allow_empty) const {
  return read_optional<std::vector<int64_t>>(key, [&](const Site& site, const YAML::Node& n) {
    return to_list<int64_t>(
        site, n, "integers", allow_empty, site.where, *source_,
        [&](const Site& s, const YAML::Node& e) { return to_integer(s, e, rule); });
  });
}

std::vector<std::string> Reader::choices(const std::string& key,
                                         const std::vector<std::string>& default_value,
                                         const std::vector<std::string>& valid) const {
  auto parse = [&](const Site& site, const YAML::Node& n) {
    return to_list<std::string>(
        site, n, "names", /*allow_empty=*/true, site.where, *source_,
        [&](const Site& s, const YAML::Node& e) { return to_choice(s, e, valid); });
  };
  auto check = [&](const std::vector<std::string>& values) -> std::optional<std::string> {
    for (const auto& value : values) {
      if (std::find(valid.begin(), valid.end(), value) == valid.end()) {
        return "has an element that " + one_of_text(valid);
      }
    }
    return std::nullopt;
  };
  return read_default<std::vector<std::string>>(key, default_value, parse, check,
                                                encode_list<std::string>);
}

std::vector<double> Reader::numbers(const std::string& key,
                                    const std::vector<double>& default_value,
                                    const Rule<double>& rule, bool allow_empty) const {
  auto parse = [&](const Site& site, const YAML::Node& n) {
    return to_list<double>(
        site, n, "numbers", allow_empty, site.where, *source_,
        [&](const Site& s, const YAML::Node& e) { return to_number(s, e, rule); });
  };
  auto check = [&](const std::vector<double>& values) -> std::optional<std::string> {
    for (double value : values) {
      if (!std::isfinite(value)) return std::string("has an element that must be finite");
    }
    return list_violation(values, rule, allow_empty);
  };
  return read_default<std::vector<double>>(key, default_value, parse, check, encode_list<double>);
}

std::vector<double> Reader::required_numbers(const std::string& key, const Rule<double>& rule,
                                             bool allow_empty) const {
  if (auto values = optional_numbers(key, rule, allow_empty)) return *values;
  missing(key);
}

std::optional<std::vector<double>> Reader::optional_numbers(const std::string& key,
                                                            const Rule<double>& rule,
                                                            bool allow_empty) const {
  return read_optional<std::vector<double>>(key, [&](const Site& site, const YAML::Node& n) {
    return to_list<double>(
        site, n, "numbers", allow_empty, site.where, *source_,
        [&](const Site& s, const YAML::Node& e) { return to_number(s, e, rule); });
  });
}

}  // namespace pinn::config
