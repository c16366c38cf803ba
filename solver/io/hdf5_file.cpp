#include "solver/io/hdf5_file.h"

#include <stdexcept>

namespace pinn::hdf5 {
namespace {

H5::StrType variable_string() {
  H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
  type.setCset(H5T_CSET_UTF8);
  return type;
}

std::vector<hsize_t> dims_of(const std::vector<uint64_t>& shape) {
  return std::vector<hsize_t>(shape.begin(), shape.end());
}

}  // namespace

void write_attribute(H5::H5Object& object, const std::string& name, const std::string& value) {
  const auto type = variable_string();
  auto attribute = object.createAttribute(name, type, H5::DataSpace(H5S_SCALAR));
  const char* data = value.c_str();
  attribute.write(type, &data);
}

void write_attribute(H5::H5Object& object, const std::string& name, double value) {
  object.createAttribute(name, H5::PredType::NATIVE_DOUBLE, H5::DataSpace(H5S_SCALAR))
      .write(H5::PredType::NATIVE_DOUBLE, &value);
}

void write_attribute(H5::H5Object& object, const std::string& name, int64_t value) {
  object.createAttribute(name, H5::PredType::NATIVE_INT64, H5::DataSpace(H5S_SCALAR))
      .write(H5::PredType::NATIVE_INT64, &value);
}

namespace {

template <typename T>
void write_array_attribute(H5::H5Object& object, const std::string& name,
                           const std::vector<T>& values, const H5::PredType& type) {
  const hsize_t size = values.size();
  object.createAttribute(name, type, H5::DataSpace(1, &size)).write(type, values.data());
}

template <typename T>
std::vector<T> read_array_attribute(const H5::H5Object& object, const std::string& name,
                                    const H5::PredType& type) {
  const auto attribute = object.openAttribute(name);
  std::vector<T> values(attribute.getSpace().getSimpleExtentNpoints());
  if (!values.empty()) attribute.read(type, values.data());
  return values;
}

}  // namespace

void write_attribute(H5::H5Object& object, const std::string& name,
                     const std::vector<double>& values) {
  write_array_attribute(object, name, values, H5::PredType::NATIVE_DOUBLE);
}

void write_attribute(H5::H5Object& object, const std::string& name,
                     const std::vector<int64_t>& values) {
  write_array_attribute(object, name, values, H5::PredType::NATIVE_INT64);
}

std::vector<double> read_doubles_attribute(const H5::H5Object& object, const std::string& name) {
  return read_array_attribute<double>(object, name, H5::PredType::NATIVE_DOUBLE);
}

std::vector<int64_t> read_ints_attribute(const H5::H5Object& object, const std::string& name) {
  return read_array_attribute<int64_t>(object, name, H5::PredType::NATIVE_INT64);
}

std::string read_string_attribute(const H5::H5Object& object, const std::string& name) {
  auto attribute = object.openAttribute(name);
  std::string value;
  attribute.read(attribute.getStrType(), value);
  return value;
}

double read_double_attribute(const H5::H5Object& object, const std::string& name) {
  double value = 0;
  object.openAttribute(name).read(H5::PredType::NATIVE_DOUBLE, &value);
  return value;
}

int64_t read_int_attribute(const H5::H5Object& object, const std::string& name) {
  int64_t value = 0;
  object.openAttribute(name).read(H5::PredType::NATIVE_INT64, &value);
  return value;
}

void write_dataset(H5::Group& group, const std::string& name, const std::vector<double>& values,
                   const std::vector<uint64_t>& shape) {
  const auto dims = dims_of(shape);
  H5::DataSpace space(static_cast<int>(dims.size()), dims.data());
  auto dataset = group.createDataSet(name, H5::PredType::NATIVE_DOUBLE, space);
  // HDF5 refuses a null buffer even for no elements.
  if (!values.empty()) dataset.write(values.data(), H5::PredType::NATIVE_DOUBLE);
}

void write_dataset(H5::Group& group, const std::string& name, const std::vector<double>& values) {
  write_dataset(group, name, values, {values.size()});
}

void write_dataset(H5::Group& group, const std::string& name, const std::vector<int64_t>& values,
                   const std::vector<uint64_t>& shape) {
  const auto dims = dims_of(shape);
  H5::DataSpace space(static_cast<int>(dims.size()), dims.data());
  auto dataset = group.createDataSet(name, H5::PredType::NATIVE_INT64, space);
  if (!values.empty()) dataset.write(values.data(), H5::PredType::NATIVE_INT64);
}

void write_dataset(H5::Group& group, const std::string& name, const std::vector<int64_t>& values) {
  write_dataset(group, name, values, {values.size()});
}

void write_dataset(H5::Group& group, const std::string& name,
                   const std::vector<std::string>& values) {
  const hsize_t dims[1] = {values.size()};
  std::vector<const char*> pointers;
  for (const auto& v : values) pointers.push_back(v.c_str());
  const auto type = variable_string();
  auto dataset = group.createDataSet(name, type, H5::DataSpace(1, dims));
  if (!values.empty()) dataset.write(pointers.data(), type);
}

void write_dataset(H5::Group& group, const std::string& name, const std::vector<uint8_t>& values,
                   const std::vector<uint64_t>& shape) {
  const auto dims = dims_of(shape);
  H5::DataSpace space(static_cast<int>(dims.size()), dims.data());
  auto dataset = group.createDataSet(name, H5::PredType::NATIVE_UINT8, space);
  if (!values.empty()) dataset.write(values.data(), H5::PredType::NATIVE_UINT8);
}

std::vector<double> read_doubles(const H5::Group& group, const std::string& name,
                                 std::vector<uint64_t>* shape) {
  auto dataset = group.openDataSet(name);
  auto space = dataset.getSpace();
  std::vector<hsize_t> dims(static_cast<size_t>(space.getSimpleExtentNdims()));
  space.getSimpleExtentDims(dims.data());
  std::vector<double> values(static_cast<size_t>(space.getSimpleExtentNpoints()));
  if (!values.empty()) dataset.read(values.data(), H5::PredType::NATIVE_DOUBLE);
  if (shape) shape->assign(dims.begin(), dims.end());
  return values;
}

std::string file_kind(const std::string& path) {
  try {
    H5::Exception::dontPrint();
    if (!H5::H5File::isHdf5(path)) return "";
    H5::H5File file(path, H5F_ACC_RDONLY);
    const auto root = file.openGroup("/");
    return root.attrExists("kind") ? read_string_attribute(root, "kind") : "";
  } catch (const H5::Exception&) {
    return "";
  }
}

void write_bytes(H5::Group& group, const std::string& name, const std::string& bytes) {
  const hsize_t dims[1] = {bytes.size()};
  group.createDataSet(name, H5::PredType::NATIVE_UINT8, H5::DataSpace(1, dims))
      .write(bytes.data(), H5::PredType::NATIVE_UINT8);
}

std::string read_bytes(const H5::Group& group, const std::string& name) {
  auto dataset = group.openDataSet(name);
  std::string bytes(static_cast<size_t>(dataset.getSpace().getSimpleExtentNpoints()), '\0');
  if (!bytes.empty()) dataset.read(bytes.data(), H5::PredType::NATIVE_UINT8);
  return bytes;
}

std::vector<int64_t> read_ints(const H5::Group& group, const std::string& name) {
  auto dataset = group.openDataSet(name);
  std::vector<int64_t> values(static_cast<size_t>(dataset.getSpace().getSimpleExtentNpoints()));
  if (!values.empty()) dataset.read(values.data(), H5::PredType::NATIVE_INT64);
  return values;
}

std::vector<uint8_t> read_uint8s(const H5::Group& group, const std::string& name) {
  auto dataset = group.openDataSet(name);
  std::vector<uint8_t> values(static_cast<size_t>(dataset.getSpace().getSimpleExtentNpoints()));
  if (!values.empty()) dataset.read(values.data(), H5::PredType::NATIVE_UINT8);
  return values;
}

std::vector<std::string> read_strings(const H5::Group& group, const std::string& name) {
  auto dataset = group.openDataSet(name);
  const auto n = static_cast<size_t>(dataset.getSpace().getSimpleExtentNpoints());
  if (n == 0) return {};
  std::vector<char*> pointers(n, nullptr);
  const auto type = variable_string();
  dataset.read(pointers.data(), type);
  std::vector<std::string> values(pointers.begin(), pointers.end());
  auto space = dataset.getSpace();
  H5::DataSet::vlenReclaim(pointers.data(), type, space);
  return values;
}

void copy_file_into(const std::string& source, H5::H5File& target, const std::string& destination) {
  H5::H5File file(source, H5F_ACC_RDONLY);
  const hid_t create_parents = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_create_intermediate_group(create_parents, 1);
  const herr_t status =
      H5Ocopy(file.getId(), "/", target.getId(), destination.c_str(), H5P_DEFAULT, create_parents);
  H5Pclose(create_parents);
  if (status < 0) {
    throw H5::FileIException("copy_file_into",
                             "cannot copy '" + source + "' into '" + destination + "'");
  }
}

}  // namespace pinn::hdf5
