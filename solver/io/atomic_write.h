#pragma once

#include <functional>
#include <string>

namespace pinn {

// Writes a file through `write` (given a temporary path beside `path`), then renames it
// over `path`, so that an existing file is never left half-written. Throws
// std::runtime_error "cannot write <what> '<path>': <reason>" (for an HDF5 error or any
// std::exception `write` throws, or a failed rename), removing the temporary file.
void write_atomically(const std::string& path, const std::string& what,
                      const std::function<void(const std::string& temporary)>& write);

}  // namespace pinn
