#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The model is written, not copied (docs/design.md, Rules): compare
# vfio-core/*.c with a kernel tree's drivers/vfio/*.c and fail when the
# model repeats the kernel verbatim.
#   tests/model/copy-check.sh KERNEL_DRIVERS_VFIO_DIR MODEL_DIR [MAX_RUN
#                             [MAX_SHARED_PERCENT]]
#
# Lines are compared after trimming and collapsing blanks; only
# significant lines count (at least 16 characters, not a lone brace,
# label, `return ret;`-like line or comment).  Names, prototypes and
# calls of the shared API are facts and will match one by one; a run of
# more than MAX_RUN (default 3) consecutive significant lines identical
# to a run in the kernel is transcription, and so is a model most of whose
# significant lines (more than MAX_SHARED_PERCENT, default 50) occur
# somewhere in the kernel.  Every copied run is listed with both places.
# Exit 0 clean, 1 copies found, 2 bad usage, 77 no kernel tree (skip).
set -uo pipefail
[ $# -ge 2 ] || {
	echo "usage: $0 KERNEL_DRIVERS_VFIO_DIR MODEL_DIR [MAX_RUN]" >&2
	exit 2
}
kdir=$1 mdir=$2 max_run=${3:-3} max_shared=${4:-50}
if [ ! -f "$kdir/vfio_main.c" ]; then
	echo "skipped: no kernel tree at $kdir"
	exit 77
fi
ls "$mdir"/*.c >/dev/null 2>&1 || {
	echo "$0: no model sources in $mdir" >&2
	exit 2
}

awk -v max_run="$max_run" -v max_shared="$max_shared" '
function norm(s) {
	gsub(/[ \t]+/, " ", s)
	sub(/^ /, "", s)
	sub(/ $/, "", s)
	return s
}
function significant(s) {
	if (length(s) < 16)
		return 0
	if (s ~ /^(\/\/|\/\*|\*)/)
		return 0
	return 1
}
{
	s = norm($0)
	if (!significant(s))
		next
	if (FILENAME != last) {
		last = FILENAME
		nfile++
	}
	if (index(FILENAME, kprefix) == 1) {
		nk++
		ktext[nk] = s
		kwhere[nk] = FILENAME ":" FNR
		kfile[nk] = nfile
		kpos[s] = kpos[s] " " nk
	} else {
		nm++
		mtext[nm] = s
		mwhere[nm] = FILENAME ":" FNR
		mfile[nm] = nfile
	}
}
END {
	copies = 0
	shared = 0
	i = 1
	while (i <= nm) {
		if (mtext[i] in kpos)
			shared++
		best = 0
		n = split(kpos[mtext[i]], cand, " ")
		for (c = 1; c <= n; c++) {
			j = cand[c] + 0
			len = 0
			while (i + len <= nm && j + len <= nk &&
			       mfile[i + len] == mfile[i] &&
			       kfile[j + len] == kfile[j] &&
			       mtext[i + len] == ktext[j + len])
				len++
			if (len > best) {
				best = len
				bestj = j
			}
		}
		if (best > max_run) {
			copies++
			printf "%s-%s repeats %s-%s (%d lines):\n", \
				mwhere[i], mwhere[i + best - 1], \
				kwhere[bestj], kwhere[bestj + best - 1], best
			for (k = 0; k < best && k < 4; k++)
				printf "    %s\n", mtext[i + k]
			if (best > 4)
				printf "    ...\n"
			for (k = 1; k < best; k++)
				if (mtext[i + k] in kpos)
					shared++
			i += best
			continue
		}
		i++
	}
	pct = nm ? int(100 * shared / nm) : 0
	printf "model: %d significant lines, %d (%d%%, at most %d%% allowed) " \
	       "also in the kernel; %d run(s) of more than %d copied " \
	       "lines\n", nm, shared, pct, max_shared, copies, max_run
	exit (copies || pct > max_shared) ? 1 : 0
}' kprefix="$kdir/" "$kdir"/*.c "$mdir"/*.c
rc=$?
if [ $rc -eq 1 ]; then
	echo "vfio-core/ repeats the kernel's drivers/vfio verbatim: write the" \
	     "model in its own words (same API and semantics, own code and" \
	     "comments)"
fi
exit $rc
