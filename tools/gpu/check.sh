#!/usr/bin/env bash
# Builds and tests pinn on a machine with a pip PyTorch (CUDA) but no apt and
# no network: unpacks the Debian packages tools/gpu/pack.sh downloaded into a
# private prefix, configures against python's LibTorch, builds with every core,
# runs ctest, a short training on the GPU and the benchmark where it has a CUDA
# mode, and writes logs and figures.json into OUTDIR. A failed stage is logged
# and the next ones still run where they can; the whole check fits in
# $PINN_CHECK_BUDGET_S seconds (450).
#
#   tools/gpu/check.sh OUTDIR
#   tools/gpu/check.sh --dry-run OUTDIR   # this Debian machine's LibTorch, a few LibTorch-free
#                                         # targets and their tests: the unpack/configure path
# Environment: PINN_DEBS_DIR (tools/gpu/debs), PINN_CHECK_BUDGET_S, PINN_CHECK_JOBS (nproc),
#   PINN_DRY_TARGETS (dry run's ninja targets), PINN_SHIM_ALL=1 (use every packaged runtime
#   library, even where this machine has its own), PYTHON (python3).
set -u -o pipefail

dry=0
if [[ ${1:-} == --dry-run ]]; then dry=1; shift; fi
[[ ${PINN_DRY_RUN:-0} == 1 ]] && dry=1
if [[ $# -ne 1 ]]; then
  echo "usage: $0 [--dry-run] OUTDIR" >&2
  exit 2
fi
mkdir -p "$1" || exit 2
out=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
debs=${PINN_DEBS_DIR:-$root/tools/gpu/debs}
python=${PYTHON:-python3}
jobs=${PINN_CHECK_JOBS:-$(nproc 2>/dev/null || echo 4)}
budget=${PINN_CHECK_BUDGET_S:-450}
start=$(date +%s)
build=$out/build
pfx=$out/prefix
arch=x86_64-linux-gnu
lib=$pfx/usr/lib/$arch
have() { command -v "$1" >/dev/null 2>&1; }

# --- figures.json: flat key/value pairs, written again after every stage so
# that a check cut short still leaves what it had.
declare -A fig=()
declare -a fig_keys=()
json_str() {
  local s=$1
  s=${s//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\n'/\\n}; s=${s//$'\t'/\\t}; s=${s//$'\r'/}
  printf '"%s"' "$s"
}
# set_fig KEY VALUE [raw]: raw values (numbers, true/false, null, JSON) go in as they are.
set_fig() {
  [[ -v fig[$1] ]] || fig_keys+=("$1")
  if [[ ${3:-} == raw ]]; then fig[$1]=$2; else fig[$1]=$(json_str "$2"); fi
  write_figures
}
write_figures() {
  local k first=1
  {
    printf '{\n'
    for k in "${fig_keys[@]}"; do
      ((first)) || printf ',\n'
      first=0
      printf '  %s: %s' "$(json_str "$k")" "${fig[$k]}"
    done
    printf '\n}\n'
  } > "$out/figures.json.tmp" && mv "$out/figures.json.tmp" "$out/figures.json"
}
num() { [[ $1 =~ ^-?[0-9]+(\.[0-9]+)?$ ]] && echo "$1" || echo null; }

# Seconds a stage may take: its own cap, or what is left of the budget less a
# reserve for the stages after it, whichever is smaller.
allow() {
  local cap=$1 reserve=${2:-0} left
  left=$((budget - ($(date +%s) - start) - reserve))
  ((left < cap)) && cap=$left
  ((cap < 5)) && cap=5
  echo "$cap"
}
# stage NAME LOG SECONDS CMD...: runs CMD under a timeout, logs it, records
# NAME_rc and NAME_seconds. Returns CMD's status (124 when timed out).
stage() {
  local name=$1 log=$2 secs=$3 t0 rc
  shift 3
  local what="$*"
  ((${#what} > 300)) && what="${what:0:300}..."
  echo "== $name (up to ${secs}s): $what" | tee -a "$out/check.log"
  t0=$(date +%s.%N)
  if declare -F "$1" >/dev/null || ! have timeout; then
    "$@" >> "$log" 2>&1  # a shell function: timeout cannot run it
  else
    timeout -k 10 "$secs" "$@" >> "$log" 2>&1
  fi
  rc=$?
  set_fig "${name}_rc" "$rc" raw
  set_fig "${name}_seconds" "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')" raw
  ((rc == 124)) && set_fig "${name}_timed_out" true raw
  echo "   $name: rc=$rc" | tee -a "$out/check.log"
  return "$rc"
}

: > "$out/check.log"
set_fig mode "$([[ $dry == 1 ]] && echo dry-run || echo full)"
set_fig started "$(date -u +%FT%TZ)"
set_fig host "$(uname -n) $(uname -r)"
set_fig nproc "$jobs" raw
set_fig glibc "$( (ldd --version 2>/dev/null || true) | head -1 | awk '{print $NF}')"
for t in cmake ninja g++ nvcc "$python" readelf dpkg nvidia-smi; do
  have "$t" || set_fig "missing_$t" true raw
done
have cmake && set_fig cmake_version "$(cmake --version | head -1 | awk '{print $3}')"
have g++ && set_fig gxx_version "$(g++ -dumpfullversion 2>/dev/null)"
have nvcc && set_fig nvcc_version "$(nvcc --version | awk -F'release ' '/release/ {print $2}')"
if have nvidia-smi; then
  set_fig gpu "$(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>&1 | head -4)"
fi

# --- LibTorch: python's (full check) or this machine's (dry run).
torch_prefix=""
if ((dry)); then
  for d in /usr/lib/$arch/cmake/Torch /usr/share/cmake/Torch /usr/lib/cmake/Torch; do
    [[ -f $d/TorchConfig.cmake ]] && { torch_prefix=$(cd "$d/../../.." && pwd); torch_dir=$d; break; }
  done
  [[ -n $torch_prefix ]] && set_fig torch_version "$(awk '/#define TORCH_VERSION_(MAJOR|MINOR|PATCH)/ {v = v (v == "" ? "" : ".") $3} END {print v}' \
    /usr/include/torch/csrc/api/include/torch/version.h 2>/dev/null)"
elif have "$python"; then
  "$python" - > "$out/torch.txt" 2> "$out/torch.err" <<'PY'
import torch
print("prefix", torch.utils.cmake_prefix_path)
print("version", torch.__version__)
print("cuda_build", torch.version.cuda)
print("cuda_available", str(torch.cuda.is_available()).lower())
print("cxx11_abi", str(torch.compiled_with_cxx11_abi()).lower())
if torch.cuda.is_available():
    print("gpu_name", torch.cuda.get_device_name(0))
    print("gpu_capability", "%d.%d" % torch.cuda.get_device_capability(0))
PY
  torch_field() { awk -v k="$1" '$1 == k {sub(/^[^ ]+ /, ""); print}' "$out/torch.txt"; }
  torch_prefix=$(torch_field prefix)
  torch_dir=$torch_prefix/Torch
  set_fig torch_version "$(torch_field version)"
  set_fig torch_cuda "$(torch_field cuda_build)"
  set_fig cuda_available "$(torch_field cuda_available)" raw
  set_fig torch_cxx11_abi "$(torch_field cxx11_abi)" raw
  [[ -n $(torch_field gpu_name) ]] && set_fig gpu_name "$(torch_field gpu_name)"
  [[ -n $(torch_field gpu_capability) ]] && set_fig gpu_capability "$(torch_field gpu_capability)"
  # Debian's libraries use the C++11 std::string; a pre-2.7 wheel's LibTorch does not,
  # and then nothing that passes a string between them links.
  [[ $(torch_field cxx11_abi) == false ]] &&
    set_fig warning_abi "this LibTorch uses _GLIBCXX_USE_CXX11_ABI=0: yaml-cpp, HDF5 C++ and GTest from Debian will not link"
fi
[[ -n $torch_prefix && -d $torch_dir ]] || set_fig error_torch "no LibTorch CMake config found"

# --- Unpack every package: the build ones into the prefix CMake searches, the
# runtime ones beside it, to be used only for sonames this machine lacks.
unpack() {
  rm -rf "$pfx" && mkdir -p "$pfx/runtime" "$pfx/shim" || return 1
  [[ -f $debs/MANIFEST.tsv ]] || { echo "no $debs/MANIFEST.tsv (run tools/gpu/pack.sh)"; return 1; }
  local role pkg ver bytes sum file n=0
  while IFS=$'\t' read -r role pkg ver bytes sum file; do
    [[ $role == build || $role == runtime ]] || continue
    [[ -f $debs/$file ]] || { echo "missing $file"; return 1; }
    if have sha256sum && [[ $(sha256sum "$debs/$file" | cut -d' ' -f1) != "$sum" ]]; then
      echo "checksum mismatch: $file"; return 1
    fi
    if have dpkg-deb; then
      dpkg-deb -x "$debs/$file" "$([[ $role == build ]] && echo "$pfx" || echo "$pfx/runtime")" || return 1
    else
      # A .deb is an ar archive holding data.tar.*; without dpkg, ar and tar do.
      local tmp; tmp=$(mktemp -d)
      (cd "$tmp" && ar x "$debs/$file" && tar -xf data.tar.* -C "$([[ $role == build ]] && echo "$pfx" || echo "$pfx/runtime")") || return 1
      rm -rf "$tmp"
    fi
    n=$((n + 1))
  done < "$debs/MANIFEST.tsv"
  echo "unpacked $n packages"
}
# Whether this machine's loader finds soname $1 without our help.
host_has() {
  # The C and C++ runtimes always come from this machine.
  [[ $1 =~ ^(libc|libm|libdl|libpthread|librt|libresolv|libstdc\+\+|libgcc_s|ld-linux-x86-64)\.so ]] && return 0
  ((${PINN_SHIM_ALL:-0})) && return 1
  if have ldconfig && ldconfig -p 2>/dev/null | grep -qF " $1 "; then return 0; fi
  local d
  for d in /lib/$arch /usr/lib/$arch /lib64 /usr/lib64 /lib /usr/lib; do
    [[ -e $d/$1 ]] && return 0
  done
  return 1
}
needed() {
  if have readelf; then readelf -d "$1" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'
  else objdump -p "$1" 2>/dev/null | awk '$1 == "NEEDED" {print $2}'; fi
}
# Links into shim/ each packaged runtime library the prefix's libraries load
# (directly or not) that this machine lacks; lists what nobody provides.
make_shim() {
  local -a queue=() missing=() shimmed=()
  local -A seen=()
  local f so d found
  for f in "$lib"/libhdf5_serial_cpp.so.* "$lib"/libyaml-cpp.so.*; do
    [[ -f $f && ! -L $f ]] && queue+=("$f")
  done
  while ((${#queue[@]})); do
    f=${queue[0]}; queue=("${queue[@]:1}")
    while read -r so; do
      [[ -n $so && ! -v seen[$so] ]] || continue
      seen[$so]=1
      if [[ -e $lib/$so ]]; then queue+=("$(readlink -f "$lib/$so")")
      elif host_has "$so"; then :
      else
        # Some Debian 12 packages still install into /lib.
        found=""
        for d in "$pfx/runtime/usr/lib/$arch" "$pfx/runtime/lib/$arch"; do
          [[ -e $d/$so ]] && { found=$(readlink -f "$d/$so"); break; }
        done
        if [[ -n $found ]]; then
          ln -sf "$found" "$pfx/shim/$so"
          shimmed+=("$so"); queue+=("$found")
        else missing+=("$so"); fi
      fi
    done < <(needed "$f")
  done
  echo "from the packages: ${shimmed[*]:-nothing}"
  echo "found nowhere: ${missing[*]:-nothing}"
  set_fig runtime_libs_from_packages "${shimmed[*]:-}"
  ((${#missing[@]})) && { set_fig runtime_libs_missing "${missing[*]}"; return 1; }
  return 0
}
stage unpack "$out/unpack.log" "$(allow 60)" unpack
have readelf || have objdump || set_fig warning_shim "no readelf/objdump: runtime closure not checked"
make_shim >> "$out/unpack.log" 2>&1 || echo "   some runtime libraries are missing (unpack.log)" | tee -a "$out/check.log"
export LD_LIBRARY_PATH="$lib:$pfx/shim${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
set_fig ld_library_path "$LD_LIBRARY_PATH"

# --- Configure. The prefix comes first in CMAKE_PREFIX_PATH, so its packages win
# over any on this machine; HDF5_ROOT makes FindHDF5 search only the prefix (and
# skip the h5c++ wrapper, whose paths are absolute).
cmake_args=(
  -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
  "-DCMAKE_PREFIX_PATH=$pfx/usr;${torch_prefix}"
  "-DHDF5_ROOT=$lib/hdf5/serial"
  "-DCMAKE_EXE_LINKER_FLAGS=-Wl,-rpath-link,$lib:$pfx/shim"
  "-DCMAKE_SHARED_LINKER_FLAGS=-Wl,-rpath-link,$lib:$pfx/shim"
)
[[ -n ${torch_dir:-} ]] && cmake_args+=("-DTorch_DIR=$torch_dir")
if ((!dry)) && have nvcc; then
  cmake_args+=("-DCMAKE_CUDA_COMPILER=$(command -v nvcc)")
  # Only the GPU that is here: TorchConfig would otherwise target every architecture.
  cap=${fig[gpu_capability]:-}; cap=${cap//\"/}
  [[ -n $cap ]] && { cmake_args+=("-DTORCH_CUDA_ARCH_LIST=$cap"); export TORCH_CUDA_ARCH_LIST=$cap; }
fi
rm -rf "$build"
configured=0
if have cmake && have ninja && stage configure "$out/configure.log" "$(allow 120 240)" cmake "${cmake_args[@]}"; then
  configured=1
  # Which file each dependency came from: all must lie inside the prefix.
  grep -E '^(yaml-cpp_DIR|GTest_DIR|CLI11_DIR|Eigen3_DIR|Torch_DIR|HDF5_CXX_INCLUDE_DIR|HDF5_hdf5(_cpp)?_LIBRARY_RELEASE|HDF5_CXX_COMPILER_EXECUTABLE|FFTW3_INCLUDE_DIR|FFTW3_LIBRARY)[:=]' \
    "$build/CMakeCache.txt" > "$out/found.txt"
  outside=$(grep -vE "Torch_DIR|NOTFOUND" "$out/found.txt" | grep -vF "=$pfx/" | tr '\n' ' ')
  set_fig found_outside_prefix "$outside"
  set_fig hdf5_version "$(sed -n 's/^FIND_PACKAGE_MESSAGE_DETAILS_HDF5:.*\[v\([0-9.]*\)(.*/\1/p' "$build/CMakeCache.txt")"
fi

# --- Build.
if ((configured)); then
  if ((dry)); then
    read -r -a targets <<< "${PINN_DRY_TARGETS:-solver/CMakeFiles/pinn_config.dir/config/source.cpp.o test_reference test_config}"
  else
    targets=()
  fi
  stage build "$out/build.log" "$(allow 330 90)" ninja -C "$build" -j "$jobs" "${targets[@]}"
  build_rc=$?
  # Which headers the compiled files read from outside the prefix (system ones aside).
  ninja -C "$build" -t deps 2>/dev/null |
    grep -E '^ +/usr/include/(yaml-cpp|eigen3|hdf5|H5|gloo|gtest|CLI)' | sort -u > "$out/headers_outside_prefix.txt"
  set_fig headers_outside_prefix "$(wc -l < "$out/headers_outside_prefix.txt")" raw
  set_fig headers_from_prefix "$(ninja -C "$build" -t deps 2>/dev/null | grep -cF " $pfx/")" raw

  # --- Tests (those of the built targets in a dry run).
  # A dry run tests only the directories of the binaries it built.
  if ((dry)); then read -r -a test_dirs <<< "${PINN_DRY_TEST_DIRS:-tests/reference tests/config}"
  else test_dirs=(.); fi
  run_ctest() {
    local d rc=0
    for d in "${test_dirs[@]}"; do
      ctest --test-dir "$build/$d" -j "$jobs" --output-on-failure --timeout 120 || rc=$?
    done
    return "$rc"
  }
  stage ctest "$out/ctest.log" "$(allow 150 60)" bash -c \
    "$(declare -f run_ctest); build='$build' jobs='$jobs'; test_dirs=(${test_dirs[*]}); run_ctest"
  total=$(sed -n 's/.* tests failed out of \([0-9]*\).*/\1/p' "$out/ctest.log" | awk '{s += $1} END {if (NR) print s}')
  failed=$(sed -n 's/.* \([0-9]*\) tests failed out of.*/\1/p' "$out/ctest.log" | awk '{s += $1} END {if (NR) print s}')
  skipped=$(grep -c '\*\*\*Skipped' "$out/ctest.log")
  set_fig tests_total "$(num "${total:-}")" raw
  set_fig tests_failed "$(num "${failed:-}")" raw
  set_fig tests_skipped "$(num "$skipped")" raw
  [[ -n ${total:-} && -n ${failed:-} ]] && set_fig tests_passed $((total - failed - skipped)) raw
  grep -E '^\s+[0-9]+ - .*\((Failed|Timeout|SEGFAULT|Subprocess aborted|Exception|Not Run)\)' "$out/ctest.log" |
    head -40 > "$out/tests_failed.txt"
  set_fig tests_failed_names "$(cat "$out/tests_failed.txt")"
fi

# --- A short training on the GPU: the CUDA path of pinn itself.
if ((!dry)) && [[ -x $build/pinn && ${fig[cuda_available]:-false} == true ]]; then
  mkdir -p "$out/cuda_smoke"
  cat > "$out/cuda_smoke/poisson.yaml" <<'YAML'
problem: {name: poisson, dim: 1, k: 4, domain: [0, 1], case: sine}
network: {hidden: [32, 32, 32], activation: tanh, init: xavier_normal}
sampling:
  residual: {points: 2000, method: lhs}
  boundary: {points: 2, method: lhs}
training:
  seed: 1234
  dtype: float32
  device: cuda
  derivatives: autograd
  phases:
    - {optimizer: adam, iterations: 200, lr: 1.0e-3}
  log_every: 50
output:
  file: poisson_cuda.h5
  grid: {x: 201}
YAML
  cd "$out/cuda_smoke" &&
    stage cuda_smoke "$out/cuda_smoke.log" "$(allow 60 30)" "$build/pinn" train poisson.yaml --force
  cd "$root" || exit 1
fi

# --- Benchmark: only where tools/benchmark.py has a CUDA mode.
if ((dry)); then
  set_fig benchmark "skipped (dry run)"
elif ! have "$python"; then
  set_fig benchmark "skipped (no $python)"
elif "$python" "$root/tools/benchmark.py" --help 2>/dev/null | grep -q -- '--device'; then
  if [[ -x $build/pinn-bench ]]; then
    stage benchmark "$out/benchmark.log" "$(allow 120 5)" "$python" "$root/tools/benchmark.py" \
      --quick --device cuda --pinn-bench "$build/pinn-bench" --json-out "$out/benchmark.json"
    if [[ -s $out/benchmark.json ]] && (($(stat -c %s "$out/benchmark.json") < 200000)); then
      set_fig benchmark_records "$(cat "$out/benchmark.json")" raw
    fi
  else
    set_fig benchmark "skipped (pinn-bench not built)"
  fi
else
  set_fig benchmark "not run: tools/benchmark.py has no --device option (CPU only)"
  echo "tools/benchmark.py has no --device option; no GPU benchmark" > "$out/benchmark.log"
fi

set_fig total_seconds $(($(date +%s) - start)) raw
set_fig finished "$(date -u +%FT%TZ)"
echo "figures: $out/figures.json"
# Status: the build's and the tests' (0 when both passed).
rc=0
[[ ${fig[configure_rc]:-1} == 0 && ${fig[build_rc]:-1} == 0 && ${fig[ctest_rc]:-1} == 0 ]] || rc=1
exit "$rc"
