#include "solver/config/input_text.h"

#include <cstdio>
#include <string_view>

#include "solver/config/config_error.h"
#include "solver/config/source.h"

namespace pinn::config {

namespace {

// The first byte at which `text` stops being UTF-8 that YAML accepts: what is there ("byte
// 0xE9") and the rule it breaks ("is not valid UTF-8").
struct BadByte {
  std::size_t offset;
  std::string what;
  std::string rule;
};

std::string hex_byte(unsigned char byte) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02X", byte);
  return text;
}

std::string code_point_text(unsigned code) {
  char text[16];
  std::snprintf(text, sizeof text, "U+%04X", code);
  return text;
}

// C0 controls other than tab, line feed and carriage return, DEL, and C1 controls other than
// NEL: the characters outside YAML's printable set that a terminal may act on.
bool is_control(unsigned code) {
  if (code == '\t' || code == '\n' || code == '\r' || code == 0x85) return false;
  return code < 0x20 || (code >= 0x7F && code <= 0x9F);
}

// Length of the UTF-8 sequence at `i` (1 to 4) and its code point, or 0 when the bytes there are
// not a well-formed sequence: a stray continuation byte, an overlong form, a surrogate, a code
// point beyond U+10FFFF, or a sequence cut short.
std::size_t sequence_at(std::string_view text, std::size_t i, unsigned& code) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) {
    code = lead;
    return 1;
  }
  std::size_t length = 0;
  unsigned char low = 0x80;  // bounds for the second byte; later ones are always 0x80-0xBF
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // below: overlong
    if (lead == 0xED) high = 0x9F;  // above: surrogates U+D800-U+DFFF
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // below: overlong
    if (lead == 0xF4) high = 0x8F;  // above: beyond U+10FFFF
  } else {
    return 0;  // 0x80-0xC1 (continuation or overlong lead) and 0xF5-0xFF
  }
  if (i + length > text.size()) return 0;
  code = lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    const auto byte = static_cast<unsigned char>(text[i + k]);
    const unsigned char lo = k == 1 ? low : 0x80;
    const unsigned char hi = k == 1 ? high : 0xBF;
    if (byte < lo || byte > hi) return 0;
    code = (code << 6) | (byte & 0x3F);
  }
  return length;
}

std::optional<BadByte> find_bad_byte(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    unsigned code = 0;
    const std::size_t length = sequence_at(text, i, code);
    if (length == 0) {
      return BadByte{i, "byte " + hex_byte(text[i]), "is not valid UTF-8"};
    }
    if (is_control(code)) {
      return BadByte{i, "control character " + code_point_text(code), "is not allowed in YAML"};
    }
    i += length;
  }
  return std::nullopt;
}

// 1-based line and column (in bytes) of `offset`.
std::pair<std::size_t, std::size_t> line_and_column(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, offset - line_start + 1};
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// UTF-16 or UTF-32 by byte order mark, or by the zero bytes that ASCII text has in those
// encodings (the detection YAML's specification describes); nullptr for neither.
const char* wide_encoding(std::string_view text) {
  using namespace std::string_view_literals;
  if (starts_with(text, "\x00\x00\xFE\xFF"sv) || starts_with(text, "\xFF\xFE\x00\x00"sv)) {
    return "UTF-32";
  }
  if (starts_with(text, "\xFE\xFF"sv) || starts_with(text, "\xFF\xFE"sv)) return "UTF-16";
  if (text.size() >= 4 && ((text[0] == 0 && text[1] == 0 && text[2] == 0) ||
                           (text[1] == 0 && text[2] == 0 && text[3] == 0))) {
    return "UTF-32";
  }
  if (text.size() >= 2 && (text[0] == 0 || text[1] == 0)) return "UTF-16";
  return nullptr;
}

// Where line `line` (0-based) of `text` starts and ends (before its '\n'); nullopt past the end.
std::optional<std::pair<std::size_t, std::size_t>> line_span(const std::string& text, int line) {
  if (line < 0) return std::nullopt;
  std::size_t begin = 0;
  for (int i = 0; i < line; ++i) {
    const auto newline = text.find('\n', begin);
    if (newline == std::string::npos) return std::nullopt;
    begin = newline + 1;
  }
  const auto newline = text.find('\n', begin);
  return std::make_pair(begin, newline == std::string::npos ? text.size() : newline);
}

// For the line in [begin, end): the offset of the first character that is not a space or tab,
// and whether the line is only a comment or blanks from there.
struct LineStart {
  std::size_t first;
  bool blank_or_comment;
};

LineStart line_start(const std::string& text, std::size_t begin, std::size_t end) {
  std::size_t first = begin;
  while (first < end && (text[first] == ' ' || text[first] == '\t')) ++first;
  const bool blank = first == end || (text[first] == '\r' && first + 1 == end);
  return {first, blank || text[first] == '#'};
}

bool untab_span(std::string& text, std::size_t begin, std::size_t end) {
  const LineStart start = line_start(text, begin, end);
  if (!start.blank_or_comment) return false;
  bool changed = false;
  for (std::size_t i = begin; i < start.first; ++i) {
    if (text[i] == '\t') {
      text[i] = ' ';
      changed = true;
    }
  }
  return changed;
}

// `text` with bytes that are not valid UTF-8, and control characters, written as \xNN (or
// \uNNNN), so that a message can quote it.
std::string printable(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    unsigned code = 0;
    const std::size_t length = sequence_at(text, i, code);
    char escape[16];
    if (length == 0) {
      std::snprintf(escape, sizeof escape, "\\x%02X", static_cast<unsigned char>(text[i]));
      out += escape;
      ++i;
      continue;
    }
    if (is_control(code)) {
      std::snprintf(escape, sizeof escape, code < 0x80 ? "\\x%02X" : "\\u%04X", code);
      out += escape;
    } else {
      out.append(text, i, length);
    }
    i += length;
  }
  return out;
}

}  // namespace

std::size_t check_file_encoding(const std::string& text, const std::string& name) {
  if (const char* encoding = wide_encoding(text)) {
    throw ConfigError(name, std::string("the file is ") + encoding + " encoded; save it as UTF-8");
  }
  const std::size_t skip = starts_with(text, "\xEF\xBB\xBF") ? 3 : 0;
  const std::string_view body = std::string_view(text).substr(skip);
  if (const auto bad = find_bad_byte(body)) {
    const auto [line, column] = line_and_column(body, bad->offset);
    throw ConfigError(name + ":" + std::to_string(line) + ":" + std::to_string(column),
                      bad->what + " " + bad->rule);
  }
  return skip;
}

void check_override_encoding(const std::string& assignment, const std::string& origin) {
  const auto bad = find_bad_byte(assignment);
  if (!bad) return;
  const auto [line, column] = line_and_column(assignment, bad->offset);
  const std::string position =
      line == 1 ? "column " + std::to_string(column)
                : "line " + std::to_string(line) + ", column " + std::to_string(column);
  throw ConfigError(override_location(origin, printable(assignment)),
                    bad->what + " at " + position + " " + bad->rule);
}

std::optional<std::size_t> indentation_tab(const std::string& text, int line) {
  const auto span = line_span(text, line);
  if (!span) return std::nullopt;
  const LineStart start = line_start(text, span->first, span->second);
  if (start.blank_or_comment) return std::nullopt;
  const auto tab = text.find('\t', span->first);
  if (tab == std::string::npos || tab >= start.first) return std::nullopt;
  return tab - span->first;
}

bool untab_blank_line(std::string& text, int line) {
  if (line >= 0) {
    const auto span = line_span(text, line);
    return span && untab_span(text, span->first, span->second);
  }
  bool changed = false;
  for (std::size_t begin = 0; begin <= text.size();) {
    const auto newline = text.find('\n', begin);
    const std::size_t end = newline == std::string::npos ? text.size() : newline;
    changed = untab_span(text, begin, end) || changed;
    if (newline == std::string::npos) break;
    begin = newline + 1;
  }
  return changed;
}

}  // namespace pinn::config
