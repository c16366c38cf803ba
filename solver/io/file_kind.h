#pragma once
// What a file given on the command line is, so that a command handed the wrong
// kind of file says so instead of failing inside the HDF5 or YAML library.

#include <string>

namespace pinn {

enum class FileKind {
  Missing,
  Directory,
  Unreadable,  // exists, but cannot be opened for reading
  NotHdf5,     // readable; a config, a log, anything but HDF5
  Result,      // written by pinn train
  Checkpoint,  // written by pinn train while it runs
  Study,       // written by pinn study
  OtherHdf5,   // HDF5 that pinn did not write
};

FileKind file_kind_of(const std::string& path);

// "no such file", "a directory", "not an HDF5 file", "a pinn result", ...
std::string describe(FileKind kind);

}  // namespace pinn
