#pragma once
// Thin helpers over the HDF5 C++ API for the shapes pinn stores: scalar
// attributes, and 1-D or N-D datasets of doubles, integers and strings.

#include <H5Cpp.h>

#include <cstdint>
#include <string>
#include <vector>

namespace pinn::hdf5 {

void write_attribute(H5::H5Object& object, const std::string& name, const std::string& value);
void write_attribute(H5::H5Object& object, const std::string& name, double value);
void write_attribute(H5::H5Object& object, const std::string& name, int64_t value);
// 1-D array attributes (empty arrays are written with one dimension of size 0).
void write_attribute(H5::H5Object& object, const std::string& name,
                     const std::vector<double>& values);
void write_attribute(H5::H5Object& object, const std::string& name,
                     const std::vector<int64_t>& values);

std::string read_string_attribute(const H5::H5Object& object, const std::string& name);
double read_double_attribute(const H5::H5Object& object, const std::string& name);
int64_t read_int_attribute(const H5::H5Object& object, const std::string& name);
std::vector<double> read_doubles_attribute(const H5::H5Object& object, const std::string& name);
std::vector<int64_t> read_ints_attribute(const H5::H5Object& object, const std::string& name);

void write_dataset(H5::Group& group, const std::string& name, const std::vector<double>& values,
                   const std::vector<uint64_t>& shape);
void write_dataset(H5::Group& group, const std::string& name, const std::vector<double>& values);
void write_dataset(H5::Group& group, const std::string& name, const std::vector<int64_t>& values,
                   const std::vector<uint64_t>& shape);
void write_dataset(H5::Group& group, const std::string& name, const std::vector<int64_t>& values);
void write_dataset(H5::Group& group, const std::string& name,
                   const std::vector<std::string>& values);
// Flags or small counts, one byte each.
void write_dataset(H5::Group& group, const std::string& name, const std::vector<uint8_t>& values,
                   const std::vector<uint64_t>& shape);

// The root's `kind` attribute ("study", "pinn checkpoint"); empty when the file has
// none (a run's result) or is not a readable HDF5 file.
std::string file_kind(const std::string& path);

// Opaque bytes (a serialized archive) as a 1-D uint8 dataset.
void write_bytes(H5::Group& group, const std::string& name, const std::string& bytes);
std::string read_bytes(const H5::Group& group, const std::string& name);

std::vector<double> read_doubles(const H5::Group& group, const std::string& name,
                                 std::vector<uint64_t>* shape = nullptr);
std::vector<int64_t> read_ints(const H5::Group& group, const std::string& name);
std::vector<uint8_t> read_uint8s(const H5::Group& group, const std::string& name);
std::vector<std::string> read_strings(const H5::Group& group, const std::string& name);

// Copies everything in the file at `source` (groups, datasets, the root's attributes)
// into a new group `destination` of `target`; missing parent groups are created.
void copy_file_into(const std::string& source, H5::H5File& target, const std::string& destination);

}  // namespace pinn::hdf5
