#include "solver/geometry/point_cloud_file.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <stdexcept>

#include "solver/common/text.h"

namespace pinn::geometry {
namespace {

// How far from 1 a normal's length may be before the row is refused rather than rescaled.
constexpr double kUnitTolerance = 1e-6;

struct Field {
  std::string text;
  size_t column;  // 1-based, of its first character
};

// The fields of one line, its '#' comment dropped; `end` is the column just after the last.
std::vector<Field> split(const std::string& line, size_t& end) {
  const auto content = line.substr(0, line.find('#'));
  std::vector<Field> fields;
  std::string current;
  end = 1;
  for (size_t i = 0; i <= content.size(); ++i) {
    const char c = i < content.size() ? content[i] : ' ';
    if (c == ' ' || c == '\t' || c == ',' || c == '\r') {
      if (!current.empty()) fields.push_back({current, i - current.size() + 1});
      current.clear();
    } else {
      current += c;
      end = i + 2;
    }
  }
  return fields;
}

// Reads `path` line by line, calling `row(fields, place, end)` for each line holding a
// field, where `place` is "path:line" and `end` the column after its last field.
template <typename Row>
void for_each_row(const std::string& path, const std::string& kind, Row row) {
  std::ifstream in(path);
  if (!in) {
    throw std::invalid_argument("cannot read " + kind + " file '" + path +
                                "': " + std::strerror(errno));
  }
  std::string line;
  for (int64_t number = 1; std::getline(in, line); ++number) {
    size_t end = 1;
    const auto fields = split(line, end);
    if (!fields.empty()) row(fields, path + ":" + std::to_string(number), end);
  }
  if (in.bad()) {
    throw std::invalid_argument("cannot read " + kind + " file '" + path +
                                "': " + std::strerror(errno));
  }
}

void require_count(const std::vector<Field>& fields, size_t expected, const std::string& what,
                   const std::string& place, size_t end) {
  if (fields.size() == expected) return;
  // Where the first surplus field starts, or where the first missing one should.
  const size_t column = fields.size() > expected ? fields[expected].column : end;
  throw std::invalid_argument(place + ":" + std::to_string(column) + ": expected " +
                              std::to_string(expected) + " fields (" + what + "), found " +
                              std::to_string(fields.size()));
}

double number(const Field& field, const std::string& place) {
  char* end = nullptr;
  const double value = std::strtod(field.text.c_str(), &end);
  const auto at = place + ":" + std::to_string(field.column) + ": '" + field.text + "'";
  if (end != field.text.c_str() + field.text.size())
    throw std::invalid_argument(at + " is not a number");
  if (!std::isfinite(value)) throw std::invalid_argument(at + " is not finite");
  return value;
}

bool is_name(const std::string& text) {
  if (text.empty() || !std::isalpha(static_cast<unsigned char>(text[0]))) return false;
  for (const char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

void check_dim(int dim) {
  if (dim < 1) {
    throw std::invalid_argument("a point cloud needs at least one coordinate per point, dim " +
                                std::to_string(dim) + " given");
  }
}

}  // namespace

std::vector<double> read_interior_points(const std::string& path, int dim) {
  check_dim(dim);
  const std::string what = count_of(dim, "coordinate");
  std::vector<double> points;
  for_each_row(path, "interior point", [&](const auto& fields, const auto& place, size_t end) {
    require_count(fields, size_t(dim), what, place, end);
    for (const auto& field : fields) points.push_back(number(field, place));
  });
  if (points.empty()) {
    throw std::invalid_argument("interior point file '" + path +
                                "' holds no points (one per line: " + what + ")");
  }
  return points;
}

BoundaryRows read_boundary_points(const std::string& path, int dim) {
  check_dim(dim);
  const std::string what = count_of(dim, "coordinate") + ", " + count_of(dim, "normal component") +
                           ", then the part name";
  BoundaryRows rows;
  std::map<std::string, int> index;  // part name -> its index in rows.parts
  for_each_row(path, "boundary point", [&](const auto& fields, const auto& place, size_t end) {
    require_count(fields, size_t(2 * dim + 1), what, place, end);
    for (int a = 0; a < dim; ++a) rows.points.push_back(number(fields[size_t(a)], place));
    std::vector<double> normal;
    std::string written;
    for (int a = dim; a < 2 * dim; ++a) {
      normal.push_back(number(fields[size_t(a)], place));
      written += (written.empty() ? "(" : ", ") + fields[size_t(a)].text;
    }
    written += ")";
    double length = 0;
    for (const double c : normal) length += c * c;
    length = std::sqrt(length);
    const auto at =
        place + ":" + std::to_string(fields[size_t(dim)].column) + ": the normal " + written;
    if (length == 0) {
      throw std::invalid_argument(at + " is zero; each row needs the outward unit normal (" + what +
                                  ")");
    }
    if (std::abs(length - 1) > kUnitTolerance) {
      throw std::invalid_argument(at + " has length " + shortest_decimal(length) +
                                  ", not 1 within 1e-6 (a row holds " + what + ")");
    }
    for (const double c : normal) rows.normals.push_back(c / length);
    const auto& name = fields.back();
    if (!is_name(name.text)) {
      throw std::invalid_argument(
          place + ":" + std::to_string(name.column) + ": part name '" + name.text +
          "' is not a name (letters, digits and _, starting with a letter)");
    }
    const auto known = index.emplace(name.text, static_cast<int>(rows.parts.size()));
    if (known.second) rows.parts.push_back(name.text);
    rows.part.push_back(known.first->second);
  });
  if (rows.part.empty()) {
    throw std::invalid_argument("boundary point file '" + path +
                                "' holds no points (one per line: " + what + ")");
  }
  return rows;
}

}  // namespace pinn::geometry
