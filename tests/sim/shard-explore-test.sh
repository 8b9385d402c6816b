#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# scripts/shard-explore.sh with GNU parallel, two jobs: N DFS shards of a
# race file add up to the executions of the whole single pass (--shard
# 0/1), and a failure one shard finds is reported once with its exit
# status.  DPOR shards (no --bound): N = 2 and 4 shards of a race file
# say "complete: every trace", and their executions add up to those of
# one exploration with the same decisions fixed (--shard 0/1
# --shard-depth D); the shards of a scenario with two failures find both
# (each once), as unsharded DPOR does; a crash is reported once; shards
# a budget stopped are not complete.
#
# usage: shard-explore-test.sh VFIO_SIM
set -uo pipefail
sim=${1:?usage: $0 VFIO_SIM}
cd "$(dirname "$0")/../.." || exit 2
command -v parallel > /dev/null || { echo "SKIP: no GNU parallel"; exit 77; }
f=tests/conformance/races/kvm-add-vs-cdev-bind.sim
t=$("$sim" targets | awk '$1 == "linux" || $1 == "model" { print $1; exit }')
[ -n "$t" ] || { echo "SKIP: neither linux nor model built"; exit 77; }
whole=$("$sim" explore "$f" --target "$t" --bound 2 --shard 0/1 --quiet |
	grep -o '[0-9]* executions' | cut -d' ' -f1)
for n in 2 5; do
	got=$(scripts/shard-explore.sh "$sim" "$n" --jobs 2 -- "$f" \
		--target "$t" --bound 2 | sed -n 's/^[0-9]* shards: \([0-9]*\) executions$/\1/p')
	if [ "$got" != "$whole" ]; then
		echo "FAIL: $n shards ran $got executions, the whole pass $whole"
		exit 1
	fi
	echo "ok: $n shards: $got executions, as the whole pass"
done
# DPOR: how much more than unsharded DPOR the shards run is said, not
# judged (docs/explorer.md, "Sharding")
f=tests/conformance/races/unset-container-vs-get-device-fd.sim
dpor=$("$sim" explore "$f" --target "$t" --quiet | head -1)
[[ $dpor == *"complete: every trace"* ]] ||
	{ echo "FAIL: DPOR: $dpor"; exit 1; }
dpor=$(grep -o '[0-9]* executions' <<<"$dpor" | head -1 | cut -d' ' -f1)
for n in 2 4; do
	merged=$(scripts/shard-explore.sh "$sim" "$n" --jobs 2 -- "$f" \
		--target "$t" | head -1)
	got=$(sed -n 's/^[0-9]* shards: \([0-9]*\) executions, .*/\1/p' \
		<<<"$merged")
	if [[ $merged != *", complete: every trace"* ]]; then
		echo "FAIL: $n DPOR shards: \"$merged\""
		exit 1
	fi
	depth=$("$sim" explore "$f" --target "$t" --quiet --shard 0/"$n" |
		grep -o 'prefixes of [0-9]* decision' | cut -d' ' -f3)
	fixed=$("$sim" explore "$f" --target "$t" --quiet --shard 0/1 \
		--shard-depth "$depth" | head -1 | grep -o '[0-9]* executions' |
		head -1 | cut -d' ' -f1)
	if [ -z "$got" ] || [ "$got" != "$fixed" ]; then
		echo "FAIL: $n DPOR shards ran $got executions, one" \
			"exploration with $depth decisions fixed $fixed"
		exit 1
	fi
	echo "ok: $n DPOR shards (depth $depth): $got executions, as one" \
		"exploration with those decisions fixed; unsharded DPOR $dpor"
done
merged=$(scripts/shard-explore.sh "$sim" 2 --jobs 2 -- "$f" --target "$t" \
	--max-executions 2 | head -1)
if [[ $merged != "2 shards: 4 executions, incomplete: 2 of 2 shards"* ]]; then
	echo "FAIL: 2 DPOR shards stopped by a budget: \"$merged\""
	exit 1
fi
echo "ok: DPOR shards stopped by a budget: incomplete"
f=tests/scenarios/open-vs-unregister-unchecked.sim
want=$("$sim" explore "$f" --quiet --keep-going | grep '^  [a-z-]*: ' | sort)
out=$(scripts/shard-explore.sh "$sim" 3 --jobs 2 -- "$f" --keep-going)
rc=$?
got=$(grep '^  [a-z-]*: ' <<<"$out" | sort)
if [ "$rc" -ne 1 ] || [ -z "$want" ] || [ "$got" != "$want" ] ||
   [[ $out != *", complete: every trace"* ]]; then
	echo "FAIL: $f in 3 DPOR shards: exit $rc, found:"
	echo "$out"
	echo "unsharded DPOR found:"
	echo "$want"
	exit 1
fi
echo "ok: 3 DPOR shards find the $(wc -l <<<"$want") failures of DPOR," \
	"once each"
# a crash (in the set-up, before any decision): found by the shard that
# owns it, and only by it, though every shard runs into it
out=$(scripts/shard-explore.sh "$sim" 3 --jobs 2 -- --example slab-oob \
	--strategy dpor)
rc=$?
n=$(grep -c '^  crash: .*slab-out-of-bounds' <<<"$out")
if [ "$rc" -ne 1 ] || [ "$n" -ne 1 ]; then
	echo "FAIL: slab-oob in 3 DPOR shards: exit $rc, reported $n times:"
	echo "$out"
	exit 1
fi
echo "ok: a crash in 3 DPOR shards: exit 1, reported once"
out=$(scripts/shard-explore.sh "$sim" 3 --jobs 2 -- --example lost-update \
	--bound 2 --keep-going)
rc=$?
n=$(grep -c '^  warning: lost update' <<<"$out")
if [ "$rc" -ne 1 ] || [ "$n" -ne 1 ]; then
	echo "FAIL: lost-update in 3 shards: exit $rc, reported $n times:"
	echo "$out"
	exit 1
fi
echo "ok: a failure found by a shard: exit 1, reported once"
