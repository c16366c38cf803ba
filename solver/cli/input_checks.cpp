#include "solver/cli/input_checks.h"

#include <unistd.h>

#include <filesystem>

#include "solver/config/config_error.h"
#include "solver/io/file_kind.h"

namespace pinn::cli {

void refuse_hdf5_as_config(const std::string& path) {
  const auto kind = file_kind_of(path);
  if (kind == FileKind::Result || kind == FileKind::Checkpoint || kind == FileKind::Study ||
      kind == FileKind::OtherHdf5) {
    throw config::ConfigError(path, "this is " + describe(kind) +
                                        ", not a YAML config: print what it holds with 'pinn "
                                        "summary " +
                                        path + "'");
  }
}

void require_writable_file_path(const config::Reader& section, const std::string& key,
                                const std::string& file) {
  if (std::filesystem::is_directory(file)) {
    section.fail(key, "value '" + file + "' is a directory: name a file in it (" +
                          (std::filesystem::path(file) / "result.h5").string() + ")");
  }
  const auto parent = std::filesystem::absolute(file).parent_path();
  if (!std::filesystem::is_directory(parent) || ::access(parent.c_str(), W_OK) != 0) {
    section.fail(key, "value '" + file + "': directory '" + parent.string() +
                          "' does not exist or is not writable");
  }
}

}  // namespace pinn::cli
