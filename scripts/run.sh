#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Set up, build and run the main job: explore every bundled example program
# and every scenario in tests/scenarios (bounds 0..2), on each target this
# build has (tests/scenarios/linux runs the kernel tree's vfio core),
# checking each finds what it should, and print a summary.
#   scripts/run.sh                 the main job
#   scripts/run.sh ARGS...         run vfio-sim ARGS instead
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" >/dev/null
sim=build/release/vfio-sim
if [ $# -gt 0 ]; then
	exec "$sim" "$@"
fi

status=0
"$sim" examples || status=1
echo
passed=0 failed=0
scenarios=(tests/scenarios/*.sim)
if "$sim" targets | grep -q '^linux '; then
	scenarios+=(tests/scenarios/linux/*.sim)
else
	echo "(no kernel tree: the linux target's scenarios are skipped)"
fi
for f in "${scenarios[@]}"; do
	if "$sim" explore "$f" --bound 2 --check-expect --quiet; then
		passed=$((passed + 1))
	else
		echo "  ^ $f did not behave as its header says"
		failed=$((failed + 1))
		status=1
	fi
done
echo "scenarios: $passed passed, $failed failed"
exit $status
