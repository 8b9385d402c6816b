#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Set up, build and run the main job: for now, the explorer over the
# bundled example programs, with a summary of what it found.
#   scripts/run.sh [vfio-sim arguments]   (default: examples)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" >/dev/null
if [ $# -eq 0 ]; then
	set -- examples
fi
exec build/release/vfio-sim "$@"
