#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# One exploration split into N shards (vfio-sim explore --shard K/N) run
# by GNU parallel, on this machine (--jobs J) or on several
# (--sshloginfile FILE: each machine needs vfio-sim and the file at the same
# paths), and merged: the executions added up, every distinct failure once,
# exit 0 (nothing found), 1 (found) or 2 (a shard could not run).  DPOR
# (a scenario file without --bound) says "complete: every trace" when
# every shard completed its part; DFS (--bound B) is one pass at B.
#
# usage: shard-explore.sh VFIO_SIM N [--jobs J | --sshloginfile FILE]
#                         -- EXPLORE-ARGUMENTS...
# e.g.   shard-explore.sh build/release/vfio-sim 8 --jobs 2 -- \
#            tests/conformance/races/bind-twice.sim --target linux
set -uo pipefail

die() { echo "shard-explore.sh: $*" >&2; exit 2; }

[ $# -ge 4 ] || die "usage: $0 VFIO_SIM N [--jobs J | --sshloginfile F] -- ARGS..."
sim=$1
n=$2
shift 2
[[ $n =~ ^[1-9][0-9]*$ ]] || die "N: expected a number of shards, got \"$n\""
par=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	case $1 in
	--jobs|--sshloginfile) [ $# -ge 2 ] || die "$1 needs an argument"
		par+=("$1" "$2"); shift 2 ;;
	*) die "unknown option \"$1\"" ;;
	esac
done
[ "${1:-}" = -- ] || die "expected -- before the explore arguments"
shift
command -v parallel > /dev/null ||
	die "GNU parallel is not installed (Debian package parallel)"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# each shard's summary in its own file; --quiet keeps it to the summary
seq 0 $((n - 1)) | parallel "${par[@]}" --halt never \
	"$(printf '%q ' "$sim") explore $(printf '%q ' "$@") --quiet --shard {}/$n > $out/{}.txt 2>&1; echo \$? > $out/{}.rc"

rc=0 execs=0 cut=0 dpor=0 complete=0
for ((k = 0; k < n; k++)); do
	r=$(cat "$out/$k.rc" 2>/dev/null || echo 2)
	[ "$r" -gt 1 ] && { echo "shard $k/$n: exit $r:" >&2
			     cat "$out/$k.txt" >&2; rc=2; continue; }
	[ "$r" -eq 1 ] && [ "$rc" -eq 0 ] && rc=1
	line=$(head -1 "$out/$k.txt")
	e=$(grep -o '[0-9]* executions\?' <<<"$line" | head -1 | cut -d' ' -f1)
	execs=$((execs + ${e:-0}))
	[[ $line == *": dpor: "* ]] || continue
	dpor=$((dpor + 1))
	[[ $line == *" of a complete DPOR exploration "* ]] || continue
	complete=$((complete + 1))
	c=$(grep -o '[0-9]* cut by sleep sets' <<<"$line" | cut -d' ' -f1)
	cut=$((cut + ${c:-0}))
done
if [ "$dpor" -eq 0 ]; then
	echo "$n shards: $execs executions"
elif [ "$complete" -eq "$n" ]; then
	echo "$n shards: $execs executions, complete: every trace" \
		"($cut cut by sleep sets)"
else
	echo "$n shards: $execs executions, incomplete:" \
		"$((n - complete)) of $n shards stopped before the end of" \
		"their part (a failure or the budget)"
fi
# the failures: a "  kind: title" line and its schedule line, once each
cat "$out"/*.txt | awk '/^  [a-z-]+: / { f = $0; getline s;
	if (!(f in seen)) { seen[f] = 1; print f; print s } }'
exit "$rc"
