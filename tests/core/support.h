#pragma once
// Helpers shared by the core test files.

#include <unistd.h>

#include <filesystem>
#include <string>

#include "problems/register_builtin.h"

namespace pinn::testing {

// A registry holding the problems shipped with pinn.
inline ProblemRegistry builtin_registry() {
  ProblemRegistry registry;
  problems::register_builtin(registry);
  return registry;
}

// A path in the temporary directory, unique to this process.
inline std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("pinn_test_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

}  // namespace pinn::testing
