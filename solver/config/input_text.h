#pragma once

// Checks on config text before YAML parsing sees it: the encoding (UTF-8 only, so that messages
// never echo stray bytes) and tabs where YAML's indentation is.

#include <cstddef>
#include <optional>
#include <string>

namespace pinn::config {

// Checks that the text of a config file is UTF-8 without control characters (other than tab,
// line feed and carriage return, which YAML does not allow either) and returns how many bytes
// of a leading UTF-8 byte order mark to skip (0 or 3). Throws ConfigError at "name:line:column"
// (1-based; columns count bytes, as yaml-cpp's marks do) for the first offending byte, and at
// "name" for a UTF-16 or UTF-32 file.
std::size_t check_file_encoding(const std::string& text, const std::string& name);

// The same check for one override: errors are located at "<origin> '<assignment>'", with the
// offending bytes written as \xNN there, and say at which column the byte is.
void check_override_encoding(const std::string& assignment, const std::string& origin);

// The column (0-based) of the first tab among the spaces and tabs that start line `line`
// (0-based) of `text`, when that line holds something other than a comment; nullopt otherwise.
std::optional<std::size_t> indentation_tab(const std::string& text, int line);

// Replaces the tabs that start line `line` with spaces when the line is blank or a comment
// (a line whose first non-blank character is '#'); columns stay the same. Returns whether it
// changed anything. A negative `line` (a null mark's) means every line.
bool untab_blank_line(std::string& text, int line);

}  // namespace pinn::config
