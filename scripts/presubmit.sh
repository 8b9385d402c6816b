#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# vfio-sim presubmit: judge a vfio core (a kernel tree's, or the model's),
# optionally patched, the way a patch author wants before posting.
#
#   scripts/presubmit.sh [--kernel DIR|TARBALL|VERSION]
#                        [--patch FILE|DIR|MBOX ... | --base [REV]]
#                        [--fuzz-seconds N] [--junit FILE] [--html DIR]
#                        [--only STAGE,...] [--jobs N]
#                        [--format auto|ktap|gcc] [--github-annotations]
#
# Stages: build (UBSan + gcov + race detector on the core, incremental,
# build/presubmit-TARGET, or ~/.cache/vfio-sim/presubmit-TARGET when
# installed: scripts/paths.sh),
# conformance (tests/conformance/single, one execution each), faults (the
# same files with each allocation failing in turn), races
# (tests/conformance/races and the target's own scenarios, DFS to bound 2),
# fuzz, checkpatch (the tree's scripts/checkpatch.pl on the patches),
# coverage (line and branch coverage of the vfio files, and of the lines
# the patches add).  docs/presubmit.md has the details.
#
# Exit status: 0 all passed, 1 something was found, 2 bad usage or input
# (one line on stderr, nothing written), 130 / 143 interrupted by SIGINT /
# SIGTERM (every job ended, nothing written).
set -euo pipefail

# The whole script is one compound command, which bash reads completely
# before running it: a checkout or edit of this file while a presubmit
# runs cannot change the rest of that run (bash reads scripts as it goes).
{

src=$(cd "$(dirname "$0")/.." && pwd)
me="vfio-sim presubmit"
# where builds go: build/ of a checkout, the user's cache when installed
. "$src/scripts/paths.sh"
# jobs and interrupts (SIGINT, SIGTERM: every job ended, exit 130, 143)
. "$src/scripts/presubmit/jobs.sh"
# the fuzz stage
. "$src/scripts/presubmit/fuzz.sh"
# the faults stage
. "$src/scripts/presubmit/faults.sh"
# the --patch arguments as a series (directories, mboxes)
. "$src/scripts/presubmit/series.sh"

die() {
	echo "$me: $*" >&2
	exit 2
}

usage() {
	cat <<'EOF'
usage: vfio-sim presubmit [--kernel DIR] [--patch FILE ... | --base [REV]]
                          [--fuzz-seconds N] [--junit FILE] [--html DIR]
                          [--only STAGES] [--jobs N]
                          [--format auto|ktap|gcc] [--github-annotations]

Builds the target with ASan + UBSan + coverage, runs the conformance suite,
runs it again with each allocation failing in turn, explores every race
scenario (DFS, bound 2), fuzzes, runs checkpatch.pl on
the patches, and reports each stage's verdict and time, every failure with
its replay command, and the coverage of the vfio files and of the lines the
patches add.

  --kernel DIR     a kernel tree, a Debian linux-source tarball, or a
                   version ("7.3": Debian's linux-source-7.3, fetched once
                   into build/kernels, ~/.cache/vfio-sim/kernels when
                   installed) whose drivers/vfio is judged;
                   default: the model (vfio-core/)
  --patch FILE     apply FILE (-p1, no fuzz, as git apply; in the order
                   given) to a scratch copy of the target; the tree itself
                   is never modified.  FILE may be a directory (its
                   *.patch in name order: git format-patch -o DIR) or an
                   mbox of several patches (b4 am), applied in order
  --base [REV]     --kernel DIR is a git tree: judge its commits REV..HEAD
                   (default REV: the branch's upstream), each on top of
                   the ones before it, from the tree at REV, and name the
                   first commit that fails; the tree is only read
  --fuzz-seconds N fuzz for N seconds (default 15; 0: skip)
  --junit FILE     write a JUnit XML report (one testsuite per stage)
  --html DIR       write an HTML report: stages, failures drawn as
                   swimlanes, the lcov coverage report
  --only STAGES    run only these stages (comma separated: conformance,
                   faults, races, fuzz, checkpatch; the build and coverage
                   always run)
  --jobs N         explorations run in parallel (default: 2)
  --format F       stdout: auto (a table on a terminal, else KTAP), ktap,
                   or gcc (each failure as FILE:LINE: error: MESSAGE)
  --github-annotations
                   also print each failure as a GitHub Actions ::error
                   command on its file and line (docs/ci.md)

Exit status: 0 everything passed, 1 something was found, 2 bad usage or
input, 130 / 143 interrupted (Ctrl-C / SIGTERM: stopped, nothing written).
EOF
}

# --- arguments ---------------------------------------------------------------

kernel=
patches=()
# 15 s: about 30,000 inputs here since the fuzzer instruments only the
# code under test (docs/presubmit.md, "Budget and timings")
fuzz_seconds=15
junit=
html=
only=
jobs=2
base_set=
base_rev=
format=auto
gh_annotations=
while [ $# -gt 0 ]; do
	case $1 in
	--base=*)
		base_set=1
		base_rev=${1#*=}
		[ -n "$base_rev" ] || die "--base=: expected a revision"
		shift
		;;
	--base)
		# REV is optional: the next argument, unless an option
		base_set=1
		if [ $# -ge 2 ] && [[ $2 != -* ]]; then
			base_rev=$2
			shift
		fi
		shift
		;;
	--github-annotations)
		gh_annotations=1
		shift
		;;
	--kernel | --patch | --fuzz-seconds | --junit | --html | --only | \
	--jobs | --format)
		[ $# -ge 2 ] || die "$1 needs an argument (try 'vfio-sim presubmit --help')"
		arg=$2
		case $1 in
		--kernel) kernel=$arg ;;
		--patch) patches+=("$arg") ;;
		--fuzz-seconds) fuzz_seconds=$arg ;;
		--junit) junit=$arg ;;
		--html) html=$arg ;;
		--only) only=$arg ;;
		--jobs) jobs=$arg ;;
		--format) format=$arg ;;
		esac
		shift 2
		;;
	--kernel=* | --patch=* | --fuzz-seconds=* | --junit=* | --html=* | \
	--only=* | --jobs=* | --format=*)
		set -- "${1%%=*}" "${1#*=}" "${@:2}"
		;;
	-h | --help)
		usage
		exit 0
		;;
	*)
		die "unknown option \"$1\" (try 'vfio-sim presubmit --help')"
		;;
	esac
done

[[ $fuzz_seconds =~ ^[0-9]+$ ]] ||
	die "--fuzz-seconds: expected a number of seconds, got \"$fuzz_seconds\""
[[ $jobs =~ ^[1-9][0-9]*$ ]] || die "--jobs: expected a number, got \"$jobs\""
case $format in
auto | ktap | gcc) ;;
*) die "--format: expected auto, ktap or gcc, got \"$format\"" ;;
esac
all_stages="conformance faults races fuzz checkpatch"
stages=$all_stages
if [ -n "$only" ]; then
	stages=
	for s in ${only//,/ }; do
		case " $all_stages " in
		*" $s "*) stages="$stages $s" ;;
		*) die "--only: unknown stage \"$s\" (conformance, faults, races, fuzz, checkpatch)" ;;
		esac
	done
fi
want() {
	case " $stages " in *" $1 "*) return 0 ;; esac
	return 1
}

abs() {
	case $1 in
	/*) echo "$1" ;;
	*) echo "$PWD/$1" ;;
	esac
}
pargs=()
for p in "${patches[@]}"; do
	[ -e "$p" ] && [ -r "$p" ] || die "--patch $p: no such file"
	pargs+=("$(abs "$p")")
done
for out in "$junit" "$html"; do
	[ -z "$out" ] && continue
	d=$(dirname "$out")
	[ -d "$d" ] && [ -w "$d" ] ||
		die "$out: directory $d does not exist or is not writable"
done
[ -n "$junit" ] && junit=$(abs "$junit")
[ -n "$html" ] && html=$(abs "$html")

if [ -n "$kernel" ]; then
	target=linux
	# a version ("7.3"): Debian's linux-source of it, fetched once
	if [[ $kernel =~ ^[0-9]+\.[0-9]+$ ]]; then
		kernel=$("$src/scripts/kernel-fetch.sh" "$kernel") || exit 2
	fi
	[ -e "$kernel" ] || die "--kernel $kernel: no such file or directory"
	kernel=$(abs "$kernel")
	if [ -d "$kernel" ] && [ ! -d "$kernel/drivers/vfio" ]; then
		die "--kernel $kernel: no drivers/vfio (not a kernel tree?)"
	fi
else
	target=model
	[ -f "$src/vfio-core/vfio_main.c" ] ||
		die "the model is not there yet (no vfio-core/vfio_main.c in $src): give --kernel DIR"
fi

[ -z "$base_set" ] || base_check
# VFIO_SIM_PRESUBMIT_BUILD: another build directory (its fuzzer's is the
# same name with -fuzz), for runs side by side (vfio-sim mutate's workers)
build=${VFIO_SIM_PRESUBMIT_BUILD:-$vfio_sim_cache/presubmit-$target}
build=$(abs "$build")
tty=false
[ -t 2 ] && tty=true

# --- scratch space: everything is written here, then moved in place ----------

work=$(mktemp -d "${TMPDIR:-/tmp}/vfio-sim-presubmit.XXXXXX")
cleanup() {
	local rc=$?
	# the progress ticker (a process group of its own), and its line
	if [ -n "${ticker_pid:-}" ]; then
		kill -TERM -- "-$ticker_pid" 2>/dev/null || true
		printf '\r\033[K' >&2
	fi
	rm -rf "$work"
	[ -n "${html_tmp:-}" ] && rm -rf "$html_tmp"
	[ -n "${junit_tmp:-}" ] && rm -f "$junit_tmp"
	exit $rc
}
trap cleanup EXIT
mkdir -p "$work/json" "$work/log" "$build"
# --base: a presubmit a commit, each its own run (series.sh)
[ -z "$base_set" ] || run_series
# the patches, one file each, in order (plist), and their labels (plabel)
plist=()
[ ${#pargs[@]} -eq 0 ] || expand_patches "${pargs[@]}"
# one presubmit at a time in a build directory
exec 9>"$build/.lock"
if ! flock -n 9; then
	$tty && echo "$me: waiting for another presubmit in $build" >&2
	run_job flock 9
fi
: >"$work/stages.tsv"
: >"$work/cases.tsv"

now() { echo "${EPOCHREALTIME/,/.}"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# the progress line on a terminal (progress, progress_draw, ...)
. "$src/scripts/presubmit/progress.sh"

# stage NAME VERDICT SECONDS DETAIL
stage() {
	printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$work/stages.tsv"
}

# --- the target's sources, patched, in a scratch copy ---------------------

# A bad tree or tarball is refused by kernel-tree.sh in one line; keep its
# wording but name the option.
kernel_files() {
	local out=$1 err
	if ! run_job "$src/scripts/kernel-tree.sh" "$kernel" "$out" \
			>/dev/null 2>"$work/log/kernel-tree.log"; then
		err=$(cat "$work/log/kernel-tree.log")
		err=${err##*vfio-sim: }
		die "--kernel ${err#KERNEL_SRC=}"
	fi
}

# Files of the original tree a patch names (a/PATH, b/PATH).
patched_paths() {
	sed -n -e 's|^--- a/\([^	]*\).*|\1|p' -e 's|^+++ b/\([^	]*\).*|\1|p' \
		"$@" | sort -u
}

# Copy PATH from the original target into DIR (if the original has it).
fetch() {
	local path=$1 dir=$2
	[ -e "$dir/$path" ] && return 0
	if [ "$target" = model ]; then
		[ -f "$src/$path" ] || return 0
		mkdir -p "$dir/$(dirname "$path")"
		cp "$src/$path" "$dir/$path"
	elif [ -d "$kernel" ]; then
		[ -f "$kernel/$path" ] || return 0
		mkdir -p "$dir/$(dirname "$path")"
		cp "$kernel/$path" "$dir/$path"
	else
		local top
		top=$(set +o pipefail; tar -tf "$kernel" 2>/dev/null | head -n 1 |
		      cut -d/ -f1)
		tar -xf "$kernel" -C "$dir" --strip-components=1 \
			"$top/$path" 2>/dev/null || true
	fi
}

pristine=$work/pristine
tree=$work/tree
if [ "$target" = linux ]; then
	# the vfio files, cached per source in the build directory
	progress "reading the vfio core of $kernel"
	# a tarball is read once (cached in the build directory), a
	# directory every time
	if [ -d "$kernel" ]; then
		kernel_files "$work/kernel"
		mv "$work/kernel" "$pristine"
	else
		kernel_files "$build/pristine"
		cp -r "$build/pristine" "$pristine"
	fi
	version=$(cat "$pristine/version")
	rm -f "$pristine/.stamp" "$pristine/version"
	what="linux $version ($kernel)"
else
	mkdir -p "$pristine"
	if [ -d "$src/vfio-core" ]; then
		cp -r "$src/vfio-core" "$pristine/vfio-core"
	fi
	what="the model (vfio-core/)"
	version=model
fi
# a commit of a --base series says which (series.sh)
what=${VFIO_SIM_PRESUBMIT_WHAT:-$what}
if [ ${#plist[@]} -gt 0 ]; then
	while read -r path; do
		[ -n "$path" ] && fetch "$path" "$pristine"
	done < <(patched_paths "${plist[@]}")
fi
cp -r "$pristine" "$tree"

# as git apply would: no fuzz (context lines must match), offsets allowed
for i in "${!plist[@]}"; do
	p=${plist[i]}
	if ! out=$(cd "$tree" && LC_ALL=C patch -p1 --batch --forward \
			--fuzz=0 --no-backup-if-mismatch -r - <"$p" 2>&1); then
		# the first file and hunk that failed, in one line
		why=$(echo "$out" | awk '
			/^patching file / { f = substr($0, 15) }
			/^Hunk #[0-9]+ FAILED at/ {
				sub(/\.$/, ""); print f ": hunk " substr($0, 6)
				exit
			}
			/^Reversed .*patch detected/ {
				print f ": already applied (reversed patch)"; exit
			}
			/can.t find file to patch|No file to patch/ {
				print "a file it patches is not in the target"; exit
			}
			/malformed patch|Only garbage/ { print; exit }')
		die "${plabel[i]} does not apply to $what: ${why:-$(echo "$out" | tail -n 1)}"
	fi
done

# The patched files, in place where the build reads them: only files that
# changed are touched, so an unchanged tree is not rebuilt.
sync_tree() {
	local from=$1 to=$2 f
	mkdir -p "$to"
	(cd "$from" && find . -type f) | while read -r f; do
		if ! cmp -s "$from/$f" "$to/$f"; then
			mkdir -p "$to/$(dirname "$f")"
			cp "$from/$f" "$to/$f"
		fi
	done
	(cd "$to" && find . -type f) | while read -r f; do
		[ -e "$from/$f" ] || rm -f "$to/$f"
	done
}

# --- build ----------------------------------------------------------------

t0=$(now)
progress "building ($build)"
# from here on the line moves on its own (build percentage, ETA, fuzzer)
progress_start
# The core under judgement carries UBSan, gcov and the race detector
# (whose checks include KASAN's use-after-free and slab-out-of-bounds);
# the simulator around it is optimised and carries no sanitizer: it is
# tested under ASan by its own suite, and ASan's allocator made the
# explorations six times slower (docs/presubmit.md, "The build").
# The flags are all given, so that a build directory of an older presubmit
# (ASan everywhere) is reconfigured, not mixed.
cmake_args=(-DCMAKE_BUILD_TYPE=Release -DVFIO_SIM_CORE_CHECKS=ON
	    -DVFIO_SIM_SANITIZE=OFF -DVFIO_SIM_COVERAGE=OFF
	    -DCMAKE_C_FLAGS= -DCMAKE_EXE_LINKER_FLAGS=
	    -DVFIO_SIM_TESTS=OFF -DKERNEL_SRC_EXTRA=)
if [ "$target" = linux ]; then
	sync_tree "$tree" "$build/ksrc"
	cmake_args+=(-DKERNEL_SRC="$build/ksrc")
	core_dir=$build/kernel
else
	sync_tree "$tree/vfio-core" "$build/model-src"
	cmake_args+=(-DMODEL_SRC="$build/model-src" -DKERNEL_SRC=)
	core_dir=$build/model-src
fi
build_core() {
	cmake -S "$src" -B "$build" "${cmake_args[@]}" &&
		cmake --build "$build" --target vfio-sim -j"$jobs"
}
build_ok=true
run_job build_core >"$work/log/build.log" 2>&1 || build_ok=false
progress_draw force
sim=$build/vfio-sim
if $build_ok; then
	stage build pass "$(elapsed "$t0")" \
		"the core with UBSan + gcov + race detector, $build"
else
	# the compiler's first error, or CMake's message
	why=$(grep -m1 -E ': (fatal )?error: ' "$work/log/build.log" ||
	      grep -m1 -A1 'CMake Error' "$work/log/build.log" | tail -n 1 ||
	      true)
	stage build fail "$(elapsed "$t0")" "$(echo "${why:-the build failed}" |
		sed 's/^ *//')"
	printf 'build\tbuild\tfail\t0\t-\t-\tlog/build.log\n' >>"$work/cases.tsv"
fi

# counters of earlier runs go (before anything runs: a rebuilt object
# refuses to merge with its old counters)
$build_ok && find "$build" -name '*.gcda' -delete
has_target=false
if $build_ok && "$sim" targets 2>/dev/null | grep -q "^$target "; then
	has_target=true
fi

# --- explorations ---------------------------------------------------------

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1

# explore STAGE FILE BOUND: one scenario, its verdict in cases.tsv
explore() {
	local stage=$1 file=$2 bound=$3 name rc t
	name=$(basename "$file" .sim)
	t=$(now)
	rc=0
	# VFIO_SIM_RACE_ARGS replaces "--bound B" (measurements only: e.g.
	# "--strategy dpor --max-executions 200000", docs/explorer.md)
	# shellcheck disable=SC2086
	(cd "$src" && "$sim" explore "$file" --target "$target" \
		${VFIO_SIM_RACE_ARGS:---bound "$bound"} --check-expect --quiet \
		--json "$work/json/$stage-$name.json") \
		>"$work/log/$stage-$name.log" 2>&1 || rc=$?
	local verdict=pass
	case $rc in
	0) ;;
	1) verdict=fail ;;
	*) verdict=error ;;
	esac
	if [ $rc -eq 0 ] && grep -q ': skipped: ' "$work/log/$stage-$name.log"
	then
		# written for other kernel versions (`requires linux ...`)
		verdict=skip
	elif [ ! -f "$work/json/$stage-$name.json" ]; then
		verdict=error
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$stage" "$name" "$verdict" \
		"$(elapsed "$t")" "json/$stage-$name.json" "$file" \
		"log/$stage-$name.log" >>"$work/cases.tsv"
}

# The files, longest first by the times of the last run (timings.tsv in
# the build directory), so that the parallel runs end together.
longest_first() {
	local f
	for f in "$@"; do
		printf '%s\t%s\n' "$(awk -F'\t' -v f="$f" \
			'$1 == f { t = $2 } END { print t + 0 }' \
			"$build/timings.tsv" 2>/dev/null || echo 0)" "$f"
	done | sort -t$'\t' -k1,1 -g -r -s | cut -f2
}

# run_stage STAGE BOUND FILE...: the files in parallel, --jobs at a time
run_stage() {
	local stage=$1 bound=$2 t n=0 total failed skipped
	shift 2
	t=$(now)
	total=$#
	local pids=() p running
	mapfile -t files < <(longest_first "$@")
	progress_explore "$stage" "${files[@]}"
	for f in "${files[@]}"; do
		# --jobs processes at a time, the fuzzer (if running) one
		while :; do
			running=0
			for p in "${pids[@]}" ${fuzz_pid:-}; do
				kill -0 "$p" 2>/dev/null && running=$((running + 1))
			done
			[ "$running" -lt "$jobs" ] && break
			wait -n || true
			progress_draw
		done
		n=$((n + 1))
		if [ "$stage" = faults ]; then
			spawn faults_case "$f"
		else
			spawn explore "$stage" "$f" "$bound"
		fi
		pids+=("$spawned")
	done
	for p in "${pids[@]}"; do
		wait "$p" || true
	done
	progress_draw force
	awk -F'\t' -v s="$stage" '$1 == s { print $6 "\t" $4 }' \
		"$work/cases.tsv" >>"$work/timings.tsv"
	failed=$(awk -F'\t' -v s="$stage" \
		'$1 == s && $3 != "pass" && $3 != "skip"' \
		"$work/cases.tsv" | wc -l)
	skipped=$(awk -F'\t' -v s="$stage" '$1 == s && $3 == "skip"' \
		"$work/cases.tsv" | wc -l)
	local also=
	[ "$stage" = faults ] && also=$(faults_detail)
	[ "$skipped" -gt 0 ] &&
		also="$also, $skipped skipped (written for other kernel versions)"
	if [ "$failed" -eq 0 ]; then
		stage "$stage" pass "$(elapsed "$t")" \
			"$((total - skipped)) passed$also"
	else
		stage "$stage" fail "$(elapsed "$t")" \
			"$failed of $total failed$also"
	fi
}

skip_reason=
if ! $build_ok; then
	skip_reason="the build failed"
elif ! $has_target; then
	skip_reason="this build has no $target target"
	[ "$target" = model ] &&
		skip_reason="$skip_reason (vfio-core/ is not built as a target yet)"
fi

# --- fuzz -----------------------------------------------------------------

fuzz_build=$vfio_sim_cache/presubmit-fuzz-$target
if [ -n "${VFIO_SIM_PRESUBMIT_BUILD:-}" ]; then
	fuzz_build=$build-fuzz
fi

# The fuzzer runs on one core while the explorations use the others
# (with one job, after them).
fuzz_job() {
	fuzz_stage || stage fuzz fail 0 "the fuzz stage stopped on an error"
}
fuzz_pid=
if want fuzz; then
	if [ "$fuzz_seconds" -eq 0 ]; then
		stage fuzz skip 0 "skipped: --fuzz-seconds 0"
	elif [ -n "$skip_reason" ]; then
		stage fuzz skip 0 "skipped: $skip_reason"
	elif [ "$jobs" -ge 2 ]; then
		spawn fuzz_job
		fuzz_pid=$spawned
	else
		fuzz_later=true
	fi
fi

cd "$src"
if want conformance; then
	if [ -n "$skip_reason" ]; then
		stage conformance skip 0 "skipped: $skip_reason"
	else
		run_stage conformance 0 tests/conformance/single/*.sim
	fi
fi
if want faults; then
	if [ -n "$skip_reason" ]; then
		stage faults skip 0 "skipped: $skip_reason"
	else
		[ -f "$work/known.tsv" ] || known_findings
		run_stage faults 0 tests/conformance/single/*.sim
	fi
fi
if want races; then
	if [ -n "$skip_reason" ]; then
		stage races skip 0 "skipped: $skip_reason"
	else
		races=(tests/conformance/races/*.sim)
		for f in tests/scenarios/"$target"/*.sim; do
			[ -f "$f" ] && races+=("$f")
		done
		run_stage races 2 "${races[@]}"
	fi
fi

if [ -n "$fuzz_pid" ]; then
	progress "waiting for the fuzzer"
	wait "$fuzz_pid" || true
elif [ -n "${fuzz_later:-}" ]; then
	progress "fuzzing"
	run_job fuzz_job || true
fi


# --- checkpatch -----------------------------------------------------------

# checkpatch.pl and its data files out of a tarball, once per tarball
checkpatch_from_tarball() {
	local dir=$build/checkpatch stamp top
	stamp="$kernel $(stat -c '%s %Y' "$kernel")"
	[ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ] && return 0
	progress "checkpatch: reading scripts/checkpatch.pl out of $kernel"
	rm -rf "$dir" "$dir.tmp"
	mkdir -p "$dir.tmp"
	top=$(set +o pipefail; tar -tf "$kernel" 2>/dev/null | head -n 1 |
	      cut -d/ -f1)
	run_job tar -xf "$kernel" -C "$dir.tmp" --strip-components=1 \
		--ignore-failed-read "$top/scripts/checkpatch.pl" \
		"$top/scripts/spelling.txt" \
		"$top/scripts/const_structs.checkpatch" 2>/dev/null || true
	echo "$stamp" >"$dir.tmp/.stamp"
	mv "$dir.tmp" "$dir"
}

if want checkpatch; then
	t=$(now)
	cp_dir=
	if [ "$target" = linux ]; then
		if [ -d "$kernel" ]; then
			[ -f "$kernel/scripts/checkpatch.pl" ] && cp_dir=$kernel
		elif [ ${#plist[@]} -gt 0 ]; then
			checkpatch_from_tarball
			[ -f "$build/checkpatch/scripts/checkpatch.pl" ] &&
				cp_dir=$build/checkpatch
		fi
	fi
	if [ ${#plist[@]} -eq 0 ]; then
		stage checkpatch skip 0 "skipped: no patches"
	elif [ -z "$cp_dir" ]; then
		stage checkpatch skip 0 "skipped: the target has no scripts/checkpatch.pl"
	else
		errors=0 warnings=0
		for p in "${plist[@]}"; do
			name=$(basename "$p")
			progress "checkpatch $name"
			run_job perl "$cp_dir/scripts/checkpatch.pl" --no-tree \
				--color=never "$p" \
				>"$work/log/checkpatch-$name.log" 2>&1 || true
			read -r e w < <(sed -n 's/^total: \([0-9]*\) errors*, \([0-9]*\) warnings*.*/\1 \2/p' \
				"$work/log/checkpatch-$name.log" | tail -n 1)
			e=${e:-1} w=${w:-0}
			errors=$((errors + e)) warnings=$((warnings + w))
			v=pass
			[ "$e" -gt 0 ] && v=fail
			printf 'checkpatch\t%s\t%s\t0\t-\t%s\t%s\n' "$name" "$v" "$p" \
				"log/checkpatch-$name.log" >>"$work/cases.tsv"
		done
		v=pass
		[ "$errors" -gt 0 ] && v=fail
		stage checkpatch "$v" "$(elapsed "$t")" \
			"$errors errors, $warnings warnings"
	fi
fi

# --- coverage -------------------------------------------------------------

t=$(now)
rc_branch=(--config-file "$src/coverage/lcovrc")
: >"$work/added.tsv"
# Lines the patches add, numbered as in the patched files (all patches
# applied): file<TAB>line<TAB>text
while read -r f; do
	[ -f "$tree/$f" ] || continue
	diff -U0 "$pristine/$f" "$tree/$f" 2>/dev/null |
	awk -v f="$f" '
		/^@@ / { split($3, a, ","); n = substr(a[1], 2) + 0; next }
		/^\+\+\+ / { next }
		/^\+/ { printf "%s\t%d\t%s\n", f, n, substr($0, 2); n++; next }
	' >>"$work/added.tsv" || true
done < <(cd "$tree" && find . -type f | sed 's|^\./||' | sort)

if $has_target && [ "$(awk -F'\t' '$1 == "conformance" || $1 == "faults" || $1 == "races"' "$work/cases.tsv" | wc -l)" -gt 0 ]; then
	progress "coverage"
	# the core's objects only (not the glue, not another target's)
	obj_dir=$build/CMakeFiles/vfiosim_${target}_core.dir
	if [ "$target" = linux ]; then
		pattern="$core_dir/drivers/vfio/*"
	else
		pattern="$core_dir/*"
	fi
	coverage_info() {
		lcov -q "${rc_branch[@]}" --capture --directory "$obj_dir" \
			--base-directory "$src" --output-file "$work/all.info" &&
		lcov -q "${rc_branch[@]}" --extract "$work/all.info" \
			"$pattern" --output-file "$work/vfio.info"
	}
	if run_job coverage_info >"$work/log/lcov.log" 2>&1; then
		stage coverage pass "$(elapsed "$t")" "lcov"
		echo "$core_dir" >"$work/core_dir"
	else
		stage coverage fail "$(elapsed "$t")" "lcov failed (log/lcov.log)"
	fi
else
	stage coverage skip 0 "skipped: nothing ran"
fi
progress_done

# --- reports --------------------------------------------------------------

# this run's times order the next run's explorations
if [ -s "$work/timings.tsv" ]; then
	{ cat "$work/timings.tsv"; cat "$build/timings.tsv" 2>/dev/null || true; } |
		awk -F'\t' '!seen[$1]++' >"$build/timings.tsv.tmp" &&
		mv "$build/timings.tsv.tmp" "$build/timings.tsv"
fi

report_args=(--work "$work" --src "$src" --sim "${build#"$src"/}/vfio-sim"
	     --build "$build" --target "$target" --what "$what")
for p in "${plist[@]}"; do
	report_args+=(--patch "$p")
done
if [ -n "$junit" ]; then
	junit_tmp=$junit.tmp.$$
	report_args+=(--junit "$junit_tmp")
fi
if [ -n "$html" ]; then
	html_tmp=$html.tmp.$$
	rm -rf "$html_tmp"
	report_args+=(--html "$html_tmp")
fi
# a --base run's commits are judged by presubmits whose report goes to a
# file the outer run prints: on a terminal, as a terminal's
if [ "$format" = auto ]; then
	[ -t 1 ] || [ -n "${VFIO_SIM_PRESUBMIT_TTY:-}" ] && report_args+=(--tty)
fi
[ "$format" = gcc ] && report_args+=(--format gcc)
[ -n "$gh_annotations" ] && report_args+=(--github-annotations)
status=0
perl "$src/scripts/presubmit/report.pl" "${report_args[@]}" || status=$?
[ "$status" -le 1 ] || { echo "$me: writing the reports failed" >&2; exit 2; }
# an interrupt now waits for the reports to be in place
publish_reports "$status"
}
