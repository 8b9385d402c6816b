#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Set up, build (ASan + UBSan) and run the whole test suite.
#   scripts/test.sh [PRESET]      (default: default)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-default}

scripts/setup.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j"$(nproc)"
ctest --preset "$preset" -j"$(nproc)"
