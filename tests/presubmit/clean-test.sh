#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The clean Debian 6.12 tree passes the whole presubmit: exit 0, every
# stage passed or skipped with a reason, the reports well-formed.
#   tests/presubmit/clean-test.sh VFIO_SIM
. "$(dirname "$0")/lib.sh"
need_tarball

rc=0
"$sim" presubmit --kernel "$tarball" --fuzz-seconds 5 \
	--junit "$t/junit.xml" --html "$t/html" >"$t/out" 2>"$t/err" || rc=$?
[ "$rc" -eq 0 ] || { fail "exit $rc, expected 0"; cat "$t/err" "$t/out" >&2; }

# KTAP: every stage, none failed; a skip says why
for s in build conformance faults races fuzz checkpatch coverage; do
	grep -q "^ok [0-9]* $s\( # SKIP .\+\)\?$" "$t/out" ||
		fail "KTAP: stage $s missing or failed"
	grep -q "^# $s: [0-9.]* s" "$t/out" || fail "KTAP: no time for $s"
done
grep -q '^not ok' "$t/out" && fail "KTAP: something failed"
# the tree's known findings under failing allocations: counted, not failed
grep -q '^# faults: [0-9.]* s: [1-9][0-9]* passed, [1-9][0-9]* executions, [1-9][0-9]* known kernel finding(s) met' \
	"$t/out" || fail "KTAP: the faults stage met no known kernel finding"
grep -q '^# coverage: .*: vfio files: lines [0-9.]*% ([1-9][0-9]*/[0-9]*), branches [0-9.]*%' \
	"$t/out" || fail "KTAP: no line and branch coverage of the vfio files"

expect_xml "$t/junit.xml" "$t/html"/*.html
grep -q '<testsuites name="vfio-sim presubmit" tests="[1-9][0-9]*" failures="0"' \
	"$t/junit.xml" || fail "JUnit: failures or no tests"
for s in build conformance faults races fuzz checkpatch coverage; do
	grep -q "<testsuite name=\"$s\"" "$t/junit.xml" ||
		fail "JUnit: no testsuite for $s"
done
[ "$(grep -c '<testcase classname="presubmit.conformance"' "$t/junit.xml")" -eq \
  "$(ls tests/conformance/single/*.sim | wc -l)" ] ||
	fail "JUnit: not one testcase per conformance scenario"
grep -q "<h2>Failures</h2><p>None.</p>" "$t/html/index.html" ||
	fail "HTML: failures listed"
grep -q 'href="coverage/index.html"' "$t/html/index.html" ||
	fail "HTML: no link to the coverage report"
expect_clean_tmp "a passing presubmit"
finish
