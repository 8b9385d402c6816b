#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# scripts/kernel-tree.sh on good and bad kernel trees: each bad one gets
# one clear line, exit status 2, and leaves OUT as it was.
#   tests/linux/kernel-tree-test.sh            fake trees
#   tests/linux/kernel-tree-test.sh --debian   Debian's linux-source-6.12
#                                              (exit 77: skipped if absent)
#   tests/linux/kernel-tree-test.sh --debian-6.1  Debian's linux-source-6.1,
#                                              refused (77 if absent)
set -uo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
script=$here/scripts/kernel-tree.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

check() {	# NAME WANT_RC WANT_TEXT -- ARGS...
	local name=$1 want_rc=$2 want=$3 rc out
	shift 4
	out=$("$script" "$@" 2>&1)
	rc=$?
	if [ "$rc" -eq "$want_rc" ] && [[ $out == *"$want"* ]] &&
	   { [ "$rc" -eq 0 ] || [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ]; }
	then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $name: rc $rc (want $want_rc), output:"
		printf '%s\n' "$out" | sed 's/^/    /'
		echo "    (wanted one line containing \"$want\")"
	fi
}

# A fake tree of version $2.$3 with the files of the vfio core.
fake_tree() {
	local dir=$1
	mkdir -p "$dir/drivers/vfio" "$dir/include/linux" \
		 "$dir/include/uapi/linux"
	printf 'VERSION = %s\nPATCHLEVEL = %s\nSUBLEVEL = 3\n' "$2" "$3" \
		> "$dir/Makefile"
	for f in vfio_main.c group.c device_cdev.c iommufd.c container.c \
		 vfio.h; do
		echo "/* $f */" > "$dir/drivers/vfio/$f"
	done
	echo '/* vfio.h */' > "$dir/include/linux/vfio.h"
	echo '/* uapi */' > "$dir/include/uapi/linux/vfio.h"
}

# Debian's linux-source-6.1 (before the device cdev): refused clearly.
if [ "${1:-}" = --debian-6.1 ]; then
	tarball=/usr/src/linux-source-6.1.tar.xz
	if [ ! -f "$tarball" ]; then
		echo "skipped: $tarball is not installed"
		exit 77
	fi
	check debian-6.1 2 "is not supported: the device cdev" -- \
		"$tarball" "$work/out"
	[ ! -e "$work/out" ] ||
		{ echo "FAIL: OUT written"; failed=$((failed + 1)); }
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
fi

if [ "${1:-}" = --debian ]; then
	tarball=/usr/src/linux-source-6.12.tar.xz
	if [ ! -f "$tarball" ]; then
		echo "skipped: $tarball is not installed"
		exit 77
	fi
	check debian 0 "linux 6.12" -- "$tarball" "$work/out"
	check debian-again 0 "" -- "$tarball" "$work/out"
	[ -f "$work/out/drivers/vfio/device_cdev.c" ] ||
		{ echo "FAIL: device_cdev.c not extracted"; failed=$((failed + 1)); }
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
fi

out=$work/out
check missing 2 "no such file or directory" -- "$work/nope" "$out"
mkdir -p "$work/empty"
check no-vfio 2 "no drivers/vfio (not a kernel tree?)" -- "$work/empty" "$out"
[ ! -e "$out" ] || { echo "FAIL: OUT written after errors"; failed=$((failed + 1)); }

fake_tree "$work/nohdr" 6 12
rm "$work/nohdr/include/linux/vfio.h"
check no-header 2 "include/linux/vfio.h missing" -- "$work/nohdr" "$out"

# linux 6.1 as it is: the group code still in vfio_main.c, no group.c,
# no device cdev, no iommufd.c; refused by version, not by a missing file
fake_tree "$work/v61" 6 1
rm "$work/v61/drivers/vfio/device_cdev.c" "$work/v61/drivers/vfio/group.c" \
   "$work/v61/drivers/vfio/iommufd.c"
check linux-6.1 2 "linux 6.1.3 is not supported" -- "$work/v61" "$out"
# and CMake stops with the same line when given that tree
if command -v cmake >/dev/null; then
	cm=$(cmake -S "$here" -B "$work/cmake-v61" -DKERNEL_SRC="$work/v61" \
		-DVFIO_SIM_TESTS=OFF 2>&1)
	if [ $? -ne 0 ] && [[ $cm == *"linux 6.1.3 is not supported"* ]]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL cmake-6.1: configure did not stop with the message:"
		printf '%s\n' "$cm" | tail -5 | sed 's/^/    /'
	fi
fi

fake_tree "$work/nocdev" 6 8
rm "$work/nocdev/drivers/vfio/device_cdev.c"
check no-cdev 2 "drivers/vfio/device_cdev.c missing" -- "$work/nocdev" "$out"

echo junk > "$work/junk.txt"
check not-a-tree 2 "neither a directory nor a tarball" -- "$work/junk.txt" "$out"
echo junk > "$work/junk.tar.xz"
check bad-tarball 2 "not a readable tarball" -- "$work/junk.tar.xz" "$out"

fake_tree "$work/good" 6 12
check good 0 "linux 6.12.3" -- "$work/good" "$out"
[ "$(cat "$out/version" 2>/dev/null)" = 6.12.3 ] ||
	{ echo "FAIL: version file"; failed=$((failed + 1)); }
# unchanged: nothing is copied again (no message)
check unchanged 0 "" -- "$work/good" "$out"
# a failing run leaves the previous copy in place
check keeps-old 2 "no drivers/vfio" -- "$work/empty" "$out"
[ -f "$out/drivers/vfio/group.c" ] ||
	{ echo "FAIL: a failed run damaged OUT"; failed=$((failed + 1)); }
# a changed file is picked up
echo '/* changed */' > "$work/good/drivers/vfio/group.c"
check changed 0 "linux 6.12.3" -- "$work/good" "$out"
grep -q changed "$out/drivers/vfio/group.c" ||
	{ echo "FAIL: change not copied"; failed=$((failed + 1)); }
# and a tarball of the tree works like the tree
tar -C "$work" -cJf "$work/good.tar.xz" good
check tarball 0 "linux 6.12.3" -- "$work/good.tar.xz" "$work/out2"
ls "$work" | grep -q '\.tmp\.' && { echo "FAIL: scratch left"; failed=$((failed + 1)); }

# A version ("6.99"): Debian's linux-source of it, here already in the
# cache kernel-fetch.sh keeps (no network needed), read like a tarball.
cache=$work/kernels
mkdir -p "$cache"
cp "$work/good.tar.xz" "$cache/linux-source-6.99.tar.xz"
export VFIO_SIM_KERNEL_CACHE=$cache
check version 0 "linux 6.12.3" -- 6.99 "$work/out3"
fetch=$here/scripts/kernel-fetch.sh
for bad in 7 7.x 7.3.1 ""; do
	out=$("$fetch" "$bad" 2>&1)
	rc=$?
	if [ $rc -eq 2 ] && [[ $out == *"expected MAJOR.MINOR"* ]] &&
	   [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL fetch '$bad': rc $rc, output: $out"
	fi
done
[ "$(ls -A "$cache")" = linux-source-6.99.tar.xz ] ||
	{ echo "FAIL: kernel-fetch.sh left files in the cache"; \
	  failed=$((failed + 1)); }

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
