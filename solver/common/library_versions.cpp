#include "solver/common/library_versions.h"

#include <H5public.h>
#include <torch/version.h>

#include <Eigen/Core>

#include "solver/common/torch_compat.h"  // refuses a LibTorch of the other C++ ABI

namespace pinn {

std::string library_versions() {
  const auto dotted = [](int a, int b, int c) {
    return std::to_string(a) + "." + std::to_string(b) + "." + std::to_string(c);
  };
  return std::string("libtorch ") + TORCH_VERSION + ", hdf5 " +
         dotted(H5_VERS_MAJOR, H5_VERS_MINOR, H5_VERS_RELEASE) + ", yaml-cpp " +
         PINN_YAML_CPP_VERSION + ", eigen " +
         dotted(EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION, EIGEN_MINOR_VERSION);
}

}  // namespace pinn
