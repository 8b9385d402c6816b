#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Patch series: a git tree made here from the build's extracted Debian 6.12
# vfio files, with two commits on a branch (the second only applies on top
# of the first), written as git writes a series:
#
#  - an mbox of both (git format-patch --stdout, as b4 am writes one) is
#    applied in order: presubmit passes with two patches;
#  - a directory (git format-patch -o) and an mbox whose patch 2 does not
#    apply: exit 2, one line naming the file or the message and the hunk,
#    no report;
#
# and a branch of three commits judged with --base: a comment, then the
# sed of broken-patch-test (a group opens while a device cdev is open,
# which conformance catches), then its revert.  presubmit must judge the
# first two, name the second as the first bad commit in KTAP and HTML,
# and ignore an uncommitted change that breaks the build (while
# --kernel REPO without --base judges exactly that work tree); Ctrl-C
# during a commit's run ends the whole series (exit 130, nothing left).
# The trees, the git index and refs are never modified.
#   tests/presubmit/series-test.sh VFIO_SIM
. "$(dirname "$0")/lib.sh"
need_tarball
extracted_tree || {
	echo "SKIP: $kdir is not the extracted $tarball"
	exit 77
}
command -v git >/dev/null || { echo "SKIP: no git"; exit 77; }

files=(Makefile drivers/vfio/vfio_main.c drivers/vfio/group.c
       drivers/vfio/device_cdev.c drivers/vfio/iommufd.c
       drivers/vfio/container.c drivers/vfio/vfio.h include/linux/vfio.h
       include/uapi/linux/vfio.h)
# the tree at the base, plain, and as a git repository
plain=$t/plain
repo=$t/repo
for f in "${files[@]}"; do
	mkdir -p "$plain/$(dirname "$f")" "$repo/$(dirname "$f")"
	cp "$kdir/$f" "$plain/$f"
	cp "$kdir/$f" "$repo/$f"
done
g() { git -C "$repo" -c user.name="Presubmit Test" \
	-c user.email=presubmit@example.com "$@"; }
g init -q -b master
g add -A
g commit -q -m "linux 6.12: the vfio files"
g tag base
g checkout -q -b topic
# commit 1 adds a comment; commit 2 changes the line commit 1 added
sed -i '1a\/* presubmit series test */' "$repo/drivers/vfio/group.c"
g commit -q -a -m "vfio/group: a comment" -m "Signed-off-by: Presubmit Test <presubmit@example.com>"
sed -i '2s|.*|/* presubmit series test, twice */|' "$repo/drivers/vfio/group.c"
g commit -q -a -m "vfio/group: the comment says more" -m "Signed-off-by: Presubmit Test <presubmit@example.com>"
# branch "broken": a comment; the group-open check dropped; its revert
g checkout -q -b broken base
sed -i '1a\/* presubmit series test */' "$repo/drivers/vfio/group.c"
g commit -q -a -m "vfio/group: a comment"
sed -i '/^	if (group->cdev_device_open_cnt) {$/,+4d' "$repo/drivers/vfio/group.c"
g commit -q -a -m "vfio/group: allow opening a group while a device cdev is open"
g revert --no-edit HEAD >/dev/null
mapfile -t bc < <(g rev-list --reverse --abbrev-commit --abbrev=12 base..broken)
[ ${#bc[@]} -eq 3 ] || fail "the broken branch does not have three commits"
# the work tree as it is: an uncommitted change that does not compile
echo 'int presubmit_uncommitted = ;' >>"$repo/drivers/vfio/group.c"
checksum() {
	(cd "$1" && find . -path ./.git -prune -o -type f -exec cksum {} + |
	 sort)
}
plain_sum=$(checksum "$plain")
repo_sum=$(checksum "$repo")
# (git status would refresh the index: not used)
repo_state() {
	cksum <"$repo/.git/index"
	g symbolic-ref HEAD
	g for-each-ref --format='%(refname) %(objectname)'
}
repo_before=$(repo_state)

# 1. an mbox of the two, applied in order
g format-patch -q --stdout base..topic >"$t/series.mbox"
[ "$(grep -c '^From [0-9a-f]\{40\} ' "$t/series.mbox")" -eq 2 ] ||
	fail "git did not write an mbox of two messages"
rc=0
"$sim" presubmit --kernel "$plain" --patch "$t/series.mbox" \
	--only conformance >"$t/out" 2>"$t/err" || rc=$?
[ "$rc" -eq 0 ] || {
	fail "the mbox of two patches: exit $rc, expected 0"
	sed 's/^/  | /' "$t/err" "$t/out" | tail -n 20 >&2
}
grep -q '^# vfio-sim presubmit: linux .*, 2 patches$' "$t/out" ||
	fail "the mbox was not judged as two patches"
# the line the series adds, as patch 2 left it
grep -q '^# patch: 1 added line, 0 with code' "$t/out" ||
	fail "the series does not add one line"
grep -q '^# checkpatch' "$t/out" && fail "checkpatch ran (not in --only)"

# 2. patch 2 does not apply: commit 2 made against other text
g format-patch -q -o "$t/dir" base..topic
p2=$(echo "$t"/dir/0002-*.patch)
sed -i 's|^-/\* presubmit series test \*/$|-/* some other text */|' "$p2"
expect_exit 2 \
	"--patch $p2 does not apply to linux 6.12.[0-9]* ($plain): drivers/vfio/group.c: hunk #1 FAILED at 1" \
	"$sim" presubmit --kernel "$plain" --patch "$t/dir" --junit "$t/j.xml"
[ "$(wc -l <"$t/err")" -eq 1 ] || fail "more than one line: $(cat "$t/err")"
cat "$t"/dir/000[12]-*.patch >"$t/bad.mbox"
expect_exit 2 \
	"--patch $t/bad.mbox: message 2 of 2 (\[PATCH 2/2\] vfio/group: the comment says more) does not apply to linux 6.12.[0-9]* ($plain): drivers/vfio/group.c: hunk #1 FAILED at 1" \
	"$sim" presubmit --kernel "$plain" --patch "$t/bad.mbox" --html "$t/h"
[ "$(wc -l <"$t/err")" -eq 1 ] || fail "more than one line: $(cat "$t/err")"
[ ! -e "$t/j.xml" ] && [ ! -e "$t/h" ] ||
	fail "a series that does not apply left a report"

[ "$(checksum "$plain")" = "$plain_sum" ] || fail "the plain tree was modified"
# 3. --kernel REPO judges the work tree as it is
rc=0
"$sim" presubmit --kernel "$repo" --only conformance \
	>"$t/out" 2>"$t/err" || rc=$?
[ "$rc" -eq 1 ] || fail "an uncommitted break: exit $rc, expected 1"
grep -q '^# build: .*/group\.c:[0-9]*:[0-9]*: error: expected expression' "$t/out" ||
	fail "the uncommitted change was not built"

# 4. --base: each commit in order, the first bad one named
expect_exit 2 "--base: the current branch of $repo has no upstream: give --base REV" \
	"$sim" presubmit --kernel "$repo" --base --junit "$t/j.xml"
expect_exit 2 "--base and --patch" \
	"$sim" presubmit --kernel "$repo" --base base --patch "$t/series.mbox"
expect_exit 2 "--base needs --kernel DIR" "$sim" presubmit --base base
rc=0
"$sim" presubmit --kernel "$repo" --base base --only conformance \
	--junit "$t/j.xml" --html "$t/h" >"$t/out" 2>"$t/err" || rc=$?
[ "$rc" -eq 1 ] || {
	fail "--base with a bad commit 2: exit $rc, expected 1"
	sed 's/^/  | /' "$t/err" "$t/out" | tail -n 20 >&2
}
bad="${bc[1]} vfio/group: allow opening a group while a device cdev is open"
grep -q "^# vfio-sim presubmit: linux 6.12.[0-9]* at base ([0-9a-f]*), commit 2 of 3: $bad, 2 patches$" \
	"$t/out" || fail "KTAP: the run judged is not commit 2's"
grep -q '^ok 1 build$' "$t/out" || fail "--base built the uncommitted change"
grep -q '^not ok 2 conformance$' "$t/out" || fail "commit 2 did not fail"
grep -q "^# commit ${bc[0]} vfio/group: a comment: pass$" "$t/out" ||
	fail "commit 1 not judged a pass"
grep -q "^# commit ${bc[1]} .*: FAIL$" "$t/out" || fail "commit 2 not failed"
grep -q "${bc[2]}" "$t/out" && fail "commit 3 was judged after commit 2 failed"
grep -q "^# first bad commit: $bad$" "$t/out" ||
	fail "KTAP: the first bad commit is not named"
expect_xml "$t/j.xml" "$t/h/index.html"
grep -q 'failures="[1-9]' "$t/j.xml" || fail "JUnit: no failure"
grep -q "<property name=\"judged\" value=\"[^\"]*commit 2 of 3: ${bc[1]} " "$t/j.xml" ||
	fail "JUnit: the commit is not named"
grep -q "commit 2 of 3: ${bc[1]}" "$t/h/index.html" ||
	fail "HTML: the commit is not named"
rm -rf "$t/j.xml" "$t/h"

# 5. Ctrl-C while a commit's races run (made endless): its presubmit
# ends with the series' (interrupt-test.sh checks the rest in detail)
if command -v setsid >/dev/null && command -v pgrep >/dev/null; then
	running() { pgrep -s "$1" -r D,I,R,S,T,t,W >/dev/null; }
	VFIO_SIM_RACE_ARGS="--strategy random --max-executions 1000000000" \
	setsid "$sim" presubmit --kernel "$repo" --base base --only races \
		--junit "$t/j.xml" >"$t/out" 2>"$t/err" &
	pid=$!
	for ((i = 0; i < 12000; i++)); do
		compgen -G "$TMPDIR/vfio-sim-presubmit.*/log/races-*.log" \
			>/dev/null && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -INT -- "-$pid"
	# a generous bound (10 s), not a timing check
	for ((i = 0; i < 100; i++)); do
		running "$pid" || break
		sleep 0.1
	done
	if running "$pid"; then
		fail "--base interrupted: left running: $(pgrep -a -s "$pid")"
		pkill -KILL -s "$pid" || true
	fi
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 130 ] || fail "--base interrupted: exit $rc, expected 130"
	[ ! -e "$t/j.xml" ] && ! compgen -G "$t/j.xml.*" >/dev/null ||
		fail "--base interrupted: a report was left"
	expect_clean_tmp "--base interrupted"
fi

[ "$(checksum "$repo")" = "$repo_sum" ] &&
[ "$(repo_state)" = "$repo_before" ] || fail "the git tree was modified"
expect_clean_tmp "series"
finish
