#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The layers at link level: no library of a layer may need a symbol that
# only a layer above it defines (a call up the stack that an #include check
# cannot see: a function declared by hand, or a kernel header whose
# implementation sits in a higher layer).  Reads the libraries of a build.
#   tests/layering/check-links.sh BUILD_DIR
# Exit 0 clean, 1 with one line per symbol that points up, 2 bad usage.
set -euo pipefail
build=${1:?usage: check-links.sh BUILD_DIR}
[ -d "$build" ] || { echo "check-links.sh: $build: no such directory" >&2
		     exit 2; }

# bottom-up: layer and the archives or objects of the build in it; the
# per-core objects (a core and its glue, vfiosim_ID.o) are targets'
layers=(
	"engine libvfiosim_engine.a"
	"shims libvfiosim_shims.a"
	"mocks libvfiosim_mocks.a"
	"targets libvfiosim_targets.a libvfiosim_examples.a vfiosim_*.o"
	"world libvfiosim_world.a"
	"frontends libvfiosim_fuzz.a"
)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# defs: SYMBOL LAYER-INDEX of every global symbol a project file defines
nfiles=0
for i in "${!layers[@]}"; do
	set -- ${layers[$i]}
	name=$1
	shift
	for pat in "$@"; do
		for f in "$build"/$pat; do
			[ -e "$f" ] || continue
			nfiles=$((nfiles + 1))
			nm -g --defined-only "$f" 2>/dev/null |
				awk -v i="$i" 'NF == 3 { print $3, i }' \
				>> "$tmp/defs"
			nm -u "$f" 2>/dev/null |
				awk -v i="$i" -v f="${f#$build/}" \
				'$1 == "U" || $1 == "w" { print $2, i, f }' \
				>> "$tmp/uses"
		done
	done
done
if [ "$nfiles" -eq 0 ]; then
	echo "check-links.sh: $build: no vfio-sim libraries (not built?)" >&2
	exit 2
fi

# a use points up when the symbol is defined only in layers above the user
awk -v names="$(for l in "${layers[@]}"; do set -- $l; printf '%s ' "$1"
		done)" '
	BEGIN { n = split(names, layer, " ") }
	FNR == NR {
		if (!($1 in low) || $2 < low[$1])
			low[$1] = $2
		next
	}
	($1 in low) && low[$1] > $2 {
		printf "%s: needs %s, defined only in layer %s (this is %s)\n",
		       $3, $1, layer[low[$1] + 1], layer[$2 + 1]
		bad++
	}
	END {
		if (bad) {
			printf "layering: %d symbol(s) point up\n", bad
			exit 1
		}
	}' "$tmp/defs" "$tmp/uses" | sort -u > "$tmp/out" || status=$?
if [ "${status:-0}" -ne 0 ]; then
	cat "$tmp/out"
	exit 1
fi
echo "layering: $nfiles libraries, every symbol they need is defined" \
     "in their layer or below"
