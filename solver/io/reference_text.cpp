#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "solver/common/text.h"
#include "solver/io/reference_cells.h"

namespace pinn {
namespace {

struct Cell {
  std::string text;
  size_t column;  // 1-based, of its first character
};

std::invalid_argument error_at(const std::string& place, const std::string& what) {
  return std::invalid_argument(place + ": " + what);
}

std::string at_column(const std::string& line_place, size_t column) {
  return line_place + ":" + std::to_string(column);
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::vector<Cell> split_blanks(const std::string& line) {
  std::vector<Cell> cells;
  for (size_t i = 0; i < line.size();) {
    if (is_blank(line[i])) {
      ++i;
      continue;
    }
    const size_t start = i;
    while (i < line.size() && !is_blank(line[i])) ++i;
    cells.push_back({line.substr(start, i - start), start + 1});
  }
  return cells;
}

// Cells between commas, trimmed of blanks and of one pair of double quotes; an empty
// cell is kept (and later refused) at the column after its comma.
std::vector<Cell> split_commas(const std::string& line) {
  std::vector<Cell> cells;
  for (size_t start = 0; start <= line.size();) {
    const size_t end = std::min(line.find(',', start), line.size());
    size_t first = start, last = end;
    while (first < last && is_blank(line[first])) ++first;
    while (last > first && is_blank(line[last - 1])) --last;
    auto text = line.substr(first, last - first);
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
      text = text.substr(1, text.size() - 2);
    }
    cells.push_back({text, first + 1});
    start = end + 1;
  }
  return cells;
}

// A number, or NaN as COMSOL writes it outside the geometry; infinities are refused.
bool parse_cell(const std::string& text, double& value) {
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return !text.empty() && end == text.c_str() + text.size() && !std::isinf(value);
}

// The column labels of a COMSOL header line: `name [(unit)] [@ key=value[, key=value]]`,
// separated by blanks (the unit's parentheses may hold blanks too).
std::vector<ReferenceColumn> comsol_labels(const std::string& line, const std::string& place) {
  const auto tokens = split_blanks(line);
  std::vector<ReferenceColumn> columns;
  for (size_t i = 0; i < tokens.size();) {
    const auto& first = tokens[i];
    const auto where = at_column(place, first.column);
    if (first.text.front() == '(' || first.text.front() == '@') {
      throw error_at(where, "cannot read the column labels: '" + first.text +
                                "' follows no column name (a label is 'name (unit) @ t=0.1')");
    }
    ReferenceColumn column;
    column.name = first.text.substr(0, first.text.find('('));  // "u(1)": a unit glued on
    column.place = where;
    size_t last = i++;
    if (i < tokens.size() && tokens[i].text.front() == '(' &&
        first.text.find('(') == std::string::npos) {
      while (i < tokens.size() && tokens[i].text.back() != ')') ++i;
      if (i == tokens.size()) throw error_at(where, "the unit's '(' is never closed");
      last = i++;
    }
    if (i < tokens.size() && tokens[i].text.front() == '@') {
      std::string text = tokens[i].text.substr(1);
      last = i++;
      // "@ t=0.1", "@t=0.1", "@ t=0.1, Re=100"
      while ((text.empty() || text.back() == ',') && i < tokens.size()) {
        text += tokens[i].text;
        last = i++;
      }
      for (size_t start = 0; start <= text.size();) {
        const size_t end = std::min(text.find(',', start), text.size());
        const auto condition = text.substr(start, end - start);
        const auto equals = condition.find('=');
        if (equals == std::string::npos || equals == 0) {
          throw error_at(where, "cannot read the condition '" + condition + "' of column '" +
                                    column.name + "': expected key=value after '@' (t=0.1)");
        }
        column.conditions.emplace_back(condition.substr(0, equals), condition.substr(equals + 1));
        start = end + 1;
      }
    }
    const size_t end = tokens[last].column - 1 + tokens[last].text.size();
    column.label = line.substr(first.column - 1, end - (first.column - 1));
    columns.push_back(std::move(column));
  }
  return columns;
}

std::vector<ReferenceColumn> plain_labels(const std::vector<Cell>& cells,
                                          const std::string& place) {
  std::vector<ReferenceColumn> columns;
  for (const auto& cell : cells) {
    const auto where = at_column(place, cell.column);
    if (cell.text.empty()) throw error_at(where, "a column without a name");
    columns.push_back({cell.text, cell.text, where, {}});
  }
  return columns;
}

std::string names_of(const std::vector<ReferenceColumn>& columns) {
  std::vector<std::string> labels;
  for (const auto& c : columns) labels.push_back(c.label);
  return join(labels);
}

// One data row into `out.cells`.
void read_row(const std::vector<Cell>& cells, const std::string& place, size_t line_end,
              ReferenceCells& out) {
  const auto n = out.columns.size();
  if (cells.size() != n) {
    const auto column = cells.size() > n ? cells[n].column : line_end + 1;
    throw error_at(at_column(place, column),
                   std::to_string(cells.size()) + " cells, but the header (" + out.header_place +
                       ") names " + std::to_string(n) + " columns: " + names_of(out.columns));
  }
  for (const auto& cell : cells) {
    double value = 0;
    if (!parse_cell(cell.text, value)) {
      throw error_at(at_column(place, cell.column),
                     "'" + cell.text + "' is not a number (nor NaN) in column '" +
                         out.columns[out.cells.size() % n].label + "'");
    }
    out.cells.push_back(value);
  }
}

}  // namespace

ReferenceCells read_text_cells(const std::string& path, bool csv, bool comsol,
                               const std::string& expected) {
  std::ifstream in(path);
  if (!in) {
    throw std::invalid_argument("cannot read reference file '" + path + "': " + strerror(errno));
  }
  ReferenceCells out;
  out.path = path;
  std::string line, header;  // header: COMSOL's last '%' line so far, '%' blanked
  int header_number = 0;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto place = path + ":" + std::to_string(number);
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    if (comsol && line[first] == '%') {
      if (!out.columns.empty()) {
        throw error_at(place, "a '%' header line after the rows of values began");
      }
      header = line;
      header[first] = ' ';  // so that a label's column is the one in the file
      header_number = number;
      continue;
    }
    if (!comsol) line = line.substr(0, line.find('#'));
    const auto cells = csv ? split_commas(line) : split_blanks(line);
    if (cells.empty() || (cells.size() == 1 && cells[0].text.empty())) continue;
    if (out.columns.empty()) {
      double value = 0;
      if (comsol) {
        if (header_number == 0) {
          throw error_at(place, "no '%' header line names the columns (" + expected + ")");
        }
        out.header_place = path + ":" + std::to_string(header_number);
        out.columns = comsol_labels(header, out.header_place);
        if (out.columns.empty()) {
          throw error_at(out.header_place, "the last '%' line names no columns (" + expected + ")");
        }
      } else if (parse_cell(cells[0].text, value)) {
        throw error_at(at_column(place, cells[0].column),
                       "expected a header line naming the columns (" + expected +
                           "), found the number '" + cells[0].text + "'");
      } else {
        out.header_place = place;
        out.columns = plain_labels(cells, place);
        continue;
      }
    }
    read_row(cells, place, line.size(), out);
  }
  if (in.bad()) throw std::invalid_argument("cannot read reference file '" + path + "'");
  if (out.columns.empty() && comsol && header_number > 0) {
    out.header_place = path + ":" + std::to_string(header_number);
    out.columns = comsol_labels(header, out.header_place);
  }
  if (out.columns.empty()) {
    throw std::invalid_argument(path + ": no header line names the columns (" + expected + ")");
  }
  return out;
}

}  // namespace pinn
