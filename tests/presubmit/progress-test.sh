#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# presubmit's progress line (docs/presubmit.md, Output): on a terminal
# only.  The model's conformance stage, twice:
#
#  - stderr not a terminal (a file, as in CI): nothing on stderr, and no
#    terminal control sequence on stdout (KTAP);
#  - stdout and stderr a terminal (script(1)'s pseudo-terminal): the line
#    is drawn over itself (CR, erase to the end of the line), says the
#    build's percentage (100% when it ends), ends the conformance stage with every file done
#    ("conformance: 39/39 files, N executions"), and is erased before the
#    table, which follows.
#   tests/presubmit/progress-test.sh VFIO_SIM
. "$(dirname "$0")/lib.sh"

files=$(find tests/conformance/single -name '*.sim' | wc -l)
rc=0
"$sim" presubmit --only conformance --fuzz-seconds 0 >"$t/ktap" \
	2>"$t/ktap.err" || rc=$?
[ "$rc" -eq 0 ] || fail "presubmit without a terminal: exit $rc"
[ ! -s "$t/ktap.err" ] ||
	fail "stderr not a terminal, yet written: $(head -c 200 "$t/ktap.err" | cat -v)"
grep -q $'\033' "$t/ktap" && fail "KTAP has a terminal control sequence"
head -n 1 "$t/ktap" | grep -qx 'KTAP version 1' || fail "stdout is not KTAP"

if ! command -v script >/dev/null; then
	echo "(no script(1): the terminal's line is not checked)"
	expect_clean_tmp progress
	finish
fi
rc=0
printf -v cmd '%q ' "$sim" presubmit --only conformance --fuzz-seconds 0
script -qfec "$cmd" /dev/null </dev/null >"$t/tty" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || fail "presubmit on a terminal: exit $rc"
tr '\r' '\n' <"$t/tty" >"$t/tty.lines"
cr_el=$'\033\\[K'
grep -q "^${cr_el}vfio-sim presubmit: build: 100% " "$t/tty.lines" ||
	fail "no \"build: 100%\" drawn"
grep -q "^${cr_el}vfio-sim presubmit: conformance: $files/$files files, [0-9,]* executions" \
	"$t/tty.lines" || fail "no \"conformance: $files/$files files\" drawn"
# the last thing drawn before the table is an erase: the table starts
# on a clean line
grep -q "^${cr_el}vfio-sim presubmit: the model (vfio-core/)\$" \
	"$t/tty.lines" || fail "the line is not erased before the table"
grep -q '^  conformance  pass ' "$t/tty.lines" ||
	fail "no table after the progress line"
expect_clean_tmp progress
finish
