#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Explore a conformance file on a target whose expected outcome is not
# the file's own but a line of an expectations file (a variant that is
# known to differ, docs/rfc-2021.md):
#   tests/conformance/expect-run.sh VFIO_SIM TARGET EXPECT FILE BOUND
# EXPECT lines: `DIR/NAME.sim  pass` or `DIR/NAME.sim  KIND[|KIND...]`
# (failure kinds as vfio-sim prints them), `#` comments; a file not
# listed must pass.  Exit 0 when the outcome is the expected one.
set -uo pipefail
[ $# -eq 5 ] || {
	echo "usage: $0 VFIO_SIM TARGET EXPECT FILE BOUND" >&2
	exit 2
}
sim=$1 target=$2 expect=$3 file=$4 bound=$5
key=$(basename "$(dirname "$file")")/$(basename "$file")
want=$(awk -v k="$key" '!/^#/ && $1 == k { print $2 }' "$expect")
want=${want:-pass}

out=$("$sim" explore "$file" --target "$target" --bound "$bound" --quiet)
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
	printf '%s\n' "$out"
	echo "$key on $target: vfio-sim exited with $rc"
	exit 1
fi
printf '%s\n' "$out"
# the failure lines of the summary: "  KIND: message"
found=$(printf '%s\n' "$out" |
	sed -n 's/^  \([a-z-]*\): .*/\1/p' | sort -u | paste -sd'|' -)
if [ "$want" = pass ]; then
	[ -z "$found" ] && { echo "$key on $target: passed, as expected"; exit 0; }
	echo "$key on $target: expected to pass, found: $found"
	exit 1
fi
if [ -z "$found" ]; then
	echo "$key on $target: expected $want, NO FAILURE FOUND"
	exit 1
fi
for k in ${found//|/ }; do
	case "|$want|" in
	*"|$k|"*) ;;
	*)	echo "$key on $target: expected $want, found $found"
		exit 1 ;;
	esac
done
echo "$key on $target: found $found, as expected"
