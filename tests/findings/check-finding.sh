#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A kernel finding still reproduces: a fail-nth sweep of FILE on a linux
# target (default: linux; --keep-going: a sweep may meet other findings on
# its way) reports a failure of the file's `# expect-failure:` kind whose
# message matches its `# finding-title:` (an extended regex).
#   tests/findings/check-finding.sh VFIO_SIM FILE [TARGET]
set -uo pipefail
[ $# -eq 2 ] || [ $# -eq 3 ] ||
	{ echo "usage: $0 VFIO_SIM FILE [TARGET]" >&2; exit 2; }
sim=$1 file=$2 target=${3:-linux}
title=$(sed -n 's/^# finding-title: //p' "$file")
kind=$(sed -n 's/^# expect-failure: //p' "$file")
if [ -z "$title" ] || [ -z "$kind" ]; then
	echo "$file: no '# expect-failure:' or '# finding-title:' line" >&2
	exit 2
fi
out=$("$sim" sweep "$file" --target "$target" --bound 0 --keep-going --quiet \
	2>&1)
if grep -qE "^  $kind: .*($title)" <<<"$out"; then
	echo "$file: reproduced on $target ($kind: $title)"
	exit 0
fi
printf '%s\n' "$out"
echo "$file: a fail-nth sweep on $target no longer finds '$kind: $title'"
exit 1
