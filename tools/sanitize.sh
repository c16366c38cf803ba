#!/usr/bin/env bash
# Builds the parts of pinn without LibTorch (config loading and overrides, formulas,
# geometry and sampling, reference numerics) with clang under AddressSanitizer and
# UndefinedBehaviorSanitizer into build-sanitize/, with the libFuzzer target for the
# config loader and override parser, and runs their tests: the unit tests, every kept
# fuzzer input, and PINN_FUZZ_SECONDS (default 60) of fuzzing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(clang libclang-rt-14-dev cmake ninja-build libyaml-cpp-dev libhdf5-dev libeigen3-dev
          libfftw3-dev libgtest-dev)
tools/install_packages.sh "${packages[@]}"

CC=clang CXX=clang++ cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPINN_WITH_LIBTORCH=OFF -DPINN_SANITIZE=ON -DPINN_FUZZ=ON \
  -DPINN_FUZZ_SECONDS="${PINN_FUZZ_SECONDS:-60}"
cmake --build build-sanitize -j "$(nproc)"
ctest --test-dir build-sanitize -j "$(nproc)" --output-on-failure
