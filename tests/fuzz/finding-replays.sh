#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Findings, end to end (docs/fuzzing.md):
#  0. fuzz-vfio-replay refuses bad usage with one line and exit 2;
#  1. a failing scenario (simdev, always built) is minimised into a
#     finding by fuzz-vfio-replay --scenario; `vfio-sim replay FILE
#     SCHEDULE` reproduces it, and `vfio-sim explore FILE --check-expect`
#     agrees with its expect-failure header;
#  2. every kernel finding of tests/findings (linux target, when
#     built) is still found by a fail-nth sweep, with its title (the
#     extended regex of its finding-title line).  The sweep, not the
#     file's replay line: which allocation is the Nth depends on the
#     shims and the build (sanitizers), the sweep finds it wherever.
#
#   tests/fuzz/finding-replays.sh FUZZ_VFIO_REPLAY VFIO_SIM WORKDIR
# Run from the top of the tree.
set -uo pipefail
if [ $# -ne 3 ]; then
	echo "usage: $0 FUZZ_VFIO_REPLAY VFIO_SIM WORKDIR" >&2
	exit 2
fi
replay=$1 sim=$2 work=$3
fail() { echo "finding-replays: FAIL: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"

# 0. bad usage: one line, exit 2
for args in "--target nosuch tests/fuzz/corpus" "--bogus" \
	    "--target simdev /nonexistent"; do
	err=$("$replay" $args 2>&1 >/dev/null)
	rc=$?
	[ $rc -eq 2 ] && [ "$(wc -l <<<"$err")" -eq 1 ] ||
		fail "fuzz-vfio-replay $args: exit $rc, not 2 with one line: $err"
done

# 1. the pipeline on a scenario that deadlocks
out=$("$replay" --target simdev --findings "$work" --strategy random \
	--seed 7 --scenario tests/fuzz/wait-deadlock.sim)
rc=$?
[ $rc -eq 1 ] || fail "fuzz-vfio-replay --scenario exited $rc, not 1: $out"
file=$(ls "$work"/deadlock-*.sim 2>/dev/null)
[ -n "$file" ] || fail "no deadlock finding written in $work: $out"
schedule=$(cat "${file%.sim}.schedule")
lines=$(grep -c '^[A-Za-z_0-9]*: ' "$file")
[ "$lines" -eq 2 ] || fail "$file: $lines lines after minimising, not 2"
grep -q '^# expect-failure: deadlock$' "$file" ||
	fail "$file: no expect-failure header"
grep -qF "# replay: vfio-sim replay $file \"$schedule\"" "$file" ||
	fail "$file: no replay line with schedule \"$schedule\""
out=$("$sim" replay "$file" "$schedule" 2>&1)
rc=$?
[ $rc -eq 1 ] || fail "vfio-sim replay $file \"$schedule\" exited $rc, not 1"
grep -q '^vfio-sim: FAIL: deadlock' <<<"$out" ||
	fail "vfio-sim replay $file \"$schedule\": no deadlock reported"
"$sim" explore "$file" --check-expect --quiet >/dev/null ||
	fail "vfio-sim explore $file --check-expect (schedule \"$schedule\")"

# 2. the committed findings, on the linux target
if ! "$sim" targets | grep -q '^linux '; then
	echo "finding-replays: no linux target: committed findings not run"
	exit 0
fi
for f in tests/findings/linux-*.sim; do
	title=$(sed -n 's/^# finding-title: //p' "$f")
	kind=$(sed -n 's/^# expect-failure: //p' "$f")
	[ -n "$title" ] && [ -n "$kind" ] || fail "$f: no finding header"
	out=$("$sim" sweep "$f" --bound 0 --keep-going --quiet 2>&1)
	grep -qE "^  $kind: .*($title)" <<<"$out" ||
		fail "$f: a fail-nth sweep no longer finds '$kind: $title'"
done
n=$(ls tests/findings/linux-*.sim | wc -l)
echo "finding-replays: the pipeline and $n findings reproduce"
