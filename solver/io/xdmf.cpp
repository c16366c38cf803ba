#include "solver/io/xdmf.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "solver/io/atomic_write.h"

namespace pinn {
namespace {

std::string dimensions(const std::vector<uint64_t>& shape) {
  std::string text;
  for (auto n : shape) text += (text.empty() ? "" : " ") + std::to_string(n);
  return text;
}

std::string hdf_item(const std::string& h5_name, const std::string& dataset,
                     const std::vector<uint64_t>& shape) {
  return "<DataItem Dimensions=\"" + dimensions(shape) +
         "\" NumberType=\"Float\" Precision=\"8\" Format=\"HDF\">" + h5_name + ":/solution/" +
         dataset + "</DataItem>";
}

std::string attribute(const std::string& h5_name, const std::string& name,
                      const std::vector<uint64_t>& shape) {
  return "      <Attribute Name=\"" + name +
         "\" AttributeType=\"Scalar\" Center=\"Node\">\n        " + hdf_item(h5_name, name, shape) +
         "\n      </Attribute>\n";
}

}  // namespace

std::string xdmf_path(const std::string& result_path) {
  return std::filesystem::path(result_path).replace_extension(".xmf").string();
}

std::string xdmf_text(const std::string& h5_name, const SolutionGrid& solution) {
  const auto dim = solution.inputs.size();
  if (dim < 1 || dim > 3) return "";
  const auto shape = solution.shape();
  // Mesh dimensions and geometry items, slowest axis first; VX is the fastest axis.
  std::vector<uint64_t> mesh = shape;
  std::string geometry;
  if (dim == 1) {
    mesh = {1, shape[0]};
    geometry = "        " + hdf_item(h5_name, solution.inputs[0], {shape[0]}) +
               "\n        <DataItem Dimensions=\"1\" NumberType=\"Float\" Precision=\"8\" "
               "Format=\"XML\">0</DataItem>\n";
  } else {
    for (size_t i = dim; i-- > 0;) {
      geometry += "        " + hdf_item(h5_name, solution.inputs[i], {shape[i]}) + "\n";
    }
  }
  const std::string topology = dim == 3 ? "3DRectMesh" : "2DRectMesh";
  const std::string geometry_type = dim == 3 ? "VXVYVZ" : "VXVY";
  std::string text =
      "<?xml version=\"1.0\" ?>\n"
      "<Xdmf Version=\"3.0\">\n"
      "  <Domain>\n"
      "    <Grid Name=\"solution\" GridType=\"Uniform\">\n"
      "      <Topology TopologyType=\"" +
      topology + "\" Dimensions=\"" + dimensions(mesh) +
      "\"/>\n"
      "      <Geometry GeometryType=\"" +
      geometry_type + "\">\n" + geometry + "      </Geometry>\n";
  text += attribute(h5_name, "u", mesh);
  if (!solution.u_exact.empty()) {
    text += attribute(h5_name, "u_exact", mesh);
    text += attribute(h5_name, "abs_error", mesh);
  }
  text += "    </Grid>\n  </Domain>\n</Xdmf>\n";
  return text;
}

void write_xdmf(const std::string& result_path, const SolutionGrid& solution) {
  const auto text = xdmf_text(std::filesystem::path(result_path).filename().string(), solution);
  if (text.empty()) return;
  write_atomically(xdmf_path(result_path), "XDMF file", [&](const std::string& temporary) {
    std::ofstream out(temporary, std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw std::runtime_error(std::strerror(errno));
  });
}

}  // namespace pinn
