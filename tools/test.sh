#!/usr/bin/env bash
# Builds pinn (installing its dependencies first where needed) and runs the
# whole test suite, then the sanitizer and fuzzing build (tools/sanitize.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
ctest --test-dir build -j "$(nproc)" --output-on-failure
tools/sanitize.sh
