#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# scripts/shard-explore.sh with GNU parallel, two jobs: N shards of a race
# file add up to the executions of the whole single pass (--shard 0/1),
# and a failure one shard finds is reported once with its exit status.
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
