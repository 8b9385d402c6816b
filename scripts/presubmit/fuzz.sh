# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2154
#
# Sourced by scripts/presubmit.sh: the fuzz stage, and the kernel's known
# findings it recognises.  Uses presubmit.sh's variables ($src, $work,
# $build, $fuzz_build, $target, $sim, $jobs, $fuzz_seconds).

# "KIND<TAB>MESSAGE" of the first failure in a --json file
json_signature() {
	perl -MJSON::PP -e '
		my $d = eval { decode_json(do { local $/; <STDIN> }) } or exit;
		my $f = $d->{failures}[0] or exit;
		print "$f->{kind}\t$f->{message}\n";' <"$1" 2>/dev/null || true
}

# The kernel's known findings (tests/findings/*.sim, pinned by ctest,
# docs/kernel-findings.md), as their headers declare them: one "KIND<TAB>
# TITLE-REGEX" a line, in known.tsv.  Taken from the headers, not from
# running the files on the patched tree: a patch's own crash there would
# otherwise pass for a known one.
known_findings() {
	local f kind title
	: >"$work/known.tsv"
	for f in "$src"/tests/findings/*.sim; do
		[ -f "$f" ] || continue
		kind=$(sed -n 's/^# expect-failure: //p' "$f")
		title=$(sed -n 's/^# finding-title: //p' "$f")
		[ -n "$kind" ] && [ -n "$title" ] &&
			printf '%s\t%s\n' "$kind" "$title" >>"$work/known.tsv"
	done
	return 0
}

# Whether the failure signature "KIND<TAB>MESSAGE" is a known finding.
is_known() {
	local sig=$1 kind msg k re
	kind=${sig%%$'\t'*}
	msg=${sig#*$'\t'}
	while IFS=$'\t' read -r k re; do
		[ "$k" = "$kind" ] && grep -qE -- "$re" <<<"$msg" && return 0
	done <"$work/known.tsv"
	return 1
}

# The libFuzzer target (fuzz/, docs/fuzzing.md) needs clang: its own
# build directory ($fuzz_build), on the same patched core, kept between
# runs.
fuzz_stage() {
	local t n=0 name finding sched rc
	t=$(now)
	if ! command -v clang >/dev/null; then
		stage fuzz skip 0 "skipped: no fuzzer built (no clang)"
		return
	fi
	if ! grep -qs 'add_executable(fuzz-vfio ' "$src/cmake/fuzz.cmake"; then
		stage fuzz skip 0 "skipped: no fuzzer built (no fuzz-vfio in cmake/fuzz.cmake)"
		return
	fi
	progress_fuzz building
	local args=(-DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug
		    -DVFIO_SIM_SANITIZE=ON -DVFIO_SIM_FUZZ=ON
		    -DVFIO_SIM_TESTS=OFF -DKERNEL_SRC_EXTRA=)
	if [ "$target" = linux ]; then
		args+=(-DKERNEL_SRC="$build/ksrc")
	else
		args+=(-DMODEL_SRC="$build/model-src" -DKERNEL_SRC=)
	fi
	if ! cmake -S "$src" -B "$fuzz_build" "${args[@]}" \
			>"$work/log/fuzz-build.log" 2>&1 ||
	   ! cmake --build "$fuzz_build" --target fuzz-vfio fuzz-vfio-replay \
			-j"$jobs" \
			>>"$work/log/fuzz-build.log" 2>&1; then
		# the core built with gcc already: this is the fuzzer's own
		# build (clang, libFuzzer), not the patch's
		local why
		why=$(grep -m1 -E 'error: ' "$work/log/fuzz-build.log" |
		      sed 's/^ *//' | cut -c1-160)
		stage fuzz skip "$(elapsed "$t")" \
			"skipped: no fuzzer built: fuzz-vfio does not build with clang here${why:+ ($why)}"
		return
	fi
	# a scratch corpus: libFuzzer adds to it
	mkdir -p "$work/corpus" "$work/findings"
	[ -d "$src/tests/fuzz/corpus" ] &&
		cp -r "$src/tests/fuzz/corpus/." "$work/corpus/"
	progress_fuzz "$fuzz_seconds"
	rc=0
	(cd "$work" && "$fuzz_build/fuzz-vfio" --vfio-target="$target" \
		--vfio-findings="$work/findings" \
		-max_total_time="$fuzz_seconds" -print_final_stats=1 \
		corpus) >"$work/log/fuzz.log" 2>&1 || rc=$?
	progress_fuzz_done
	# A crash ends the fuzzer's process; libFuzzer saved its input as
	# crash-*: replayed in a child, each becomes a finding like the
	# others (and a known kernel finding is recognised as such).
	# A crash that does not replay leaves the fuzzer's status standing.
	local crashes=("$work"/crash-*) before after
	if [ -f "${crashes[0]}" ]; then
		before=$(find "$work/findings" -name '*.sim' | wc -l)
		"$fuzz_build/fuzz-vfio-replay" --target "$target" --isolate \
			--findings "$work/findings" "${crashes[@]}" \
			>>"$work/log/fuzz.log" 2>&1 || true
		after=$(find "$work/findings" -name '*.sim' | wc -l)
		[ "$after" -gt "$before" ] && rc=0
	fi
	# findings are kept in the build directory, so that their replay
	# commands work after this run
	rm -rf "$build/fuzz-findings"
	mkdir -p "$build/fuzz-findings"
	local known=0 verdict sig
	for finding in "$work"/findings/*.sim; do
		[ -f "$finding" ] || continue
		[ -f "$work/known.tsv" ] || known_findings
		name=$(basename "$finding" .sim)
		cp "$finding" "${finding%.sim}.schedule" "$build/fuzz-findings/"
		sched=$(head -n 1 "${finding%.sim}.schedule")
		(cd "$src" && "$sim" replay \
			"${build#"$src"/}/fuzz-findings/$name.sim" "$sched" \
			--target "$target" --json "$work/json/fuzz-$name.json") \
			>"$work/log/fuzz-$name.log" 2>&1 || true
		# a finding the unpatched kernel is known to have (a scenario
		# in tests/findings) is reported, not failed
		sig=$(json_signature "$work/json/fuzz-$name.json")
		verdict=fail
		if [ -n "$sig" ] && is_known "$sig"; then
			verdict=known
			known=$((known + 1))
		else
			n=$((n + 1))
		fi
		printf 'fuzz\t%s\t%s\t0\tjson/fuzz-%s.json\t%s\tlog/fuzz-%s.log\n' \
			"$name" "$verdict" "$name" \
			"${build#"$src"/}/fuzz-findings/$name.sim" "$name" \
			>>"$work/cases.tsv"
	done
	local execs
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' \
		"$work/log/fuzz.log" | tail -n 1)
	local also=
	[ "$known" -gt 0 ] &&
		also=", $known known kernel finding(s) (docs/kernel-findings.md)"
	if [ "$n" -gt 0 ]; then
		stage fuzz fail "$(elapsed "$t")" \
			"$n new finding(s) in ${execs:-?} inputs$also"
	elif [ "$rc" -ne 0 ]; then
		stage fuzz fail "$(elapsed "$t")" \
			"the fuzzer ended with status $rc (log/fuzz.log)"
		printf 'fuzz\tfuzz-vfio\tfail\t0\t-\t-\tlog/fuzz.log\n' \
			>>"$work/cases.tsv"
	else
		stage fuzz pass "$(elapsed "$t")" \
			"${execs:-?} inputs in $fuzz_seconds s, no new finding$also"
	fi
}
