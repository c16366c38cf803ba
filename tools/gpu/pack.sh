#!/usr/bin/env bash
# Downloads the Debian 12 packages pinn builds against, without LibTorch and the
# build tools, into tools/gpu/debs/ (or $PINN_DEBS_DIR), for tools/gpu/check.sh to
# unpack on a machine that has neither apt nor a network. Writes MANIFEST.tsv
# (role, package, version, bytes, sha256, file). Run as root or with sudo; a
# package already there at apt's candidate version is not fetched again.
#
#   tools/gpu/pack.sh            # fetch what is missing, rewrite the manifest
#   tools/gpu/pack.sh --list     # print the package names and exit
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest=${PINN_DEBS_DIR:-$here/debs}

# Headers, CMake config files and the libraries linked by path. libsz2 and
# libaec0 go with them: libhdf5_serial.so.103 needs them and no other system
# has those sonames. libfftw3-double3 holds the libfftw3.so.3 that
# libfftw3-dev's libfftw3.so points to.
build_packages=(
  libyaml-cpp-dev libyaml-cpp0.7
  libhdf5-dev libhdf5-103-1 libhdf5-cpp-103-1 libsz2 libaec0
  libeigen3-dev libfftw3-dev libfftw3-double3 libcli11-dev libgtest-dev libgloo-dev
)
# The rest of libhdf5_serial.so.103's ELF closure (zlib, OpenSSL's libcrypto,
# libcurl and what libcurl loads), glibc and libstdc++ aside: check.sh uses each
# one only where the target machine lacks its soname.
runtime_packages=(
  zlib1g libssl3 libcurl4
  libbrotli1 libcom-err2 libffi8 libgmp10 libgnutls30 libgssapi-krb5-2 libhogweed6
  libidn2-0 libk5crypto3 libkeyutils1 libkrb5-3 libkrb5support0 libldap-2.5-0
  libnettle8 libnghttp2-14 libp11-kit0 libpsl5 librtmp1 libsasl2-2 libssh2-1
  libtasn1-6 libunistring2 libzstd1
)
# Always taken from the target machine: mixing C runtimes does not work.
host_packages=(libc6 libgcc-s1 libstdc++6)

if [[ ${1:-} == --list ]]; then
  printf 'build %s\n' "${build_packages[@]}"
  printf 'runtime %s\n' "${runtime_packages[@]}"
  exit 0
fi

command -v apt-get >/dev/null || { echo "pack.sh: needs apt-get (Debian 12)" >&2; exit 1; }
mkdir -p "$dest"
# apt's download sandbox user must be able to write here.
chmod 755 "$dest"
cd "$dest"

candidate() { apt-cache policy "$1" | awk '/Candidate:/ {print $2}'; }
# The .deb in $dest for package $1, if any (several versions: the first).
deb_of() {
  local f
  for f in "$1"_*.deb; do
    [[ -e $f ]] || continue
    [[ $(dpkg-deb -f "$f" Package) == "$1" ]] && { echo "$f"; return; }
  done
}

all=("${build_packages[@]}" "${runtime_packages[@]}")
fetch=()
for p in "${all[@]}"; do
  want=$(candidate "$p")
  [[ -n $want && $want != "(none)" ]] || { echo "pack.sh: apt knows no $p (apt-get update?)" >&2; exit 1; }
  have=$(deb_of "$p")
  if [[ -n $have && $(dpkg-deb -f "$have" Version) == "$want" ]]; then continue; fi
  [[ -n $have ]] && rm -f -- "$have"  # an older version
  fetch+=("$p=$want")
done
if ((${#fetch[@]})); then
  echo "downloading ${#fetch[@]} packages into $dest"
  apt-get download -q "${fetch[@]}"
fi

# Where the libraries are installed here, tell whether the lists still cover
# their ELF closure (a Debian update may add a dependency).
if command -v ldd >/dev/null && command -v dpkg >/dev/null; then
  roots=(/usr/lib/x86_64-linux-gnu/libhdf5_serial_cpp.so.103 /usr/lib/x86_64-linux-gnu/libyaml-cpp.so.0.7)
  for r in "${roots[@]}"; do
    [[ -e $r ]] || continue
    while read -r lib; do
      owner=$(dpkg -S "$(readlink -f "$lib")" 2>/dev/null | head -1 | cut -d: -f1) || true
      [[ -z $owner ]] && continue
      case " ${all[*]} ${host_packages[*]} " in
        *" $owner "*) ;;
        *) echo "pack.sh: warning: $r loads $lib from $owner, which is not in the lists" >&2 ;;
      esac
    done < <(ldd "$r" | awk '/=> \// {print $3}')
  done
fi

# Manifest; packages no longer listed are removed.
{
  printf 'role\tpackage\tversion\tbytes\tsha256\tfile\n'
  total=0
  for role in build runtime; do
    if [[ $role == build ]]; then list=("${build_packages[@]}"); else list=("${runtime_packages[@]}"); fi
    for p in "${list[@]}"; do
      f=$(deb_of "$p")
      [[ -n $f ]] || { echo "pack.sh: $p did not download" >&2; exit 1; }
      bytes=$(stat -c %s "$f")
      total=$((total + bytes))
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$role" "$p" "$(dpkg-deb -f "$f" Version)" "$bytes" \
        "$(sha256sum "$f" | cut -d' ' -f1)" "$f"
    done
  done
  printf 'total\t%s packages\t\t%s\t\t\n' "${#all[@]}" "$total"
} > MANIFEST.tsv.new
for f in *.deb; do
  [[ -e $f ]] || continue
  grep -qF "$(printf '\t%s' "$f")" MANIFEST.tsv.new || { echo "removing unlisted $f"; rm -f -- "$f"; }
done
mv MANIFEST.tsv.new MANIFEST.tsv
awk -F'\t' '$1 == "total" {printf "%s: %s, %.1f MB\n", FILENAME, $2, $4 / 1e6}' MANIFEST.tsv
