#pragma once
// What differs between the LibTorch releases pinn builds against: 1.13 (Debian 12's
// libtorch-dev) and 2.x (the one inside a pip PyTorch). The APIs pinn calls are the
// same in both (c10d's Gloo group and stores, the optimizers and their archives,
// torch::cuda); optional arguments are cleared with `{}`, which is c10::nullopt in
// 1.13 and std::nullopt in 2.x. What remains is the C++ ABI of the build.

#include <torch/version.h>

// pip wheels before 2.7 are built with the pre-C++11 std::string ABI; TorchConfig then
// puts -D_GLIBCXX_USE_CXX11_ABI=0 on everything that links LibTorch, and nothing that
// passes a std::string to Debian's yaml-cpp, HDF5 C++ or GoogleTest (C++11 ABI) links.
// Say so here rather than in a wall of undefined references.
#if defined(_GLIBCXX_USE_CXX11_ABI) && _GLIBCXX_USE_CXX11_ABI == 0
// clang-format off
#error "this LibTorch uses the pre-C++11 string ABI (_GLIBCXX_USE_CXX11_ABI=0), which Debian's yaml-cpp, HDF5 and GoogleTest cannot link with: use LibTorch 1.13 from Debian, a PyTorch >= 2.7 wheel or the cxx11-abi LibTorch archive"
// clang-format on
#endif
