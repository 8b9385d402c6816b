# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Sourced by scripts/presubmit.sh: its jobs, and how an interrupt ends
# them.
#
# Every command that takes long (the build, each exploration, the fuzzer,
# lcov, checkpatch) runs as a job in a process group of its own (spawn),
# so that the job can be ended whole, with everything it started: a
# subshell, vfio-sim and its crash-isolation child, make and the compilers.
# Started so, a background job also keeps SIGINT: a non-interactive bash
# makes its background jobs ignore it, and Ctrl-C did not reach them.
#
# SIGINT (Ctrl-C, sent to the terminal's foreground process group, which
# no longer has the jobs in it) and SIGTERM (a CI's timeout, to the group
# or to this process only) are caught here: each job's group gets SIGTERM,
# at most 5 s are given for them to end (then SIGKILL), and the script
# exits 130 or 143, its EXIT trap removing the scratch directory and any
# report not yet in place.  A signal the shell is waiting in `wait` for is
# handled at once; the commands that still run in the foreground are
# short.

# spawn CMD ARGS...: run CMD (a command or a function) in the background,
# in a process group of its own, stdin from /dev/null; its pid (the group's
# id) in $spawned.
spawn() {
	set -m
	"$@" </dev/null &
	spawned=$!
	set +m
}

# run_job CMD ARGS...: spawn CMD and wait for it; its exit status.
run_job() {
	spawn "$@"
	wait "$spawned"
}

# Whether process group $1 has a process that is not a zombie (an orphan
# the init of a container may never reap).
group_alive() {
	if command -v pgrep >/dev/null; then
		pgrep -g "$1" -r D,I,R,S,T,t,W >/dev/null 2>&1
	else
		kill -0 -- "-$1" 2>/dev/null
	fi
}

# Set while the reports are being moved in place: an interrupt then waits
# for the move to end (no half-moved report), and exits after it.
interrupt_deferred=
interrupt_pending=

# interrupted STATUS: end every job, exit STATUS (130 SIGINT, 143 SIGTERM,
# 129 SIGHUP)
interrupted() {
	local groups g i alive
	if [ -n "$interrupt_deferred" ]; then
		interrupt_pending=$1
		return 0
	fi
	trap '' INT TERM HUP
	groups=$(jobs -p)
	for g in $groups; do
		kill -TERM -- "-$g" 2>/dev/null || true
	done
	# a bounded wait: a make or libFuzzer cleans up on SIGTERM
	for ((i = 0; i < 50; i++)); do
		alive=
		for g in $groups; do
			group_alive "$g" && alive=1
		done
		[ -z "$alive" ] && break
		sleep 0.1
	done
	for g in $groups; do
		kill -KILL -- "-$g" 2>/dev/null || true
	done
	exit "$1"
}
# publish_reports STATUS: move the finished JUnit and HTML reports
# ($junit_tmp, $html_tmp) in place, an interrupt waiting for the move,
# and exit STATUS (or the interrupt's status if one came meanwhile)
publish_reports() {
	interrupt_deferred=1
	if [ -n "$junit" ]; then
		mv "$junit_tmp" "$junit"
		junit_tmp=
	fi
	if [ -n "$html" ]; then
		rm -rf "$html"
		mv "$html_tmp" "$html"
		html_tmp=
	fi
	interrupt_deferred=
	[ -z "$interrupt_pending" ] || interrupted "$interrupt_pending"
	exit "$1"
}

trap 'interrupted 130' INT
trap 'interrupted 143' TERM
# a closed terminal: its SIGHUP reaches this process's group, not the jobs'
trap 'interrupted 129' HUP
