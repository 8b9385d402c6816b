#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Run the suite in a coverage build and write lcov/genhtml reports with
# branch coverage to BUILD/coverage/: html/ for the engine and the shims,
# linux/ for the kernel tree's vfio files (the linux target) and model/
# for vfio-core/ (the model), with a summary of each, and for the kernel
# files the number of lines they have and the number compiled into code.
#   scripts/coverage.sh SOURCE_DIR BUILD_DIR [CTEST_ARGS...]
set -euo pipefail
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
shift 2
out=$build/coverage
rc=(--rc lcov_branch_coverage=1)

mkdir -p "$out"
lcov -q "${rc[@]}" --zerocounters --directory "$build"
ctest --test-dir "$build" -j"$(nproc)" --output-on-failure "$@" || true
# (lcov 1.16's geninfo prints perl warnings by the hundred: kept in a log)
lcov -q "${rc[@]}" --capture --directory "$build" \
	--base-directory "$src" --output-file "$out/all.info" \
	2> "$out/capture.log" || { cat "$out/capture.log" >&2; exit 1; }

# report NAME TITLE PATTERN...: extract, write html, print the summary
report() {
	local name=$1 title=$2
	shift 2
	if ! lcov -q "${rc[@]}" --extract "$out/all.info" "$@" \
		--output-file "$out/$name.info" 2>/dev/null ||
	   [ ! -s "$out/$name.info" ]; then
		rm -f "$out/$name.info"
		echo "$title: no coverage data (not built?)"
		return 0
	fi
	genhtml -q "${rc[@]}" --branch-coverage --legend --title "$title" \
		--output-directory "$out/$name" "$out/$name.info"
	echo "$title ($out/$name/index.html):"
	lcov "${rc[@]}" --summary "$out/$name.info" 2>&1 |
		grep -E '^ *(lines|functions|branches)' | sed 's/^ */  /'
}

lcov -q "${rc[@]}" --extract "$out/all.info" "$src/sim/*" "$src/shims/*" \
	--output-file "$out/vfio-sim.info"
lcov -q "${rc[@]}" --remove "$out/vfio-sim.info" "$src/sim/examples/*" \
	--output-file "$out/vfio-sim.info"
genhtml -q "${rc[@]}" --branch-coverage --legend \
	--title "vfio-sim engine and shims" \
	--output-directory "$out/html" "$out/vfio-sim.info"
echo "engine and shims ($out/html/index.html):"
lcov "${rc[@]}" --summary "$out/vfio-sim.info" 2>&1 |
	grep -E '^ *(lines|functions|branches)' | sed 's/^ */  /'

kfiles=(vfio_main.c group.c device_cdev.c iommufd.c container.c)
report linux "the kernel tree's drivers/vfio (linux target)" \
	"${kfiles[@]/#/$build/kernel/drivers/vfio/}"
if [ -f "$out/linux.info" ]; then
	# lines in the files, and lines that generated code (lcov's LF)
	total=0
	for f in "${kfiles[@]}"; do
		total=$((total + $(wc -l < "$build/kernel/drivers/vfio/$f")))
	done
	compiled=$(awk -F: '/^LF:/ { n += $2 } END { print n + 0 }' \
		"$out/linux.info")
	echo "  source lines: $total in ${#kfiles[@]} files;" \
	     "$compiled lines compiled into code"
fi
report model "vfio-core (model and rfc-2021 targets)" "$src/vfio-core/*"
