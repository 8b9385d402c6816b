#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A deliberately broken patch to the Debian 6.12 tree (made here with sed
# and diff from the build's extracted copy of the tree, never committed):
# drivers/vfio/group.c loses the check that refuses to open a group while
# one of its devices is open through its cdev, and gains a line nothing
# executes.  presubmit must exit 1 and name the failures, with a replay
# command that replays them, in the JUnit and HTML reports, and list the
# added line nothing executed.
#   tests/presubmit/broken-patch-test.sh VFIO_SIM
. "$(dirname "$0")/lib.sh"
need_tarball
extracted_tree || {
	echo "SKIP: $kdir is not the extracted $tarball"
	exit 77
}

# the patch
sed_patch "$t/broken.patch" group.c 6 \
	"vfio/group: allow opening a group while a device cdev is open" \
	-e '/^	if (group->cdev_device_open_cnt) {$/,+4d' \
	-e '/^err_close_device:$/a\	WARN_ON(!df);'
added=$(grep -n '^	WARN_ON(!df);$' "$t/b/drivers/vfio/group.c" | cut -d: -f1)

rc=0
"$sim" presubmit --kernel "$tarball" --patch "$t/broken.patch" \
	--only conformance,races,checkpatch --junit "$t/junit.xml" \
	--html "$t/html" >"$t/out" 2>"$t/err" || rc=$?
[ "$rc" -eq 1 ] || { fail "exit $rc, expected 1"; cat "$t/err" "$t/out" >&2; }

# KTAP on a pipe: the failing race and its replay command
race=tests/scenarios/linux/group-vs-cdev-race.sim
grep -q '^not ok [0-9]* races$' "$t/out" || fail "KTAP: races not failed"
grep -q '^    not ok [0-9]* group-vs-cdev-race$' "$t/out" ||
	fail "KTAP: group-vs-cdev-race not failed"
replay=$(sed -n "s|^    # replay: \(.* replay $race .*\)|\1|p" "$t/out" | head -n 1)
[ -n "$replay" ] || fail "KTAP: no replay command for $race"

# the replay command replays it, exactly
if [ -n "$replay" ]; then
	rc=0
	eval "$replay" >"$t/replay" 2>&1 || rc=$?
	[ "$rc" -eq 1 ] && grep -q 'P2 violated' "$t/replay" ||
		fail "\"$replay\": exit $rc, no P2 violation"
fi

# JUnit
expect_xml "$t/junit.xml"
junit=$(tr '\n' ' ' <"$t/junit.xml")
echo "$junit" | grep -q '<testsuite name="races" tests="[0-9]*" failures="[1-9]' ||
	fail "JUnit: the races suite has no failure"
echo "$junit" | grep -q 'name="group-vs-cdev-race" [^>]*> *<failure type="assertion" message="P2 violated' ||
	fail "JUnit: group-vs-cdev-race is not a P2 assertion failure"
echo "$junit" | grep -q 'name="cdev-bind-group-open" [^>]*> *<failure type="assertion"' ||
	fail "JUnit: conformance cdev-bind-group-open did not fail"
echo "$junit" | grep -q '<testcase classname="presubmit.checkpatch" name="broken.patch" [^>]*/>' ||
	fail "JUnit: checkpatch did not pass the patch"
echo "$junit" | grep -q "not executed: drivers/vfio/group.c:$added: WARN_ON(!df);" ||
	fail "JUnit: the added line nothing executed is not listed"

# HTML
[ -f "$t/html/index.html" ] && [ -f "$t/html/coverage/index.html" ] ||
	fail "HTML: no index or no coverage report"
expect_xml "$t/html"/*.html
page=$(grep -l "group-vs-cdev-race.sim" "$t/html"/failure-*.html | head -n 1)
if [ -z "$page" ]; then
	fail "HTML: no failure page for group-vs-cdev-race"
else
	grep -q "href=\"$(basename "$page")\"" "$t/html/index.html" ||
		fail "HTML: the index does not link $(basename "$page")"
	grep -q '<table class="lanes">' "$page" || fail "HTML: no swimlanes"
	grep -q '<th class="lane">T0 ' "$page" &&
	grep -q '<th class="lane">T1 ' "$page" ||
		fail "HTML: not one column per thread"
	grep -q '<tr class="[^"]*broke[^"]*"' "$page" ||
		fail "HTML: the step before the failure is not marked"
	grep -q '<span class="held">&amp;group-&gt;group_lock</span>' "$page" ||
		fail "HTML: no lock held shown"
	grep -q '<span class="ref[^"]*">&amp;[^<]*&#160;=&#160;[0-9]' "$page" ||
		fail "HTML: no refcount value shown"
	grep -q 'P2 violated' "$page" || fail "HTML: the failure is not named"
fi
grep -q "drivers/vfio/group.c:$added</code></td><td><pre>	WARN_ON(!df);</pre>" \
	"$t/html/index.html" ||
	fail "HTML: the added line nothing executed is not listed"

expect_clean_tmp "a failing presubmit"
finish
