#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The bug zoo's harness (docs/bug-zoo.md): judge one mutant of the model
# with vfio-sim presubmit and check that it is rejected for the right
# reason.
#
#   tests/mutants/check-mutant.sh VFIO_SIM MUTANT.patch [--out DIR]
#   tests/mutants/check-mutant.sh VFIO_SIM --clean [--out DIR]
#
# MUTANT.patch starts with a comment block (patch(1) skips it) whose
# lines say what to expect:
#
#   # Stages: conformance,races          (presubmit --only; default this)
#   # Fuzz-seconds: N                    (only with fuzz in Stages)
#   # Expect: STAGE SCENARIO KIND TEXT   (one or more)
#   # Expect: escapes                    (a known gap: presubmit passes it)
#
# The mutant passes when presubmit exits 1 and, for every Expect line,
# the JUnit report has a failed test case SCENARIO in suite STAGE with a
# <failure type="KIND"> (a crash's: "crash: slab-use-after-free" ...) whose
# message contains TEXT.  An escaping mutant
# (tests/mutants/escaped/) passes when presubmit exits 0: the day a check
# catches it, its test says so.  --clean runs the stages on the unpatched
# model and wants exit 0.  MUTANT_STAGES=LIST overrides the stages (the
# measurements of docs/bug-zoo.md run every mutant with
# conformance,races).  The failed cases (stage, scenario, seconds, kind,
# message, the execution that found it) and the wall time are printed;
# --out DIR keeps the JUnit report and presubmit's output.
# Exit: 0 as expected, 1 not, 77 skipped (no model in the tree).
set -euo pipefail

[ $# -ge 2 ] || {
	echo "usage: $0 VFIO_SIM MUTANT.patch|--clean [--out DIR]" >&2
	exit 2
}
sim=$1
what=$2
shift 2
out=
while [ $# -gt 0 ]; do
	case $1 in
	--out) out=$2; shift 2 ;;
	*) echo "$0: unknown option $1" >&2; exit 2 ;;
	esac
done

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
[ -f "$src/vfio-core/vfio_main.c" ] || {
	echo "SKIP: no model (vfio-core/vfio_main.c)"
	exit 77
}

t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

stages=conformance,races
fuzz_seconds=
expects=()
args=()
if [ "$what" = --clean ]; then
	name=clean
	want_rc=0
else
	patch=$(cd "$(dirname "$what")" && pwd)/$(basename "$what")
	name=$(basename "$patch" .patch)
	want_rc=1
	# the header: comment lines before the first line of the diff
	header=$(sed -n '/^\(diff \|--- \|Index: \)/q; /^#/p' "$patch")
	s=$(echo "$header" | sed -n 's/^# Stages: *//p' | head -n 1)
	[ -n "$s" ] && stages=$s
	fuzz_seconds=$(echo "$header" | sed -n 's/^# Fuzz-seconds: *//p' |
		       head -n 1)
	mapfile -t expects < <(echo "$header" | sed -n 's/^# Expect: *//p')
	[ ${#expects[@]} -gt 0 ] || {
		echo "$name: no \"# Expect:\" line in $patch" >&2
		exit 1
	}
	if [ "${expects[0]}" = escapes ]; then
		want_rc=0
		expects=()
	fi
	args+=(--patch "$patch")
fi
[ -n "${MUTANT_STAGES:-}" ] && stages=$MUTANT_STAGES
args+=(--only "$stages" --junit "$t/junit.xml")
[ -n "$fuzz_seconds" ] && args+=(--fuzz-seconds "$fuzz_seconds")

start=${EPOCHREALTIME/,/.}
rc=0
(cd "$src" && "$sim" presubmit "${args[@]}") >"$t/out" 2>"$t/err" || rc=$?
end=${EPOCHREALTIME/,/.}
wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')

if [ -n "$out" ]; then
	mkdir -p "$out"
	cp "$t/out" "$out/$name.out"
	cp "$t/err" "$out/$name.err"
	[ -f "$t/junit.xml" ] && cp "$t/junit.xml" "$out/$name.xml"
fi

# The failed test cases of the JUnit report, a line each failure:
# STAGE<TAB>SCENARIO<TAB>SECONDS<TAB>KIND<TAB>MESSAGE<TAB>FOUND (the
# exploration's summary, "dfs: N executions, S steps, T s, bound B", and
# the failing schedule's preemptions)
failed() {
	[ -f "$t/junit.xml" ] || return 0
	perl -e '
		local $/; my $x = <STDIN>;
		sub unxml { my $s = shift; $s =~ s/&lt;/</g; $s =~ s/&gt;/>/g;
			    $s =~ s/&quot;/"/g; $s =~ s/&apos;/\x27/g;
			    $s =~ s/&#(\d+);/chr($1)/ge; $s =~ s/&amp;/&/g; $s }
		while ($x =~ m{<testcase classname="presubmit\.([^"]*)" name="([^"]*)" time="([^"]*)"[^>]*?(/?)>}g) {
			my ($st, $n, $s, $empty) = ($1, $2, $3, $4);
			next if $empty;
			my $pos = pos($x);
			my $end = index($x, "</testcase>", $pos);
			my $body = substr($x, $pos, $end - $pos);
			# the exploration summary: executions until it stopped
			my ($sum) = $body =~ m{<system-out>[^<]*?: (\w+: \d+ executions?, \d+ steps, [\d.]+ s, bound \d+)};
			while ($body =~ m{<failure type="([^"]*)" message="([^"]*)">([^<]*)}g) {
				my ($k, $m, $txt) = (unxml($1), unxml($2), $3);
				$m =~ s/[\t\n]/ /g;
				my ($pre) = $txt =~ /found by \S+ at execution \d+, (\d+ preemptions?)/;
				my $by = join(", ", grep { defined } $sum, $pre);
				print join("\t", $st, unxml($n), $s, $k, $m, $by || "-"), "\n";
			}
		}' <"$t/junit.xml"
}
failed >"$t/failed.tsv"

echo "$name: presubmit --only $stages: exit $rc in $wall s"
if [ -s "$t/failed.tsv" ]; then
	awk -F'\t' '{ printf "  failed: %s %s (%s s, %s): %s: %s\n", $1, $2, $3, $6, $4, $5 }' \
		"$t/failed.tsv"
fi
grep -E '^# (conformance|races|fuzz|build): ' "$t/out" | sed 's/^# /  /' || true

bad=0
if [ "$rc" -ne "$want_rc" ]; then
	echo "FAIL: $name: presubmit exit $rc, expected $want_rc" >&2
	sed 's/^/  | /' "$t/err" | tail -n 20 >&2
	bad=1
fi
for e in "${expects[@]}"; do
	read -r e_stage e_case e_kind e_text <<<"$e"
	if ! awk -F'\t' -v s="$e_stage" -v c="$e_case" -v k="$e_kind" \
		-v m="$e_text" '$1 == s && $2 == c &&
				($4 == k || index($4, k ": ") == 1) &&
				index($5, m) { found = 1 } END { exit !found }' \
		"$t/failed.tsv"; then
		echo "FAIL: $name: no $e_kind failure \"$e_text\" in $e_stage/$e_case" >&2
		bad=1
	fi
done
if [ "$bad" -eq 0 ]; then
	echo "$name: as expected"
fi
exit "$bad"
