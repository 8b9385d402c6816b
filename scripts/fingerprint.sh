#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The behaviour of a vfio-sim build, as text without times: what every
# bundled example finds and after how many executions, the execution and
# step counts and failures of every scenario (bound 2), of every
# conformance file on every vfio core of the build (single-thread files at
# bound 0, races at bound 2), the model's fail-nth sweeps, the naming
# files, and the kernel findings' sweeps.  For a change that must not
# change behaviour (a refactoring, a move): run it before and after, from
# the same source tree layout, and diff.
#   scripts/fingerprint.sh [BUILD_DIR] > FILE     (default: build/release)
set -uo pipefail
cd "$(dirname "$0")/.."
sim=${1:-build/release}/vfio-sim
[ -x "$sim" ] || { echo "fingerprint.sh: no $sim (build it first)" >&2
		   exit 2; }

# the summary lines, without wall-clock figures
counts() {
	grep -E 'execution|failure|^  [a-z-]+: ' |
		sed -E 's/ [0-9]+\.[0-9]+ s,//'
}

"$sim" examples | awk '{ $6 = ""; print }'
targets=$("$sim" targets | awk '/^[a-z]/ { print $1 }')
for f in tests/scenarios/*.sim tests/scenarios/linux/*.sim; do
	[[ $f == */linux/* ]] && ! grep -qx linux <<< "$targets" && continue
	echo "== $f"
	"$sim" explore "$f" --bound 2 2>&1 | counts
done
for t in $targets; do
	[ "$t" = simdev ] && continue
	for f in tests/conformance/single/*.sim tests/conformance/races/*.sim
	do
		bound=0
		[[ $f == */races/* ]] && bound=2
		echo "== $t $f"
		"$sim" explore "$f" --target "$t" --bound "$bound" 2>&1 |
			counts
		if [ "$t" = model ] && [[ $f == */single/* ]]; then
			"$sim" sweep "$f" --target model --bound 0 2>&1 |
				counts
		fi
	done
done
if grep -qx model <<< "$targets"; then
	for f in tests/conformance/naming/*.sim; do
		echo "== naming $f"
		"$sim" explore "$f" --target model --bound 0 2>&1 | counts
		"$sim" sweep "$f" --target model --bound 0 2>&1 | counts
	done
fi
for t in $targets; do
	[[ $t == linux* ]] || continue
	for f in tests/findings/linux-*.sim; do
		echo "== finding $t $f"
		"$sim" sweep "$f" --target "$t" 2>&1 | counts
	done
done
