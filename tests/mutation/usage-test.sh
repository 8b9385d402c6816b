#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# vfio-sim mutate refuses bad input in one line, exit 2, before anything
# is built, and writes nothing: no report, nothing left in TMPDIR.
#
#   tests/mutation/usage-test.sh VFIO_SIM
# shellcheck source=tests/presubmit/lib.sh
source "$(dirname "$0")/../presubmit/lib.sh"

json=$t/report.json
mutate() {
	expect_exit 2 "$1" "$sim" mutate "${@:2}" --json "$json"
	[ ! -e "$json" ] || fail "mutate ${*:2}: wrote $json"
	[ "$(wc -l <"$t/err")" -eq 1 ] ||
		fail "mutate ${*:2}: $(wc -l <"$t/err") lines on stderr, expected one"
	expect_clean_tmp "mutate ${*:2}"
}

mutate '--operators: unknown operator "drop-all"' --operators drop-lock,drop-all
mutate '--operators: no operator given' --operators ,
mutate '--files: unknown file "vfio.c"' --files vfio.c
mutate '--kernel /nonexistent/linux: no such file or directory' \
	--kernel /nonexistent/linux
mkdir -p "$t/notatree"
mutate "--kernel $t/notatree: no drivers/vfio" --kernel "$t/notatree"
mutate '--jobs: expected a number, got "0"' --jobs 0
mutate '--max-mutants: expected a number, got "many"' --max-mutants many
mutate '--seed: expected a number, got "-1"' --seed -1
mutate '--stages: unknown stage "checkpatch"' --stages conformance,checkpatch
mutate 'unknown option "--bound"' --bound 2
mutate '--model and --kernel: give one of them' --model --kernel "$t/notatree"
expect_exit 2 "--json $t/no/such/dir/r.json: directory $t/no/such/dir does not exist" \
	"$sim" mutate --json "$t/no/such/dir/r.json"
if [ -f "$tarball" ]; then
	mutate '--mutants: no mutant drivers/vfio/group.c:1:drop-lock:1 (try --list)' \
		--mutants drivers/vfio/group.c:1:drop-lock:1
fi
finish
