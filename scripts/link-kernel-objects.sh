#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Link the linux target's kernel objects into one relocatable object whose
# writable data is in two sections with C-identifier names, vfiosim_kdata
# (.data*) and vfiosim_kbss (.bss*), so that the program can bound them
# with __start_ and __stop_ symbols and register them with
# sim_register_state().  Fails if any other writable section would escape
# the restore.
#
#   scripts/link-kernel-objects.sh LD OBJCOPY READELF OUT OBJECT...
set -euo pipefail
[ $# -ge 5 ] || { echo "usage: $0 LD OBJCOPY READELF OUT OBJECT..." >&2; exit 2; }
ld=$1 readelf=$3 out=$4
shift 4

# The kernel files are compiled with -fdata-sections: each global has a
# section of its own, and this script for the relocatable link gathers
# them.  The first matching rule wins: relocated constants stay apart
# (they may be read-only after relocation); instrumentation counters
# (gcov, libFuzzer) stay apart, since they must count across executions;
# the rest of the writable data and bss become the restored sections.
script=$(mktemp)
trap 'rm -f "$script"' EXIT
cat > "$script" <<'LDS_END'
SECTIONS
{
	.data.rel.ro : { *(.data.rel.ro .data.rel.ro.*) }
	vfiosim_kcounters : {
		*(.bss.__gcov0.* .data.__gcov0.* __sancov_cntrs __sancov_pcs)
	}
	vfiosim_kdata : { *(.data .data.*) }
	vfiosim_kbss : { *(.bss .bss.* COMMON) }
}
LDS_END
"$ld" -r -T "$script" -o "$out" "$@"

# Writable, allocated sections left: only the gathered ones, the
# constructors' tables and relocated constants may remain.
bad=$(LC_ALL=C "$readelf" -SW "$out" |
	sed -n 's/^ *\[ *[0-9]*\] \([^ ]*\) .* \([A-Z]*W[A-Z]*\) .*/\1/p' |
	grep -v -E '^(vfiosim_kdata|vfiosim_kbss|vfiosim_kcounters|\.init_array(\..*)?|\.fini_array(\..*)?|\.data\.rel\.ro(\..*)?)$' |
	sort -u || true)
if [ -n "$bad" ]; then
	rm -f "$out"
	echo "vfio-sim: writable sections outside the restored state in" \
	     "the kernel objects: $(echo $bad)" >&2
	exit 1
fi
