# SPDX-License-Identifier: GPL-2.0-only
#
# Shared by the presubmit tests: run from the source directory with the
# vfio-sim to test as $1.  Each test gets a private TMPDIR, so that it can
# check presubmit left nothing behind there.
set -euo pipefail

sim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$src"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
export TMPDIR=$t/tmp
mkdir -p "$TMPDIR"
tarball=/usr/src/linux-source-6.12.tar.xz
failures=0

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# expect_exit CODE OUTPUT-PATTERN CMD...: the exit status and one line of
# stderr matching the pattern
expect_exit() {
	local want=$1 pattern=$2 rc=0
	shift 2
	"$@" >"$t/out" 2>"$t/err" || rc=$?
	if [ "$rc" -ne "$want" ]; then
		fail "$*: exit $rc, expected $want"
		sed 's/^/  | /' "$t/err" "$t/out" | tail -n 20 >&2
		return 0
	fi
	if [ -n "$pattern" ] && ! grep -q -- "$pattern" "$t/err"; then
		fail "$*: stderr does not say \"$pattern\""
		sed 's/^/  | /' "$t/err" >&2
	fi
	return 0
}

# nothing left in TMPDIR
expect_clean_tmp() {
	if [ -n "$(ls -A "$TMPDIR")" ]; then
		fail "$1: left behind in TMPDIR: $(ls -A "$TMPDIR")"
	fi
}

# well-formed XML (the HTML pages are XHTML-serialised)
expect_xml() {
	local f
	for f in "$@"; do
		xmllint --noout "$f" 2>"$t/xml" ||
			fail "$f is not well-formed: $(head -n 3 "$t/xml")"
	done
}

finish() {
	if [ "$failures" -gt 0 ]; then
		echo "$failures check(s) failed" >&2
		exit 1
	fi
	echo "passed"
	exit 0
}

need_tarball() {
	[ -f "$tarball" ] || {
		echo "SKIP: no $tarball (apt-get install linux-source-6.12)"
		exit 77
	}
}

# The build's extracted copy of $tarball ($kdir), or false when there is
# none (the build took another tree).
extracted_tree() {
	kdir=$(dirname "$sim")/kernel
	grep -qs "^tar $(readlink -f "$tarball") " "$kdir/.stamp"
}

# sed_patch OUT FILE LINES SUBJECT SED-ARGS...: a patch to
# drivers/vfio/FILE of $kdir made with sed (never committed: the kernel's
# text stays out of the repository), with a mail header saying SUBJECT,
# into OUT.  The sed must change exactly LINES lines; $t/a and $t/b keep
# both versions.
sed_patch() {
	local out=$1 file=drivers/vfio/$2 lines=$3 subject=$4
	shift 4
	mkdir -p "$t/a/drivers/vfio" "$t/b/drivers/vfio"
	cp "$kdir/$file" "$t/a/$file"
	sed "$@" "$t/a/$file" >"$t/b/$file"
	[ "$(diff "$t/a/$file" "$t/b/$file" | grep -c '^[<>]')" -eq "$lines" ] ||
		{ fail "sed did not make the expected $lines-line change to $file"
		  finish; }
	{
		printf 'From: Presubmit Test <presubmit@example.com>\n'
		printf 'Subject: [PATCH] %s\n\n' "$subject"
		printf 'A deliberately broken patch: vfio-sim presubmit must catch it.\n\n'
		printf 'Signed-off-by: Presubmit Test <presubmit@example.com>\n---\n'
		(cd "$t" && diff -u --label "a/$file" --label "b/$file" \
			"a/$file" "b/$file") || true
	} >"$out"
}
