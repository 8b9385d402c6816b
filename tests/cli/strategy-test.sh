#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Which strategy vfio-sim explore picks, and its budgets: a scenario file
# is explored by DPOR to completion unless --strategy or --bound say
# otherwise, sharded too (--shard K/N: DPOR, --bound B --shard K/N: DFS);
# --example stays on DFS; --max-executions stops DPOR with "incomplete"
# and "budget_spent" in --json; bad --max-seconds, --shard with random and
# --shard-depth without DPOR shards are refused with one line and exit 2.
#
# usage: strategy-test.sh VFIO_SIM
set -uo pipefail

sim=${1:?usage: $0 VFIO_SIM}
cd "$(dirname "$0")/../.." || exit 2
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
failed=0
fail() { echo "FAIL: $*" >&2; failed=1; }

# expect NAME PATTERN ARGS...: the summary line matches PATTERN, exit 0
expect() {
	local name=$1 pattern=$2 out rc=0
	shift 2
	out=$("$sim" explore "$@" --quiet 2>&1 | head -1) || rc=$?
	[ "$rc" -eq 0 ] || fail "$name: exit $rc ($out)"
	[[ $out == $pattern ]] || fail "$name: got \"$out\", want $pattern"
}

f=tests/scenarios/dup-release.sim
expect "a scenario file" "$f: dpor: *complete: every trace*" "$f"
expect "--bound" "$f: dfs: *bound 2*" "$f" --bound 2
expect "--shard" \
	"$f: dpor: *shard 0/2 of a complete DPOR exploration*" "$f" --shard 0/2
expect "--bound --shard" "$f: dfs: *bound 2*shard 0/2*" "$f" --bound 2 \
	--shard 0/2
expect "a shard's budget" "$f: dpor: 3 executions*shard 1/2 (*incomplete: \
stopped by the budget*" "$f" --shard 1/2 --max-executions 3
expect "--strategy dfs" "$f: dfs: *bound 2*" "$f" --strategy dfs
expect "--example" "lost-update-fixed: dfs: *" --example lost-update-fixed
expect "a budget" "$f: dpor: 3 executions*incomplete: stopped by the budget*" \
	"$f" --max-executions 3
expect "dfs with a budget" "$f: dfs: 3 executions*(stopped by the budget)*" \
	"$f" --bound 2 --max-executions 3

"$sim" explore "$f" --max-executions 3 --quiet --json "$t/r.json" \
	>/dev/null || fail "--json: exit $?"
grep -q '"budget_spent":true' "$t/r.json" ||
	fail "--json after a budget: no \"budget_spent\":true"
"$sim" explore "$f" --quiet --json "$t/c.json" >/dev/null ||
	fail "--json: exit $?"
grep -q '"budget_spent":false,' "$t/c.json" &&
	grep -q '"exhausted":true' "$t/c.json" ||
	fail "--json of a complete exploration: $(head -c 300 "$t/c.json")"

for bad in 0 x -1; do
	rc=0
	err=$("$sim" explore "$f" --max-seconds "$bad" 2>&1 >"$t/out") ||
		rc=$?
	[ "$rc" -eq 2 ] || fail "--max-seconds $bad: exit $rc, expected 2"
	[ "$(wc -l <<<"$err")" -eq 1 ] && [[ $err == *--max-seconds* ]] ||
		fail "--max-seconds $bad: \"$err\""
	[ -s "$t/out" ] && fail "--max-seconds $bad: wrote to stdout"
done
rc=0
"$sim" explore "$f" --strategy dpor --bound 2 >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "--strategy dpor --bound 2: exit $rc, expected 2"
"$sim" explore "$f" --shard 1/2 --quiet --json "$t/s.json" >/dev/null ||
	fail "--shard 1/2 --json: exit $?"
grep -q '"shard":"1/2","shard_depth":[1-9][0-9]*,"shard_prefixes":\[' \
	"$t/s.json" || fail "--json of a shard: $(head -c 300 "$t/s.json")"
for bad in "--shard 0/2 --strategy random" "--shard-depth 3" \
	   "--shard 0/2 --shard-depth 0" "--bound 2 --shard 0/2 --shard-depth 2"
do
	rc=0
	# shellcheck disable=SC2086 # the options split on purpose
	err=$("$sim" explore "$f" $bad 2>&1 >"$t/out") || rc=$?
	[ "$rc" -eq 2 ] || fail "$bad: exit $rc, expected 2"
	[ "$(wc -l <<<"$err")" -eq 1 ] && [[ $err == *--shard* ]] ||
		fail "$bad: \"$err\""
	[ -s "$t/out" ] && fail "$bad: wrote to stdout"
done

[ "$failed" -eq 0 ] && echo "strategy-test: ok"
exit "$failed"
