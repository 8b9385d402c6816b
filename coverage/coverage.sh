#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Run the suite in a coverage build and write lcov/genhtml reports with
# branch coverage to BUILD/coverage/NAME/, one per line of
# coverage/reports.conf (vfio-sim itself, the kernel tree's vfio files,
# the model), printing the summary of each; for the kernel files also the
# number of lines they have and the number compiled into code.  Settings:
# coverage/lcovrc.
#   coverage/coverage.sh SOURCE_DIR BUILD_DIR [CTEST_ARGS...]
set -euo pipefail
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
shift 2
here=$src/coverage
out=$build/coverage
rc=(--config-file "$here/lcovrc")

mkdir -p "$out"
lcov -q "${rc[@]}" --zerocounters --directory "$build"
ctest --test-dir "$build" -j"$(nproc)" --output-on-failure "$@" || true
# (lcov 1.16's geninfo prints perl warnings by the hundred: kept in a log)
lcov -q "${rc[@]}" --capture --directory "$build" \
	--base-directory "$src" --output-file "$out/all.info" \
	2> "$out/capture.log" || { cat "$out/capture.log" >&2; exit 1; }

# the patterns of one field of reports.conf, prefixes expanded
patterns() {
	local p
	for p in $1; do
		p=${p/#@src\//$src/}
		printf '%s\n' "${p/#@build\//$build/}"
	done
}

# report NAME TITLE KEPT REMOVED: extract, write html, print the summary
report() {
	local name=$1 title=$2 info=$out/$1.info
	local -a kept removed
	mapfile -t kept < <(patterns "$3")
	mapfile -t removed < <(patterns "$4")
	if ! lcov -q "${rc[@]}" --extract "$out/all.info" "${kept[@]}" \
		--output-file "$info" 2>/dev/null || [ ! -s "$info" ]; then
		rm -f "$info"
		echo "$title: no coverage data (not built?)"
		return 0
	fi
	if [ ${#removed[@]} -gt 0 ]; then
		lcov -q "${rc[@]}" --remove "$info" "${removed[@]}" \
			--output-file "$info"
	fi
	genhtml -q "${rc[@]}" --title "$title" \
		--output-directory "$out/$name" "$info"
	echo "$title ($out/$name/index.html):"
	lcov "${rc[@]}" --summary "$info" 2>&1 |
		grep -E '^ *(lines|functions|branches)' | sed 's/^ */  /'
	if [[ $name == linux* ]]; then
		# lines in the files, and lines that generated code (lcov's LF)
		local total=0 f
		for f in "${kept[@]}"; do
			total=$((total + $(wc -l < "$f")))
		done
		echo "  source lines: $total in ${#kept[@]} files;" \
		     "$(awk -F: '/^LF:/ { n += $2 } END { print n + 0 }' \
			"$info") lines compiled into code"
	fi
}

while IFS='|' read -r name title kept removed; do
	case $name in ''|'#'*) continue ;; esac
	report "$name" "$title" "$kept" "$removed"
done < "$here/reports.conf"
