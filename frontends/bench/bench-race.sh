#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The race detector's cost: every race file of tests/conformance explored
# at DFS bound 2 with the detector on and off (--no-race-detector), on the
# given targets (default: linux model), interleaved in one run so that the
# two compare; medians of RUNS runs (default 3) and their ratio, per file
# and in total.  Then the fuzz pipeline's executions/s (bench-fuzz, next to
# VFIO_SIM) with the detector on and off, 5 s a run, medians of RUNS.
#
# usage: bench-race.sh VFIO_SIM [--runs N] [TARGET...]
set -uo pipefail

sim=${1:?usage: $0 VFIO_SIM [--runs N] [TARGET...]}
shift
runs=3
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=$2; shift 2 ;;
	-*) echo "bench-race.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
targets=${*:-linux model}
cd "$(dirname "$0")/../.." || exit 2

median() {
	sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# Seconds of one exploration (the summary's "T s,"), or "skipped".
seconds() {
	local out
	out=$("$@" --bound 2 --quiet --no-isolate 2>&1 | head -1)
	case $out in
	*": skipped: "*) echo skipped ;;
	*) awk '{ for (i = 1; i <= NF; i++) if ($i == "s,") print $(i - 1) }' \
		<<<"$out" ;;
	esac
}

printf '%-8s %-36s %9s %9s %7s\n' target file on-s off-s ratio
total_on=0
total_off=0
for t in $targets; do
	for f in tests/conformance/races/*.sim; do
		name=$(basename "$f" .sim)
		on=()
		off=()
		for ((i = 0; i < runs; i++)); do
			on+=("$(seconds "$sim" explore "$f" --target "$t")")
			off+=("$(seconds "$sim" explore "$f" --target "$t" \
				--no-race-detector)")
		done
		[ "${on[0]}" = skipped ] && continue
		m_on=$(printf '%s\n' "${on[@]}" | median)
		m_off=$(printf '%s\n' "${off[@]}" | median)
		printf '%-8s %-36s %9s %9s %7s\n' "$t" "$name" "$m_on" "$m_off" \
			"$(awk -v a="$m_on" -v b="$m_off" \
				'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
		total_on=$(awk -v a="$total_on" -v b="$m_on" \
			'BEGIN { print a + b }')
		total_off=$(awk -v a="$total_off" -v b="$m_off" \
			'BEGIN { print a + b }')
	done
done
printf '%-8s %-36s %9.3f %9.3f %7s\n' all "sum of the medians" "$total_on" \
	"$total_off" "$(awk -v a="$total_on" -v b="$total_off" \
		'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"

fuzz=$(dirname "$sim")/bench-fuzz
[ -x "$fuzz" ] || exit 0
printf '\n%-8s %12s %12s %7s\n' target on-exec/s off-exec/s ratio
for t in $targets; do
	rate() {
		"$fuzz" --target "$t" --seconds 5 --runs "$runs" "$@" \
			tests/fuzz/corpus 2>/dev/null |
			awk '/executions\/s/ { for (i = 1; i <= NF; i++)
				if ($i ~ /^executions\/s/) print $(i - 1) }' | tail -1
	}
	on=$(rate)
	off=$(rate --no-race-detector)
	printf '%-8s %12s %12s %7s\n' "$t" "$on" "$off" \
		"$(awk -v a="$on" -v b="$off" \
			'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')"
done
