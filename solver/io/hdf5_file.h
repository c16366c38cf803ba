#pragma once
// Thin helpers over the HDF5 C++ API for the shapes pinn stores: scalar
// attributes, and 1-D or N-D datasets of doubles, integers and strings.

#include <H5Cpp.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace pinn::hdf5 {

void write_attribute(H5::H5Object& object, const std::string& name, const std::string& value);
void write_attribute(H5::H5Object& object, const std::string& name, double value);
void write_attribute(H5::H5Object& object, const std::string& name, int64_t value);

std::string read_string_attribute(const H5::H5Object& object, const std::string& name);
double read_double_attribute(const H5::H5Object& object, const std::string& name);
int64_t read_int_attribute(const H5::H5Object& object, const std::string& name);

void write_dataset(H5::Group& group, const std::string& name, const std::vector<double>& values,
                   const std::vector<uint64_t>& shape);
void write_dataset(H5::Group& group, const std::string& name, const std::vector<double>& values);
void write_dataset(H5::Group& group, const std::string& name, const std::vector<int64_t>& values,
                   const std::vector<uint64_t>& shape);
void write_dataset(H5::Group& group, const std::string& name, const std::vector<int64_t>& values);
void write_dataset(H5::Group& group, const std::string& name,
                   const std::vector<std::string>& values);

std::vector<double> read_doubles(const H5::Group& group, const std::string& name,
                                 std::vector<uint64_t>* shape = nullptr);
std::vector<int64_t> read_ints(const H5::Group& group, const std::string& name);
std::vector<std::string> read_strings(const H5::Group& group, const std::string& name);

// Writes a file through `write` (given a temporary path beside `path`), then renames it
// over `path`, so an existing file is never left half-written. Throws std::runtime_error
// "cannot write <what> '<path>': <reason>", removing the temporary file.
void write_atomically(const std::string& path, const std::string& what,
                      const std::function<void(const std::string& temporary)>& write);

// Copies everything in the file at `source` (groups, datasets, the root's attributes)
// into a new group `destination` of `target`; missing parent groups are created.
void copy_file_into(const std::string& source, H5::H5File& target, const std::string& destination);

}  // namespace pinn::hdf5
