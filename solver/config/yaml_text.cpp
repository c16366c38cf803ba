#include "solver/config/yaml_text.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>

#include "solver/common/text.h"
#include "solver/config/source.h"

namespace pinn::config {

namespace {

// Tags that record how the Reader read a scalar. They replace the parser's "?" (plain) or "!"
// (quoted) and are never written out: emit() turns them into the canonical spelling instead.
const char kNumberTag[] = "!pinn/read-as-number";
const char kIntegerTag[] = "!pinn/read-as-integer";
const char kBooleanTag[] = "!pinn/read-as-boolean";

// `text` without one leading '+' (which YAML allows and from_chars does not); nullopt for text
// that cannot be a number anyway ("", "+", "+-1").
std::optional<std::string_view> unsigned_part(std::string_view text) {
  if (!text.empty() && text[0] == '+') {
    text.remove_prefix(1);
    if (text.empty() || text[0] == '+' || text[0] == '-') return std::nullopt;
  }
  if (text.empty()) return std::nullopt;
  return text;
}

// The canonical spelling of a scalar the Reader marked, or nullopt to write it as it is (not
// marked, or marked by hand in the file with a text that does not parse).
std::optional<std::string> canonical_text(const YAML::Node& scalar) {
  const std::string& tag = scalar.Tag();
  const std::string& text = scalar.Scalar();
  if (tag == kNumberTag) {
    const auto value = parse_number(text);
    if (value && std::isfinite(*value)) return format_number(*value);
  } else if (tag == kIntegerTag) {
    if (const auto value = parse_integer(text).value) return format_number(*value);
  } else if (tag == kBooleanTag) {
    if (const auto value = parse_boolean(text)) return std::string(*value ? "true" : "false");
  }
  return std::nullopt;
}

struct EmitStyle {
  bool flow_everywhere;  // messages: one line
  bool canonical;        // resolved config: marked scalars in canonical form
};

void emit(YAML::Emitter& out, const YAML::Node& node, const EmitStyle& style) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      if (style.flow_everywhere || node.size() == 0) out << YAML::Flow;
      out << YAML::BeginMap;
      for (const auto& entry : node) {
        out << YAML::Key;
        emit(out, entry.first, style);
        out << YAML::Value;
        emit(out, entry.second, style);
      }
      out << YAML::EndMap;
      break;
    case YAML::NodeType::Sequence: {
      bool all_scalars = true;
      for (const auto& element : node) {
        if (element.IsMap() || element.IsSequence()) all_scalars = false;
      }
      if (style.flow_everywhere || all_scalars) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const auto& element : node) emit(out, element, style);
      out << YAML::EndSeq;
      break;
    }
    case YAML::NodeType::Scalar:
      if (style.canonical) {
        if (const auto text = canonical_text(node)) {
          out << *text;
          break;
        }
      }
      // Tag "!" marks a quoted scalar in the input; keep it a string when read back.
      if (node.Tag() == "!") out << YAML::DoubleQuoted;
      out << node.Scalar();
      break;
    default:
      out << YAML::Null;
      break;
  }
}

}  // namespace

std::string format_number(double value) { return shortest_decimal(value); }

std::string format_number(int64_t value) { return std::to_string(value); }

std::optional<double> parse_number(const std::string& text) {
  static const char* const kInfinities[] = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"};
  static const char* const kNaNs[] = {".nan", ".NaN", ".NAN"};
  for (const char* name : kInfinities) {
    if (text == name) return std::numeric_limits<double>::infinity();
    if (text == std::string("-") + (name[0] == '+' ? name + 1 : name)) {
      return -std::numeric_limits<double>::infinity();
    }
  }
  for (const char* name : kNaNs) {
    if (text == name) return std::numeric_limits<double>::quiet_NaN();
  }
  const auto digits = unsigned_part(text);
  if (!digits) return std::nullopt;
  const char* first = text.data() + (text.size() - digits->size());
  const char* last = text.data() + text.size();
  double value = 0.0;
  const auto result = std::from_chars(first, last, value);
  if (result.ptr != last) return std::nullopt;
  if (result.ec == std::errc::result_out_of_range) {
    // Too large becomes infinite (and is reported as such); too small becomes zero.
    const auto exponent = text.find_first_of("eE");
    const bool tiny =
        exponent != std::string::npos && exponent + 1 < text.size() && text[exponent + 1] == '-';
    const bool negative = text[0] == '-';
    if (tiny) return negative ? -0.0 : 0.0;
    const double huge = std::numeric_limits<double>::infinity();
    return negative ? -huge : huge;
  }
  if (result.ec != std::errc()) return std::nullopt;
  return value;
}

ParsedInteger parse_integer(const std::string& text) {
  if (const auto digits = unsigned_part(text)) {
    int64_t value = 0;
    const char* last = digits->data() + digits->size();
    const auto result = std::from_chars(digits->data(), last, value);
    if (result.ptr == last) {
      if (result.ec == std::errc::result_out_of_range) return {std::nullopt, true};
      if (result.ec == std::errc()) return {value, false};
    }
  }
  // Also accept integral floats such as 1e4, which people write for iteration counts.
  const auto real = parse_number(text);
  if (!real || !std::isfinite(*real) || std::trunc(*real) != *real) return {};
  constexpr double kLimit = 9223372036854775808.0;  // 2^63
  if (*real < -kLimit || *real >= kLimit) return {std::nullopt, true};
  return {static_cast<int64_t>(*real), false};
}

std::optional<bool> parse_boolean(const std::string& text) {
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  return std::nullopt;
}

void mark_read_as(const YAML::Node& scalar, ReadAs kind) {
  YAML::Node handle = scalar;  // a second handle on the same node, so the tree's node changes
  switch (kind) {
    case ReadAs::number:
      handle.SetTag(kNumberTag);
      break;
    case ReadAs::integer:
      handle.SetTag(kIntegerTag);
      break;
    case ReadAs::boolean:
      handle.SetTag(kBooleanTag);
      break;
  }
}

std::optional<YAML::Node> child_of(const YAML::Node& map, const std::string& key) {
  for (const auto& entry : map) {
    if (entry.first.IsScalar() && entry.first.Scalar() == key) return entry.second;
  }
  return std::nullopt;
}

std::string flow_text(const YAML::Node& node) {
  YAML::Emitter out;
  emit(out, node, {/*flow_everywhere=*/true, /*canonical=*/false});
  return out.c_str();
}

std::string to_yaml(const YAML::Node& node) {
  YAML::Emitter out;
  emit(out, node, {/*flow_everywhere=*/false, /*canonical=*/true});
  std::string text = out.c_str();
  if (!text.empty() && text.back() != '\n') text += '\n';
  return text;
}

}  // namespace pinn::config
