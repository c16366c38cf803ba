#include "solver/io/xdmf_test_points.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "solver/io/atomic_write.h"

namespace pinn {
namespace {

std::string item(const std::string& dimensions, const std::string& format,
                 const std::string& content) {
  return "<DataItem Dimensions=\"" + dimensions +
         "\" NumberType=\"Float\" Precision=\"8\" Format=\"" + format + "\">" + content +
         "</DataItem>";
}

std::string stored(const std::string& h5_name, const std::string& dataset,
                   const std::string& dimensions) {
  return item(dimensions, "HDF", h5_name + ":/test_points/" + dataset);
}

std::string attribute(const std::string& h5_name, const std::string& dataset, size_t n) {
  const std::string in = "      ";
  return in + "<Attribute Name=\"" + dataset + "\" AttributeType=\"Scalar\" Center=\"Node\">\n" +
         in + "  " + stored(h5_name, dataset, std::to_string(n)) + "\n" + in + "</Attribute>\n";
}

// The vertices' coordinates: the stored points as they are for two or three inputs; with
// one, paired with Y = 0 written out (XDMF has no one-coordinate geometry).
std::string geometry(const std::string& h5_name, size_t n, size_t dim) {
  const std::string in = "      ";
  const auto points = stored(h5_name, "points", std::to_string(n) + " " + std::to_string(dim));
  if (dim > 1) {
    return in + "<Geometry GeometryType=\"" + (dim == 2 ? "XY" : "XYZ") + "\">\n" + in + "  " +
           points + "\n" + in + "</Geometry>\n";
  }
  std::string zeros;
  zeros.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) zeros += i == 0 ? "0" : " 0";
  return in + "<Geometry GeometryType=\"X_Y\">\n" + in + "  " + points + "\n" + in + "  " +
         item(std::to_string(n), "XML", zeros) + "\n" + in + "</Geometry>\n";
}

}  // namespace

std::string test_points_xdmf_path(const std::string& result_path) {
  return std::filesystem::path(result_path).replace_extension(".test-points.xmf").string();
}

std::string test_points_xdmf_text(const std::string& h5_name, const TestPointFields& points) {
  const auto n = points.count(), dim = points.inputs.size();
  if (n == 0 || dim > 3) return "";
  std::string text =
      "<?xml version=\"1.0\" ?>\n"
      "<Xdmf Version=\"3.0\">\n"
      "  <Domain>\n"
      "    <Grid Name=\"test_points\" GridType=\"Uniform\">\n"
      "      <Topology TopologyType=\"Polyvertex\" NumberOfElements=\"" +
      std::to_string(n) + "\" NodesPerElement=\"1\"/>\n" + geometry(h5_name, n, dim);
  for (const auto& f : points.fields) {
    for (const auto& suffix : {"", "_exact", "_abs_error"}) {
      text += attribute(h5_name, f.name + suffix, n);
    }
  }
  return text + "    </Grid>\n  </Domain>\n</Xdmf>\n";
}

void write_test_points_xdmf(const std::string& result_path, const TestPointFields& points) {
  const auto path = test_points_xdmf_path(result_path);
  const auto text =
      test_points_xdmf_text(std::filesystem::path(result_path).filename().string(), points);
  if (text.empty()) {
    std::error_code ignored;  // usually there is none to remove
    std::filesystem::remove(path, ignored);
    return;
  }
  write_atomically(path, "XDMF file", [&](const std::string& temporary) {
    std::ofstream out(temporary, std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw std::runtime_error(std::strerror(errno));
  });
}

}  // namespace pinn
