#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Run the suite in a coverage build and write an lcov/genhtml report with
# branch coverage of the engine and the shims to BUILD/coverage/html.
#   scripts/coverage.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
out=$build/coverage
rc=(--rc lcov_branch_coverage=1)

mkdir -p "$out"
lcov -q "${rc[@]}" --zerocounters --directory "$build"
ctest --test-dir "$build" -j"$(nproc)" --output-on-failure || true
lcov -q "${rc[@]}" --capture --directory "$build" \
	--base-directory "$src" --output-file "$out/all.info"
lcov -q "${rc[@]}" --extract "$out/all.info" "$src/sim/*" "$src/shims/*" \
	--output-file "$out/vfio-sim.info"
lcov -q "${rc[@]}" --remove "$out/vfio-sim.info" "$src/sim/examples/*" \
	--output-file "$out/vfio-sim.info"
genhtml -q "${rc[@]}" --branch-coverage --legend \
	--title "vfio-sim engine and shims" \
	--output-directory "$out/html" "$out/vfio-sim.info"
lcov "${rc[@]}" --summary "$out/vfio-sim.info"
echo "coverage report: $out/html/index.html"
