#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# DFS at bound 2 against DPOR on every race file of tests/conformance, on
# the given targets (default: linux model), in one run so that the figures
# compare: executions, and the median wall time of RUNS runs of each.
# With --unbounded, also DFS without a bound (bound 15), given 60 s.
# DPOR is stopped at --max-executions MAX (default 2000000): "incomplete".
# DPOR runs twice: from the set-up snapshot (the default) and with
# --no-snapshot (every execution runs the set-up), which must explore as
# many executions ("MISMATCH" otherwise).
#
# usage: bench-explore.sh VFIO_SIM [--runs N] [--max MAX] [--unbounded]
#                         [TARGET...]
set -uo pipefail

sim=${1:?usage: $0 VFIO_SIM [--runs N] [--max MAX] [--unbounded] [TARGET...]}
shift
runs=3
max=2000000
unbounded=0
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=$2; shift 2 ;;
	--max) max=$2; shift 2 ;;
	--unbounded) unbounded=1; shift ;;
	-*) echo "bench-explore.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
targets=${*:-linux model}
cd "$(dirname "$0")/../.." || exit 2

median() {
	sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# A summary line as "EXECUTIONS SECONDS STATUS".
parse() {
	awk '{
		for (i = 1; i <= NF; i++) {
			if ($i ~ /^execution/) e = $(i - 1);
			if ($i == "s,") t = $(i - 1);
		}
		st = "bound";
		if ($0 ~ /incomplete/)
			st = "incomplete";
		else if ($0 ~ /every trace|every schedule explored/)
			st = "complete";
		print e, t, st }'
}

# One exploration: prints "EXECUTIONS SECONDS STATUS", or "skipped".
one() {
	local out
	out=$("$@" --quiet --no-isolate 2>&1 | head -1)
	case $out in
	*": skipped: "*) echo skipped ;;
	*) parse <<<"$out" ;;
	esac
}

printf '%-10s %-36s %10s %8s   %10s %8s %11s %s\n' target file \
	dfs-b2 s dpor s no-snap-s status
for t in $targets; do
	for f in tests/conformance/races/*.sim; do
		name=$(basename "$f" .sim)
		first=$(one "$sim" explore "$f" --target "$t" --bound 2)
		[ "$first" = skipped ] && continue
		dfs_e=${first%% *}
		dfs_s=$( { echo "$first"; for ((i = 1; i < runs; i++)); do
			one "$sim" explore "$f" --target "$t" --bound 2; done; } |
			awk '{ print $2 }' | median)
		first=$(one "$sim" explore "$f" --target "$t" --strategy dpor \
			--max-executions "$max")
		dpor_e=${first%% *}
		status=${first##* }
		dpor_s=$( { echo "$first"; for ((i = 1; i < runs; i++)); do
			one "$sim" explore "$f" --target "$t" --strategy dpor \
				--max-executions "$max"; done; } |
			awk '{ print $2 }' | median)
		nosnap=$(for ((i = 0; i < runs; i++)); do
			one "$sim" explore "$f" --target "$t" --strategy dpor \
				--max-executions "$max" --no-snapshot; done)
		if [ "$(awk '{ print $1 }' <<<"$nosnap" | sort -u)" != \
		     "$dpor_e" ]; then
			status="$status MISMATCH"
		fi
		nosnap_s=$(awk '{ print $2 }' <<<"$nosnap" | median)
		printf '%-10s %-36s %10s %8s   %10s %8s %11s %s' "$t" \
			"$name" "$dfs_e" "$dfs_s" "$dpor_e" "$dpor_s" \
			"$nosnap_s" "$status"
		if [ "$unbounded" = 1 ]; then
			r=$(timeout 60 "$sim" explore "$f" --target "$t" \
				--bound 15 --quiet --no-isolate | head -1)
			if [ -n "$r" ]; then
				printf '   dfs-unbounded %s' "$(parse <<<"$r")"
			else
				printf '   dfs-unbounded > 60 s'
			fi
		fi
		printf '\n'
	done
done
