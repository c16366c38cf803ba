#pragma once
// The versions of the libraries pinn runs with, recorded in every result so that
// a result can be reproduced (or a difference explained) later.

#include <string>

namespace pinn {

// "libtorch 1.13.1, hdf5 1.10.8, yaml-cpp 0.7.0, eigen 3.4.0"
std::string library_versions();

}  // namespace pinn
