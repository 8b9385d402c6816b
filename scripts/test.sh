#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Set up, build (ASan + UBSan) and run the whole test suite; then the
# engine's, shims' and fuzzer's tests in the release build too.
#   scripts/test.sh [PRESET]      (default: default)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-default}

scripts/setup.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j"$(nproc)"
ctest --preset "$preset" -j"$(nproc)"

# Without ASan the simulator stands on other ground (the slab arena and
# the detector's heap shadow, the poison checks instead of ASan's, the
# set-up snapshots): the engine's, the shims' and the fuzzer's tests run
# in the release build as well (sim/test_snapshot checks the snapshots).
if [ "$preset" = default ]; then
	cmake --preset release >/dev/null
	cmake --build --preset release -j"$(nproc)"
	ctest --preset release -L 'shims|sim|fuzz' -j"$(nproc)"
fi
