#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Find the vfio core files of a kernel tree and copy the ones the linux
# target compiles into OUT, once.  SOURCE is a kernel directory (a git
# checkout or an unpacked tree), a Debian linux-source tarball, or a
# version ("7.3": Debian's linux-source-7.3, installed or fetched by
# scripts/kernel-fetch.sh into build/kernels); by default Debian's
# linux-source-6.12.
#
#   scripts/kernel-tree.sh [SOURCE] OUT
#
# On success OUT holds the files under their tree paths and OUT/version
# ("6.12.57"); nothing is copied again while the source is unchanged.
# Bad input (no such source, no drivers/vfio, a missing header, a version
# without the device cdev) is one line on stderr and exit status 2, with
# nothing left in OUT.
set -euo pipefail

DEFAULT_SOURCE=/usr/src/linux-source-6.12.tar.xz
# Support starts with v6.6, where the device cdev (device_cdev.c) and the
# vfio_device_file exclusion landed.
MIN_VERSION=6.6

FILES=(
	Makefile
	drivers/vfio/vfio_main.c
	drivers/vfio/group.c
	drivers/vfio/device_cdev.c
	drivers/vfio/iommufd.c
	drivers/vfio/container.c
	drivers/vfio/vfio.h
	include/linux/vfio.h
	include/uapi/linux/vfio.h
)

die() {
	echo "vfio-sim: $*" >&2
	exit 2
}

case $# in
1) source=${KERNEL_SRC:-$DEFAULT_SOURCE}; out=$1 ;;
2) source=$1; out=$2 ;;
*) die "usage: scripts/kernel-tree.sh [SOURCE] OUT" ;;
esac

# a version: Debian's linux-source of it, fetched once
if [[ $source =~ ^[0-9]+\.[0-9]+$ ]]; then
	if ! fetched=$("$(dirname "$0")/kernel-fetch.sh" "$source"); then
		exit 2
	fi
	source=$fetched
fi

[ -e "$source" ] || {
	if [ "$source" = "$DEFAULT_SOURCE" ]; then
		die "$source not found: install Debian's linux-source-6.12" \
		    "(apt-get install linux-source-6.12) or give KERNEL_SRC"
	fi
	die "KERNEL_SRC=$source: no such file or directory"
}

# Where the files come from, and a fingerprint of that source.
if [ -d "$source" ]; then
	tree=$(cd "$source" && pwd)
	[ -d "$tree/drivers/vfio" ] ||
		die "KERNEL_SRC=$source: no drivers/vfio (not a kernel tree?)"
	# missing files are reported below, after the copy
	stamp="dir $tree $(cd "$tree" && { cat "${FILES[@]}" 2>/dev/null ||
		true; } | cksum | cut -d' ' -f1)"
else
	case $source in
	*.tar.xz | *.tar.gz | *.tar.bz2 | *.tar) ;;
	*) die "KERNEL_SRC=$source: neither a directory nor a tarball" ;;
	esac
	tree=
	stamp="tar $(readlink -f "$source") $(stat -c '%s %Y' "$source")"
fi

if [ -f "$out/.stamp" ] && [ "$(cat "$out/.stamp")" = "$stamp" ]; then
	exit 0
fi

# Build into a scratch directory and move it in place only when complete.
scratch=$(mktemp -d "${out%/}.tmp.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

if [ -n "$tree" ]; then
	for f in "${FILES[@]}"; do
		[ -f "$tree/$f" ] || continue
		mkdir -p "$scratch/$(dirname "$f")"
		cp "$tree/$f" "$scratch/$f"
	done
else
	# the first member names the top directory (tar dies of SIGPIPE)
	top=$(set +o pipefail; tar -tf "$source" 2>/dev/null | head -n 1 |
	      cut -d/ -f1)
	[ -n "$top" ] || die "KERNEL_SRC=$source: not a readable tarball"
	members=()
	for f in "${FILES[@]}"; do
		members+=("$top/$f")
	done
	# missing members are reported below, file by file
	tar -xf "$source" -C "$scratch" --strip-components=1 \
		--ignore-failed-read "${members[@]}" 2>/dev/null || true
fi

[ -d "$scratch/drivers/vfio" ] ||
	die "KERNEL_SRC=$source: no drivers/vfio (not a kernel tree?)"
[ -f "$scratch/Makefile" ] || die "KERNEL_SRC=$source: Makefile missing"

field() {
	sed -n "s/^$1 *= *\([0-9]*\).*/\1/p" "$scratch/Makefile" | head -n 1
}
major=$(field VERSION)
minor=$(field PATCHLEVEL)
sub=$(field SUBLEVEL)
[ -n "$major" ] && [ -n "$minor" ] ||
	die "KERNEL_SRC=$source: no VERSION/PATCHLEVEL in the top Makefile"
version="$major.$minor${sub:+.$sub}"
if [ "$major" -lt 6 ] || { [ "$major" -eq 6 ] && [ "$minor" -lt 6 ]; }; then
	die "KERNEL_SRC=$source: linux $version is not supported: the" \
	    "device cdev and its exclusion rules start with $MIN_VERSION" \
	    "(drivers/vfio/device_cdev.c)"
fi
# the version first: an older tree lacks files for that reason
for f in include/linux/vfio.h include/uapi/linux/vfio.h \
	 drivers/vfio/vfio.h drivers/vfio/vfio_main.c drivers/vfio/group.c \
	 drivers/vfio/device_cdev.c drivers/vfio/iommufd.c \
	 drivers/vfio/container.c; do
	[ -f "$scratch/$f" ] || die "KERNEL_SRC=$source: $f missing"
done

echo "$version" > "$scratch/version"
echo "$stamp" > "$scratch/.stamp"
rm -rf "$out"
mv "$scratch" "$out"
trap - EXIT
echo "vfio-sim: linux $version vfio core from $source in $out"
