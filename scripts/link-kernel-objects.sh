#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Link a vfio target (a vfio core and its glue: targets/vfio) into one
# relocatable object.  The core's writable data is gathered in two
# sections with C-identifier names, vfiosim_ID_kdata (.data*) and
# vfiosim_ID_kbss (.bss*), so that the program can bound them with
# __start_ and __stop_ symbols and register them with sim_register_state();
# fails if any other writable section of the core would escape the
# restore.  The glue's data (module structures the shims keep lists of,
# call counters reset by the target) is not restored.  Every global
# symbol the object defines but sim_target_ID becomes local: the linux
# and model cores define the same kernel names and live in one program.
#
#   scripts/link-kernel-objects.sh LD OBJCOPY READELF ID OUT \
#           CORE_OBJECT... -- GLUE_OBJECT...
set -euo pipefail
[ $# -ge 8 ] || {
	echo "usage: $0 LD OBJCOPY READELF ID OUT CORE_OBJ... -- GLUE_OBJ..." >&2
	exit 2
}
ld=$1 objcopy=$2 readelf=$3 id=$4 out=$5
shift 5
core=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	core+=("$1")
	shift
done
[ $# -gt 0 ] && shift
glue=("$@")

# The kernel files are compiled with -fdata-sections: each global has a
# section of its own, and this script for the relocatable link gathers
# them.  The first matching rule wins: relocated constants stay apart
# (they may be read-only after relocation); instrumentation counters
# (gcov, libFuzzer) stay apart, since they must count across executions;
# the rest of the writable data and bss become the restored sections.
script=$(mktemp)
trap 'rm -f "$script"' EXIT
cat > "$script" <<LDS_END
SECTIONS
{
	.data.rel.ro : { *(.data.rel.ro .data.rel.ro.*) }
	vfiosim_${id}_kcounters : {
		*(.bss.__gcov0.* .data.__gcov0.*)
	}
	vfiosim_${id}_kdata : { *(.data .data.*) }
	vfiosim_${id}_kbss : { *(.bss .bss.* COMMON) }
}
LDS_END
trap 'rm -f "$script" "$out.core" "$out.tmp"' EXIT
"$ld" -r -T "$script" -o "$out.core" "${core[@]}"

# Writable, allocated sections left in the core: only the gathered ones,
# the constructors' tables and relocated constants may remain.
allowed="vfiosim_${id}_(kdata|kbss|kcounters)|sim_modparams"	# relocated consts
allowed+='|\.init_array(\..*)?|\.fini_array(\..*)?|\.data\.rel\.ro(\..*)?'
# SanitizerCoverage's counters and pc tables keep their names: libFuzzer
# finds them by their __start_/__stop_ symbols in the program, and they
# must count across executions
allowed+='|__sancov_(cntrs|pcs|guards|bools)'
bad=$(LC_ALL=C "$readelf" -SW "$out.core" |
	sed -n 's/^ *\[ *[0-9]*\] \([^ ]*\) .* \([A-Z]*W[A-Z]*\) .*/\1/p' |
	grep -v -E "^($allowed)\$" | sort -u || true)
if [ -n "$bad" ]; then
	echo "vfio-sim: writable sections outside the restored state in" \
	     "the core's objects: $(echo $bad)" >&2
	exit 1
fi
"$ld" -r -o "$out.tmp" "$out.core" "${glue[@]}"
"$objcopy" --keep-global-symbol="sim_target_$id" "$out.tmp" "$out"
