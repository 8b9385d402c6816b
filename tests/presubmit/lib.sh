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
