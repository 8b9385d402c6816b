#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# An interrupted presubmit stops, cleans up and says so: on a copy of the
# Debian 6.12 tree's vfio files (from the build's extracted copy),
#
#  1. Ctrl-C: SIGINT to presubmit's process group while the races are
#     explored (explorations made endless with VFIO_SIM_RACE_ARGS);
#     The same with SIGHUP (a closed terminal), which must exit 129;
#  2. a CI's timeout: SIGTERM to presubmit's process only, while a patched
#     file is being compiled (an interrupted incremental build);
#
# each must exit 130 / 143, leave no process of its session running (a
# generous bounded wait of 10 s, not a timing check), no scratch copy in
# TMPDIR, no --junit or --html report, and the tree as it was; then the
# same patch in the same build directory must pass (conformance only, to
# keep it short).
#   tests/presubmit/interrupt-test.sh VFIO_SIM
. "$(dirname "$0")/lib.sh"
need_tarball
extracted_tree || {
	echo "SKIP: $kdir is not the extracted $tarball"
	exit 77
}
command -v setsid >/dev/null && command -v pgrep >/dev/null || {
	echo "SKIP: no setsid or pgrep (util-linux, procps)"
	exit 77
}

# the user's tree: the files presubmit reads
k=$t/linux
for f in Makefile drivers/vfio/vfio_main.c drivers/vfio/group.c \
	 drivers/vfio/device_cdev.c drivers/vfio/iommufd.c \
	 drivers/vfio/container.c drivers/vfio/vfio.h include/linux/vfio.h \
	 include/uapi/linux/vfio.h; do
	mkdir -p "$k/$(dirname "$f")"
	cp "$kdir/$f" "$k/$f"
done
checksum() { (cd "$k" && find . -type f -exec cksum {} + | sort); }
before=$(checksum)

# a harmless patch: group.c is recompiled, nothing else changes
sed_patch "$t/comment.patch" group.c 1 "vfio/group: a comment" \
	-e '1a\/* presubmit interrupt test */'

# start ARGS...: presubmit in a session (and process group) of its own;
# as a background job of this non-interactive shell, it starts with
# SIGINT ignored, which vfio-sim presubmit undoes
start() {
	setsid "$sim" presubmit --kernel "$k" \
		--junit "$t/junit.xml" --html "$t/html" "$@" \
		>"$t/out" 2>"$t/err" &
	pid=$!
	[ "$(ps -o sid= -p "$pid" | tr -d ' ')" = "$pid" ] ||
		fail "presubmit is not the leader of its own session"
}

# wait_for WHAT CMD...: poll until CMD succeeds (bounded: the build dir
# may need a whole build first); false if presubmit ended before
wait_for() {
	local what=$1 i
	shift
	for ((i = 0; i < 12000; i++)); do
		"$@" && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	fail "$what never happened before presubmit ended"
	sed 's/^/  | /' "$t/err" "$t/out" | tail -n 20 >&2
	return 1
}
running() { pgrep -s "$1" -r D,I,R,S,T,t,W >/dev/null; }
scratch_has() { compgen -G "$TMPDIR/vfio-sim-presubmit.*/$1" >/dev/null; }
compiling_group_c() {
	grep -qs 'Building C object .*drivers/vfio/group\.c\.o' \
		"$TMPDIR"/vfio-sim-presubmit.*/log/build.log
}

# interrupted WHAT STATUS: presubmit ended with STATUS, nothing left
interrupted() {
	local what=$1 want=$2 rc=0 i
	# a generous bound (10 s) for presubmit and its jobs to go (zombies
	# left to an init that does not reap are not running), then its
	# status
	for ((i = 0; i < 100; i++)); do
		running "$pid" || break
		sleep 0.1
	done
	if running "$pid"; then
		fail "$what: processes left running: $(pgrep -a -s "$pid")"
		pkill -KILL -s "$pid" || true
	fi
	wait "$pid" || rc=$?
	[ "$rc" -eq "$want" ] || {
		fail "$what: exit $rc, expected $want"
		sed 's/^/  | /' "$t/err" "$t/out" | tail -n 20 >&2
	}
	expect_clean_tmp "$what"
	[ ! -e "$t/junit.xml" ] && [ ! -e "$t/html" ] ||
		fail "$what: a report was written"
	compgen -G "$t/*.tmp.*" >/dev/null &&
		fail "$what: a half-written report: $(echo "$t"/*.tmp.*)"
	[ "$(checksum)" = "$before" ] || fail "$what: the tree was modified"
	return 0
}

# 1. Ctrl-C while the races run; explorations that would go on for hours
# (random, with no end in sight), so that one left running is seen
VFIO_SIM_RACE_ARGS="--strategy random --max-executions 1000000000" \
	start --only races
if wait_for "the races stage" scratch_has 'log/races-*.log'; then
	kill -INT -- "-$pid"
fi
interrupted "SIGINT to the process group" 130

# 1b. a closed terminal: SIGHUP to the group (the jobs' groups have none)
VFIO_SIM_RACE_ARGS="--strategy random --max-executions 1000000000" \
	start --only races
if wait_for "the races stage" scratch_has 'log/races-*.log'; then
	kill -HUP -- "-$pid"
fi
interrupted "SIGHUP to the process group" 129

# 2. SIGTERM to presubmit alone while a patched file is compiled
start --only races --patch "$t/comment.patch"
if wait_for "compiling the patched group.c" compiling_group_c; then
	kill -TERM "$pid"
fi
interrupted "SIGTERM to presubmit" 143

# the build directory is fine for the next run: the same patch passes
rc=0
"$sim" presubmit --kernel "$k" --patch "$t/comment.patch" \
	--only conformance >"$t/out" 2>"$t/err" || rc=$?
[ "$rc" -eq 0 ] || {
	fail "the run after the interrupted ones: exit $rc, expected 0"
	sed 's/^/  | /' "$t/err" "$t/out" | tail -n 20 >&2
}
[ "$(checksum)" = "$before" ] || fail "the tree was modified"
expect_clean_tmp "the run after the interrupted ones"
finish
