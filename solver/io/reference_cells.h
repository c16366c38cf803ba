#pragma once
// The cells of a reference file as read, before they are matched to a problem's inputs
// and outputs (reference_table.h): the columns as the header names them and the rows of
// numbers. Shared by the readers of the text formats and of HDF5.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace pinn {

// A column as its header names it.
struct ReferenceColumn {
  std::string name;   // the name it is matched by ("u" of "u (1) @ t=0.1")
  std::string label;  // as written, for messages
  std::string place;  // "ref.dat:9:27", "ref.h5:u"
  // COMSOL's "@ key=value" conditions ({"t", "0.1"}, {"Re", "100"}), in order.
  std::vector<std::pair<std::string, std::string>> conditions;
};

struct ReferenceCells {
  std::string path;
  std::string header_place;  // where the column names are: "ref.dat:9", "ref.h5"
  std::vector<ReferenceColumn> columns;
  std::vector<double> cells;  // row-major, one per column; NaN where the file says so
  size_t rows() const { return columns.empty() ? 0 : cells.size() / columns.size(); }
};

// Text formats: whitespace-separated (`csv` false) or comma-separated columns under a
// header line, or (`comsol`) a COMSOL export whose last '%' line names the columns.
// `expected` describes the columns wanted ("inputs x, t; outputs u") for messages.
// Throws std::invalid_argument at file:line:column for an unreadable file, a missing
// header, an unreadable label, a row with another number of cells than columns or a cell
// that is neither a number nor NaN.
ReferenceCells read_text_cells(const std::string& path, bool csv, bool comsol,
                               const std::string& expected);

}  // namespace pinn
