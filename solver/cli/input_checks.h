#pragma once
// Checks on the paths a command is given, made before any work starts.

#include <string>

#include "solver/config/reader.h"

namespace pinn::cli {

// Throws config::ConfigError when `path` is an HDF5 file (a result, say) handed
// to a command that reads a YAML config.
void refuse_hdf5_as_config(const std::string& path);

// Fails `section`'s `key` when `file` is a directory or its directory does not
// exist or is not writable, so a bad output path fails before training, not after.
void require_writable_file_path(const config::Reader& section, const std::string& key,
                                const std::string& file);

}  // namespace pinn::cli
