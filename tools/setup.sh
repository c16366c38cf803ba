#!/usr/bin/env bash
# Installs pinn's dependencies from Debian 12 (when missing) and builds pinn
# into build/. Safe to run again: it only installs what is missing and rebuilds
# what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  cmake ninja-build g++ pkg-config
  libtorch-dev libgloo-dev libyaml-cpp-dev libhdf5-dev libeigen3-dev libfftw3-dev libgtest-dev
  libcli11-dev
  # Debian's default reference BLAS makes LibTorch about 4x slower.
  libopenblas0-pthread
  python3-h5py python3-matplotlib  # the plotting tools (tools/plot.py)
  python3-yaml  # tools/pinn_model.py reading results written before /network was described
)
tools/install_packages.sh "${packages[@]}"

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
# One LibTorch translation unit takes about 1 GB to compile: cap the jobs by memory too.
jobs=$(nproc)
mem_jobs=$(( $(awk '/MemAvailable/ {print $2}' /proc/meminfo) / 1500000 ))
(( mem_jobs >= 1 && mem_jobs < jobs )) && jobs=$mem_jobs
cmake --build build -j "$jobs"
