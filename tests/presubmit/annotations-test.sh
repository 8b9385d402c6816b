#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# presubmit's failures on source lines (docs/ci.md): --format gcc and
# --github-annotations on model patches, judged by the conformance stage.
#
# A patch made here adds WARN_ON(1) to vfio_group_df_open(): the WARN is
# reported on the added line, vfio-core/group.c:N, in gcc's format (with
# its replay command as a note) and as a GitHub ::error command after the
# KTAP; the bug zoo's m01 (an invariant, P4, which has no call site of its
# own) is put on a line of the core.  GitHub's escaping is checked on its
# own, and alike failures (same place and message) are one GitHub
# command.  A patch that does not compile: the compiler's first error,
# on its line.  Exit 1 in every case; --format refuses an unknown value.
#   tests/presubmit/annotations-test.sh VFIO_SIM
. "$(dirname "$0")/lib.sh"

expect_exit 2 '--format: expected auto, ktap or gcc, got "xml"' \
	"$sim" presubmit --format xml

# the WARN patch: its added line's number in the patched group.c
mkdir -p "$t/a/vfio-core" "$t/b/vfio-core"
cp vfio-core/group.c "$t/a/vfio-core/group.c"
sed '/^\tfirst = device->open_count == 0;$/a\
\tWARN_ON(1);' vfio-core/group.c >"$t/b/vfio-core/group.c"
line=$(grep -n '^	WARN_ON(1);$' "$t/b/vfio-core/group.c" | cut -d: -f1)
[ "$(echo "$line" | wc -l)" -eq 1 ] && [ -n "$line" ] ||
	{ fail "the sed did not add one WARN_ON(1) line"; finish; }
(cd "$t" && diff -u --label a/vfio-core/group.c --label b/vfio-core/group.c \
	a/vfio-core/group.c b/vfio-core/group.c) >"$t/warn.patch" || true

run() {
	local out=$1 rc=0
	shift
	"$sim" presubmit --only conformance --fuzz-seconds 0 "$@" \
		>"$t/$out" 2>"$t/$out.err" || rc=$?
	[ "$rc" -eq 1 ] || {
		fail "presubmit $*: exit $rc, expected 1"
		tail -n 20 "$t/$out.err" "$t/$out" >&2
	}
}

run warn.gcc --patch "$t/warn.patch" --format gcc
grep -q "^vfio-core/group.c:$line: error: conformance/[a-z-]*: warning: WARN_ON(1)" \
	"$t/warn.gcc" ||
	fail "--format gcc does not put the WARN on vfio-core/group.c:$line"
grep -q "^vfio-core/group.c:$line: note: replay: build/presubmit-model/vfio-sim replay tests/conformance/single/[a-z-]*.sim --target model " \
	"$t/warn.gcc" || fail "--format gcc has no replay note"
grep -v -E '^(vfio-core/[a-z_]+\.c:[0-9]+|vfio-sim presubmit): (error|note): ' \
	"$t/warn.gcc" >"$t/other" || true
[ ! -s "$t/other" ] ||
	fail "--format gcc printed other lines: $(head -n 3 "$t/other")"

run warn.gh --patch "$t/warn.patch" --github-annotations
head -n 1 "$t/warn.gh" | grep -qx 'KTAP version 1' ||
	fail "--github-annotations: the KTAP report does not come first"
grep -q "^::error file=vfio-core/group.c,line=$line,title=vfio-sim presubmit%3A conformance/[a-z-]*::warning: WARN_ON(1).*%0Areplay: build/presubmit-model/vfio-sim replay " \
	"$t/warn.gh" ||
	fail "--github-annotations has no ::error on vfio-core/group.c:$line"
sed -n '/^::/,$p' "$t/warn.gh" | grep -qv '^::' &&
	fail "--github-annotations: report lines after the commands"

run m01.gcc --patch tests/mutants/m01-group-open-ignores-cdev.patch \
	--format gcc
grep -q -E '^vfio-core/[a-z_]+\.c:[0-9]+: error: conformance/cdev-bind-group-open: assertion: P4 violated' \
	"$t/m01.gcc" || fail "--format gcc does not put m01's P4 on a core line"

# GitHub: failures with the same place and message are one command
run m01.gh --patch tests/mutants/m01-group-open-ignores-cdev.patch \
	--github-annotations
# (the files that fail with mockvfio0's message, and emulated-device with
# mockvfio1's: two messages, whatever files the suite adds)
[ "$(grep -c '^::error ' "$t/m01.gh")" -eq 2 ] ||
	fail "m01: $(grep -c '^::error ' "$t/m01.gh") ::error commands, expected 2 (2 messages)"
grep -q '^::error .*/cdev-bind-group-open::assertion: P4 violated: mockvfio0 .*%0Aalso: conformance/cdev-bind-group-sibling, conformance/cdev-bind-sibling-other-iommufd\(, conformance/[a-z0-9-]*\)*$' \
	"$t/m01.gh" || fail "m01: the alike failures are not named in one command"

# a build failure: at the compiler's first error, on the added line
sed '/^\tfirst = device->open_count == 0;$/a\
\tint presubmit_broken = ;' vfio-core/group.c >"$t/b/vfio-core/group.c"
bline=$(grep -n '^	int presubmit_broken = ;$' "$t/b/vfio-core/group.c" |
	cut -d: -f1)
(cd "$t" && diff -u --label a/vfio-core/group.c --label b/vfio-core/group.c \
	a/vfio-core/group.c b/vfio-core/group.c) >"$t/build.patch" || true
run build.gcc --patch "$t/build.patch" --format gcc
grep -q "^vfio-core/group.c:$bline: error: build/build: error: expected expression" \
	"$t/build.gcc" ||
	fail "--format gcc does not put the compiler's error on vfio-core/group.c:$bline"

# GitHub's escaping: % CR LF in the message, and : , in properties too
got=$(perl -e 'require $ARGV[0];
	print PresubmitAnnotate::gh_data("50% a\r\nb:c,d"), "|",
	      PresubmitAnnotate::gh_prop("t: x,y%")' \
	"$src/scripts/presubmit/annotate.pl")
[ "$got" = '50%25 a%0D%0Ab:c,d|t%3A x%2Cy%25' ] ||
	fail "GitHub escaping: got $got"

expect_clean_tmp annotations
finish
