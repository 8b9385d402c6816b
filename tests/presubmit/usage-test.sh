#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# presubmit refuses bad usage and bad input with one line and exit status
# 2, before building anything, and leaves nothing behind.
#   tests/presubmit/usage-test.sh VFIO_SIM
. "$(dirname "$0")/lib.sh"

p="$sim presubmit"
expect_exit 2 'unknown option "--frobnicate"' $p --frobnicate
expect_exit 2 '--patch needs an argument' $p --patch
expect_exit 2 '--fuzz-seconds: expected a number' $p --fuzz-seconds soon
expect_exit 2 '--only: unknown stage "lint"' $p --only lint
expect_exit 2 "--patch $t/none.patch: no such file" $p --patch "$t/none.patch"
expect_exit 2 "$t/no/such/dir" $p --junit "$t/no/such/dir/j.xml"
expect_exit 2 "--kernel $t/nothing: no such file" $p --kernel "$t/nothing"

# a directory that is not a kernel tree
mkdir -p "$t/notkernel/drivers/net"
expect_exit 2 "--kernel $t/notkernel: no drivers/vfio" \
	$p --kernel "$t/notkernel" --junit "$t/j.xml" --html "$t/h"
[ ! -e "$t/j.xml" ] && [ ! -e "$t/h" ] ||
	fail "a refused tree left a report behind"

# a tree with the vfio files (placeholders: nothing is built), and a
# patch that does not apply to it
k=$t/kernel
mkdir -p "$k/drivers/vfio" "$k/include/linux" "$k/include/uapi/linux"
printf 'VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n' >"$k/Makefile"
for f in vfio_main.c group.c device_cdev.c iommufd.c container.c vfio.h; do
	printf '// placeholder\nint x;\n' >"$k/drivers/vfio/$f"
done
: >"$k/include/linux/vfio.h"
: >"$k/include/uapi/linux/vfio.h"
before=$(cd "$k" && find . -type f -exec cksum {} + | sort)
cat >"$t/bad.patch" <<'PATCH'
--- a/drivers/vfio/group.c
+++ b/drivers/vfio/group.c
@@ -1,2 +1,2 @@
 // not what the file says
-int y;
+int z;
PATCH
expect_exit 2 "--patch $t/bad.patch does not apply to linux 6.12.0" \
	$p --kernel "$k" --patch "$t/bad.patch" --junit "$t/j.xml" \
	--html "$t/h"
[ "$(wc -l <"$t/err")" -eq 1 ] || fail "more than one line: $(cat "$t/err")"
[ ! -e "$t/j.xml" ] && [ ! -e "$t/h" ] ||
	fail "a patch that does not apply left a report behind"

# a series: a directory without patches; --base where it cannot be
mkdir -p "$t/nopatches"
expect_exit 2 "--patch $t/nopatches: a directory without" \
	$p --kernel "$k" --patch "$t/nopatches"
expect_exit 2 "--base needs --kernel DIR" $p --base
expect_exit 2 "--base: --kernel $k is not a git work tree" \
	$p --kernel "$k" --base v6.12 --junit "$t/j.xml"
[ ! -e "$t/j.xml" ] || fail "a refused --base left a report behind"

# not a patch at all
echo "hello" >"$t/hello.patch"
expect_exit 2 "--patch $t/hello.patch: not a patch" \
	$p --kernel "$k" --patch "$t/hello.patch"

# the model (no --kernel): patches name vfio-core/...
if [ -f vfio-core/vfio_main.c ]; then
	cat >"$t/model.patch" <<'PATCH'
--- a/vfio-core/group.c
+++ b/vfio-core/group.c
@@ -1,2 +1,2 @@
 not a line of the model
-nor this one
+nor that one
PATCH
	expect_exit 2 \
		"--patch $t/model.patch does not apply to the model (vfio-core/): vfio-core/group.c: hunk #1 FAILED" \
		$p --patch "$t/model.patch" --html "$t/h"
	[ ! -e "$t/h" ] || fail "a model patch that does not apply left a report"
fi

# the tree was only read
after=$(cd "$k" && find . -type f -exec cksum {} + | sort)
[ "$before" = "$after" ] || fail "presubmit modified the --kernel tree"
expect_clean_tmp "refused runs"
finish
