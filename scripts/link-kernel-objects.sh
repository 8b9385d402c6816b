#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Link the linux target's kernel objects into one relocatable object whose
# writable data is in two sections with C-identifier names, vfiosim_kdata
# (.data, .data.rel, .data.rel.local) and vfiosim_kbss (.bss), so that the
# program can bound them with __start_ and __stop_ symbols and register
# them with sim_register_state().  Fails if any other writable section
# would escape the restore.
#
#   scripts/link-kernel-objects.sh LD OBJCOPY READELF OUT OBJECT...
set -euo pipefail
[ $# -ge 5 ] || { echo "usage: $0 LD OBJCOPY READELF OUT OBJECT..." >&2; exit 2; }
ld=$1 objcopy=$2 readelf=$3 out=$4
shift 4

"$ld" -r -o "$out.tmp" "$@"
data=vfiosim_kdata,alloc,load,contents,data
"$objcopy" --rename-section .data=$data \
	--rename-section .data.rel=$data \
	--rename-section .data.rel.local=$data \
	--rename-section .bss=vfiosim_kbss,alloc \
	"$out.tmp" "$out"
rm -f "$out.tmp"

# Writable, allocated sections left: only the renamed ones, the
# constructors' tables, relocated constants and the coverage counters of
# a fuzzing build (__sancov_*: instrumentation, not kernel state) may
# remain.
bad=$(LC_ALL=C "$readelf" -SW "$out" |
	sed -n 's/^ *\[ *[0-9]*\] \([^ ]*\) .* \([A-Z]*W[A-Z]*\) .*/\1/p' |
	grep -v -E '^(vfiosim_kdata|vfiosim_kbss|\.init_array(\..*)?|\.fini_array(\..*)?|\.data\.rel\.ro(\..*)?|__sancov_.*)$' |
	sort -u || true)
if [ -n "$bad" ]; then
	rm -f "$out"
	echo "vfio-sim: writable sections outside the restored state in" \
	     "the kernel objects: $(echo $bad)" >&2
	exit 1
fi
