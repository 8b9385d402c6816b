#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The vfio core files of a kernel tree compile, unmodified, against the
# shims: scripts/kernel-tree.sh extracts them, then each of the five is
# syntax-checked with the configuration of shims/kconfig-vfio.h, -Wall, and
# every warning an error.
#   tests/linux/compile-check.sh [SOURCE]   default: KERNEL_SRC, else
#                                           Debian's linux-source-6.12
# Prints one line per failed file with the compiler's messages, the
# tree's version, then "N passed, N failed".  Exit 0 when all pass, 1 when one fails, 2 when
# the tree is refused (kernel-tree.sh's message), 77 (skipped) when no
# source is given and Debian's linux-source-6.12 is not installed.
# CC picks the compiler (default gcc).
set -uo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
cc=${CC:-gcc}
default=/usr/src/linux-source-6.12.tar.xz

if [ $# -ge 1 ]; then
	source=$1
elif [ -n "${KERNEL_SRC:-}" ]; then
	source=$KERNEL_SRC
else
	source=$default
	if [ ! -e "$source" ]; then
		echo "skipped: $source not installed"
		exit 77
	fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$here/scripts/kernel-tree.sh" "$source" "$work/tree" >/dev/null || exit 2

passed=0 failed=0
for f in vfio_main group device_cdev iommufd container; do
	if out=$("$cc" -std=gnu11 -fsyntax-only -Wall -Werror -D__KERNEL__ \
		 -include shims/kconfig-vfio.h \
		 -I"$here/shims/include" -I"$here/sim/include" \
		 -I"$work/tree/include" \
		 "$work/tree/drivers/vfio/$f.c" 2>&1); then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL drivers/vfio/$f.c:"
		printf '%s\n' "$out" | sed 's/^/    /'
	fi
done
echo "linux $(cat "$work/tree/version")"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
