#include "solver/io/file_kind.h"

#include <H5Cpp.h>
#include <unistd.h>

#include <filesystem>

#include "solver/io/hdf5_file.h"

namespace pinn {

FileKind file_kind_of(const std::string& path) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) return FileKind::Missing;
  if (std::filesystem::is_directory(status)) return FileKind::Directory;
  if (::access(path.c_str(), R_OK) != 0) return FileKind::Unreadable;
  try {
    H5::Exception::dontPrint();
    if (!H5::H5File::isHdf5(path)) return FileKind::NotHdf5;
    H5::H5File file(path, H5F_ACC_RDONLY);
    const auto root = file.openGroup("/");
    const auto kind = root.attrExists("kind") ? hdf5::read_string_attribute(root, "kind") : "";
    if (kind == "study") return FileKind::Study;
    if (kind == "pinn checkpoint") return FileKind::Checkpoint;
    if (kind.empty() && root.attrExists("problem") && file.nameExists("solution")) {
      return FileKind::Result;
    }
    return FileKind::OtherHdf5;
  } catch (const H5::Exception&) {
    return FileKind::OtherHdf5;  // the signature was there, the structure is not
  }
}

std::string describe(FileKind kind) {
  switch (kind) {
    case FileKind::Missing:
      return "no such file";
    case FileKind::Directory:
      return "a directory, not a file";
    case FileKind::Unreadable:
      return "not readable (permission denied)";
    case FileKind::NotHdf5:
      return "not an HDF5 file";
    case FileKind::Result:
      return "a pinn result (HDF5)";
    case FileKind::Checkpoint:
      return "a pinn checkpoint (HDF5)";
    case FileKind::Study:
      return "a pinn study result (HDF5)";
    case FileKind::OtherHdf5:
      return "an HDF5 file, but not a pinn result, checkpoint or study";
  }
  return "of unknown kind";
}

}  // namespace pinn
