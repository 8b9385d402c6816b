#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# vfio-sim explore and sweep stop on SIGINT (Ctrl-C: to the process
# group) and SIGTERM (to the process only) with the shell's statuses, 130
# and 143, the crash-isolation child gone with them and no --json file,
# whole or partial, left.  Each runs an exploration that would go on for
# hours (random, a billion executions), started as a background job of
# this non-interactive shell: with SIGINT ignored, as such jobs start.
# The wait for the processes to go is bounded (5 s), not a timing check.
#   tests/cli/interrupt-test.sh VFIO_SIM
set -euo pipefail
sim=$1
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
failures=0
fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}
command -v setsid >/dev/null && command -v pgrep >/dev/null || {
	echo "SKIP: no setsid or pgrep (util-linux, procps)"
	exit 77
}
# processes of session $1 that are not zombies (an init that does not
# reap may keep those)
running() { pgrep -s "$1" -r D,I,R,S,T,t,W; }

# check CMD SIGNAL HOW STATUS: CMD in a session of its own, SIGNAL sent
# to its group or its process (HOW) once its isolation child runs
check() {
	local cmd=$1 sig=$2 how=$3 want=$4 pid rc=0 i what="$1 $2 to the $3"
	setsid "$sim" "$cmd" --example lost-update-fixed --strategy random \
		--max-executions 1000000000 --json "$t/out.json" \
		>"$t/stdout" 2>"$t/stderr" &
	pid=$!
	for ((i = 0; i < 600; i++)); do
		[ "$(running "$pid" | wc -l)" -ge 2 ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	[ "$(running "$pid" | wc -l)" -ge 2 ] ||
		fail "$what: no isolation child running"
	if [ "$how" = group ]; then
		kill "-$sig" -- "-$pid"
	else
		kill "-$sig" "$pid"
	fi
	# a bounded wait for everything to go, then its status
	for ((i = 0; i < 50; i++)); do
		running "$pid" >/dev/null || break
		sleep 0.1
	done
	if running "$pid" >/dev/null; then
		fail "$what: left running: $(pgrep -a -s "$pid")"
		pkill -KILL -s "$pid" || true
	fi
	wait "$pid" || rc=$?
	[ "$rc" -eq "$want" ] || {
		fail "$what: exit $rc, expected $want"
		sed 's/^/  | /' "$t/stderr" | tail -n 5 >&2
	}
	[ -z "$(ls "$t" | grep 'out\.json')" ] ||
		fail "$what: a --json file was left: $(ls "$t")"
}

check explore INT group 130
check explore TERM process 143
check sweep INT group 130
check sweep TERM process 143

if [ "$failures" -gt 0 ]; then
	echo "$failures check(s) failed" >&2
	exit 1
fi
echo passed
