#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# vfio-sim mutate: systematic mutation of a vfio core, to measure how much
# of it the suite pins down (docs/mutation.md).
#
#   scripts/mutate.sh [--kernel DIR|TARBALL | --model] [--operators LIST]
#                     [--files LIST] [--max-mutants N] [--seed S]
#                     [--mutants ID,...] [--jobs N] [--stages LIST]
#                     [--fuzz-seconds N] [--json FILE] [--list]
#
# Generates one-change mutants (scripts/mutate/gen.pl) of the functions
# that open, release, bind, register, unregister and exclude, drops those
# that do not compile or compile to the same object as the original, and
# judges the others with presubmit (--patch MUTANT --only STAGE, stage by
# stage until one finds something), in --jobs workers, each with its own
# warm build directory.  Reports the kill rate per operator and per file,
# every survivor as a diff, and what killed each killed one
# (scripts/mutate/report.pl).
#
# Exit status: 0 every mutant judged was killed, 1 some survived (or a
# judgement went wrong), 2 bad usage or input (one line, nothing written).
set -euo pipefail

{
src=$(cd "$(dirname "$0")/.." && pwd)
me="vfio-sim mutate"
# where builds go: build/ of a checkout, the user's cache when installed
. "$src/scripts/paths.sh"
all_ops=drop-lock,swap-lock,drop-get,drop-put,drop-unwind,negate-cond,drop-cond,wake-early
all_files=vfio_main.c,group.c,device_cdev.c,iommufd.c,container.c

die() {
	echo "$me: $*" >&2
	exit 2
}

usage() {
	cat <<'EOF'
usage: vfio-sim mutate [--kernel DIR|TARBALL | --model] [--operators LIST]
                       [--files LIST] [--max-mutants N] [--seed S]
                       [--mutants ID,...] [--jobs N] [--stages LIST]
                       [--fuzz-seconds N] [--json FILE] [--list]

Mutates the functions of a vfio core that open, release, bind, register,
unregister and exclude, one change a mutant, and judges each mutant with
vfio-sim presubmit: killed (presubmit found something), survived (it
passed), or not counted (does not compile, or compiles to the same object
as the original).

  --kernel SRC       a kernel tree, a Debian linux-source tarball, or a
                     version ("7.3", as presubmit takes it; default
                     /usr/src/linux-source-6.12.tar.xz); only read
  --model            mutate the model (vfio-core/) instead
  --operators LIST   comma separated, of: drop-lock, swap-lock, drop-get,
                     drop-put, drop-unwind, negate-cond, drop-cond,
                     wake-early (default: all)
  --files LIST       of vfio_main.c, group.c, device_cdev.c, iommufd.c,
                     container.c (default: all)
  --max-mutants N    judge N of them, a sample drawn with --seed
  --seed S           the sample's seed (default 1)
  --mutants ID,...   judge exactly these (ids as --list prints them)
  --jobs N           mutants judged side by side (default 2)
  --stages LIST      presubmit's stages, in this order (default
                     conformance,faults,races)
  --fuzz-seconds N   fuzz each mutant N seconds too (default 0)
  --json FILE        write the report as JSON
  --list             list the mutants (id, function, change) and stop

Exit status: 0 every mutant judged was killed, 1 some survived or could
not be judged, 2 bad usage or input.
EOF
}

# --- arguments ---------------------------------------------------------------

kernel=
model=false
ops=$all_ops
files=$all_files
max=
seed=1
ids=
jobs=2
stages=conformance,faults,races
fuzz_seconds=0
json=
list=false
while [ $# -gt 0 ]; do
	case $1 in
	--kernel | --operators | --files | --max-mutants | --seed | \
	--mutants | --jobs | --stages | --fuzz-seconds | --json)
		[ $# -ge 2 ] || die "$1 needs an argument (try 'vfio-sim mutate --help')"
		case $1 in
		--kernel) kernel=$2 ;;
		--operators) ops=$2 ;;
		--files) files=$2 ;;
		--max-mutants) max=$2 ;;
		--seed) seed=$2 ;;
		--mutants) ids=$2 ;;
		--jobs) jobs=$2 ;;
		--stages) stages=$2 ;;
		--fuzz-seconds) fuzz_seconds=$2 ;;
		--json) json=$2 ;;
		esac
		shift 2
		;;
	--*=*)
		set -- "${1%%=*}" "${1#*=}" "${@:2}"
		;;
	--model) model=true; shift ;;
	--list) list=true; shift ;;
	-h | --help)
		usage
		exit 0
		;;
	*)
		die "unknown option \"$1\" (try 'vfio-sim mutate --help')"
		;;
	esac
done

for o in ${ops//,/ }; do
	case ,$all_ops, in
	*,"$o",*) ;;
	*) die "--operators: unknown operator \"$o\" (${all_ops//,/, })" ;;
	esac
done
[ -n "${ops//,/}" ] || die "--operators: no operator given"
for f in ${files//,/ }; do
	case ,$all_files, in
	*,"$f",*) ;;
	*) die "--files: unknown file \"$f\" (${all_files//,/, })" ;;
	esac
done
[ -n "${files//,/}" ] || die "--files: no file given"
[ -z "$max" ] || [[ $max =~ ^[1-9][0-9]*$ ]] ||
	die "--max-mutants: expected a number, got \"$max\""
[[ $seed =~ ^[0-9]+$ ]] || die "--seed: expected a number, got \"$seed\""
[[ $jobs =~ ^[1-9][0-9]*$ ]] || die "--jobs: expected a number, got \"$jobs\""
[[ $fuzz_seconds =~ ^[0-9]+$ ]] ||
	die "--fuzz-seconds: expected a number of seconds, got \"$fuzz_seconds\""
for s in ${stages//,/ }; do
	case $s in
	conformance | faults | races | fuzz) ;;
	*) die "--stages: unknown stage \"$s\" (conformance, faults, races, fuzz)" ;;
	esac
done
[ "$fuzz_seconds" -gt 0 ] && [[ ,$stages, != *,fuzz,* ]] && stages=$stages,fuzz
if [ -n "$json" ]; then
	d=$(dirname "$json")
	[ -d "$d" ] && [ -w "$d" ] ||
		die "--json $json: directory $d does not exist or is not writable"
	json=$(cd "$d" && pwd)/$(basename "$json")
fi
if $model; then
	[ -z "$kernel" ] || die "--model and --kernel: give one of them"
	[ -f "$src/vfio-core/vfio_main.c" ] ||
		die "--model: no vfio-core/vfio_main.c in $src"
	target=model
else
	kernel=${kernel:-/usr/src/linux-source-6.12.tar.xz}
	# a version ("7.3"): Debian's linux-source of it, fetched once
	if [[ $kernel =~ ^[0-9]+\.[0-9]+$ ]]; then
		kernel=$("$src/scripts/kernel-fetch.sh" "$kernel") || exit 2
	fi
	[ -e "$kernel" ] || die "--kernel $kernel: no such file or directory"
	kernel=$(cd "$(dirname "$kernel")" && pwd)/$(basename "$kernel")
	if [ -d "$kernel" ] && [ ! -d "$kernel/drivers/vfio" ]; then
		die "--kernel $kernel: no drivers/vfio (not a kernel tree?)"
	fi
	target=linux
fi

# --- scratch space -----------------------------------------------------------

work=$(mktemp -d "${TMPDIR:-/tmp}/vfio-sim-mutate.XXXXXX")
pids=()
cleanup() {
	local rc=$? p
	# each worker is its own process group (set -m below): its
	# presubmit and explorations end with it
	for p in "${pids[@]}"; do
		kill -- "-$p" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	rm -rf "$work"
	[ -n "${json_tmp:-}" ] && rm -f "$json_tmp"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the mutants -------------------------------------------------------------

if [ "$target" = linux ]; then
	if ! err=$("$src/scripts/kernel-tree.sh" "$kernel" "$work/tree" 2>&1 >/dev/null); then
		err=${err##*vfio-sim: }
		die "--kernel ${err#KERNEL_SRC=}"
	fi
	tree=$work/tree
	prefix=drivers/vfio
	what="linux $(cat "$tree/version") ($kernel)"
else
	tree=$src
	prefix=vfio-core
	what="the model (vfio-core/)"
fi
mkdir -p "$work/mutants" "$work/results"
perl "$src/scripts/mutate/gen.pl" --tree "$tree" --prefix "$prefix" \
	--files "$files" --operators "$ops" --out "$work/mutants" || exit $?
total=$(wc -l <"$work/mutants/mutants.tsv")

# the selection: --mutants, or a --max-mutants sample (seeded), in order
perl -MDigest::MD5=md5_hex -e '
	my ($ids, $max, $seed, $tsv) = @ARGV;
	open(my $f, "<", $tsv) or die "$tsv: $!\n";
	my @m = <$f>;
	if ($ids ne "") {
		my %by = map { (split /\t/)[0] => $_ } @m;
		my @sel;
		for my $id (split /,/, $ids) {
			if (!$by{$id}) {
				print STDERR "vfio-sim mutate: --mutants: no mutant $id (try --list)\n";
				exit 2;
			}
			push @sel, $by{$id};
		}
		print @sel;
		exit 0;
	}
	if ($max ne "" && $max < @m) {
		my %rank = map { $_ => md5_hex("$seed:" . (split /\t/)[0]) } @m;
		my %keep = map { $_ => 1 }
			(sort { $rank{$a} cmp $rank{$b} } @m)[0 .. $max - 1];
		@m = grep { $keep{$_} } @m;
	}
	print @m;' "$ids" "$max" "$seed" "$work/mutants/mutants.tsv" \
	>"$work/selected.tsv" || exit $?
n=$(wc -l <"$work/selected.tsv")

if $list; then
	cut -f1,5,7 "$work/selected.tsv"
	exit 0
fi
[ "$n" -gt 0 ] || die "no mutants in $files for ${ops//,/, } (try --list)"
[ "$jobs" -le "$n" ] || jobs=$n

echo "$me: $what: $n of $total mutants, $jobs at a time, seed $seed," \
	"stages $stages" >&2

# --- judging -----------------------------------------------------------------

now() { echo "${EPOCHREALTIME/,/.}"; }

# On a terminal (stderr), a progress line under the mutants' result
# lines: judged / selected, killed, survived, the ETA (the time so far
# scaled by what is left); nothing otherwise.
tty=false
[ -t 2 ] && tty=true
mutate_progress() {
	$tty || return 0
	local judged killed survived
	judged=$(find "$work/results" -name '*.tsv' | wc -l)
	killed=$(cat "$work"/results/*.tsv 2>/dev/null | cut -f1 |
		grep -cx killed || true)
	survived=$(cat "$work"/results/*.tsv 2>/dev/null | cut -f1 |
		grep -cx survived || true)
	awk -v d="$judged" -v n="$n" -v k="$killed" -v s="$survived" \
		-v st="$t_start" -v t="$(now)" -v me="$me" 'BEGIN {
		e = t - st
		printf "\r\033[K%s: %d/%d mutants judged, %d killed, " \
			"%d survived, %d s", me, d, n, k, s, e
		if (d > 0 && d < n)
			printf ", ETA %d s", e * (n - d) / d + 0.5
	}' >&2
}

presubmit() {
	local wb=$1
	shift
	if [ "$target" = linux ]; then
		set -- --kernel "$kernel" "$@"
	fi
	VFIO_SIM_PRESUBMIT_BUILD=$wb "$src/scripts/presubmit.sh" "$@"
}

# The compile command of FILE in the build directory WB (its
# compile_commands.json), one argument a line.
compile_command() {
	local wb=$1 file=$2
	perl -MJSON::PP -e '
		my ($db, $file, $target) = @ARGV;
		open(my $f, "<", $db) or die "$db: $!\n";
		my $d = decode_json(do { local $/; <$f> });
		for my $e (@$d) {
			next unless $e->{file} =~ m{/\Q$file\E$} &&
				$e->{command} =~ /vfiosim_${target}_core\.dir/;
			print "$_\n" for split / +/, $e->{command};
			exit 0;
		}
		exit 1;' "$wb/compile_commands.json" "$file" "$target"
}

# eq_object WB PATH SRC OUT: compile SRC as the build WB compiles PATH
# (same flags, with the sanitizers and gcov; the same scratch path and
# object name for every version) and write its code into OUT: the
# disassembly of its code sections with their relocations (objdump -d
# -r), so that a call or an access to another symbol differs.  Not the
# whole object: gcov's per-function checksums (in data) change with any
# change of the source, even one the compiler turns into the same code.
# The compiler's first error on failure.
eq_object() {
	local wb=$1 path=$2 in=$3 out=$4 d=$5 args=() a skip=false
	local f=${path##*/}
	mapfile -t cmd < <(compile_command "$wb" "$f")
	[ ${#cmd[@]} -gt 0 ] || { echo "no compile command for $f in $wb"; return 1; }
	for a in "${cmd[@]}"; do
		if $skip; then
			skip=false
			continue
		fi
		case $a in
		-o | -c) skip=true ;;
		*) args+=("$a") ;;
		esac
	done
	cp "$in" "$d/$f"
	if ! (cd "$wb" && "${args[@]}" -frandom-seed=vfio-sim-mutate \
			-o "$d/obj.o" -c "$d/$f") >"$d/cc.log" 2>&1; then
		grep -m1 -E 'error: ' "$d/cc.log" || echo "the compiler failed"
		return 1
	fi
	objdump -d -r "$d/obj.o" | tail -n +3 >"$out"
}

# result ID STATUS SECONDS STAGE SCENARIO KIND MESSAGE NFAILED
result() {
	local name=$1
	shift
	(IFS=$'\t'; echo "$*") >"$work/results/$name.tsv"
}

worker() {
	local k=$1 wb=$vfio_sim_cache/mutate-$target-w$1 d=$work/w$1 rc
	mkdir -p "$d/eq" "$d/a" "$d/b" "$wb"
	# the unmutated tree builds and passes the conformance suite (this
	# also warms the worker's build)
	rc=0
	presubmit "$wb" --only conformance --fuzz-seconds 0 --jobs 1 \
		--junit "$d/baseline.xml" </dev/null >"$d/baseline.log" 2>&1 ||
		rc=$?
	if [ $rc -ne 0 ]; then
		echo "baseline $rc $(perl "$src/scripts/mutate/report.pl" \
			--verdict "$d/baseline.xml" 2>/dev/null | cut -f1-4 | tr '\t' ' ')" \
			>"$work/baseline-failed"
		return 0
	fi
	local i=0
	while IFS=$'\t' read -r id path _ _ _ pname _; do
		i=$((i + 1))
		[ $(((i - 1) % jobs)) -eq "$k" ] || continue
		local t0 name=${pname%.patch}
		t0=$(now)
		# the original and the mutated file, compiled alike
		mkdir -p "$d/a/$prefix" "$d/b/$prefix"
		cp "$tree/$path" "$d/a/$path"
		cp "$tree/$path" "$d/b/$path"
		(cd "$d/b" && patch -s -p1 --no-backup-if-mismatch \
			<"$work/mutants/$pname") >/dev/null
		cp "$tree/$prefix"/*.h "$d/eq/" 2>/dev/null || true
		if [ ! -f "$d/orig-${path##*/}.o" ]; then
			eq_object "$wb" "$path" "$d/a/$path" \
				"$d/orig-${path##*/}.o" "$d/eq" </dev/null \
				>"$d/eq.err" ||
				{ result "$name" error "$(elapsed "$t0")" build - \
					error "the original $path: $(cat "$d/eq.err")" 0
				  continue; }
		fi
		if ! eq_object "$wb" "$path" "$d/b/$path" "$d/mut.o" "$d/eq" \
				</dev/null >"$d/eq.err"; then
			result "$name" not-compiled "$(elapsed "$t0")" build - \
				compile "$(head -n 1 "$d/eq.err")" 0
			continue
		fi
		if cmp -s "$d/orig-${path##*/}.o" "$d/mut.o"; then
			result "$name" equivalent "$(elapsed "$t0")" - - - \
				"same object code as the original" 0
			continue
		fi
		# stage by stage, the cheapest first: the first stage that
		# finds something kills the mutant
		local st
		for st in ${stages//,/ }; do
			rc=0
			presubmit "$wb" --patch "$work/mutants/$pname" \
				--only "$st" --fuzz-seconds "$fuzz_seconds" \
				--jobs 1 --junit "$d/$name.xml" </dev/null \
				>"$d/$name.log" 2>&1 || rc=$?
			[ $rc -eq 0 ] || break
		done
		case $rc in
		0) result "$name" survived "$(elapsed "$t0")" - - - - 0 ;;
		1)
			local vs vsc vk vm vn
			IFS=$'\t' read -r vs vsc vk vm vn < <(perl \
				"$src/scripts/mutate/report.pl" --verdict "$d/$name.xml")
			if [ "$vs" = build ]; then
				result "$name" not-compiled "$(elapsed "$t0")" \
					"$vs" "$vsc" "$vk" "$vm" "$vn"
			else
				result "$name" killed "$(elapsed "$t0")" \
					"$vs" "$vsc" "$vk" "$vm" "$vn"
			fi
			;;
		*)
			result "$name" error "$(elapsed "$t0")" - - error \
				"presubmit exited $rc: $(grep -m1 . "$d/$name.log" || true)" 0
			;;
		esac
		$tty && printf '\r\033[K' >&2
		echo "$me: $id: $(cut -f1-5 "$work/results/$name.tsv" |
			tr '\t' ' ')" >&2
		mutate_progress
	done <"$work/selected.tsv"
}
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

t_start=$(now)
mutate_progress
set -m
for ((k = 0; k < jobs; k++)); do
	worker "$k" &
	pids+=($!)
done
set +m
for p in "${pids[@]}"; do
	wait "$p" || true
done
pids=()
$tty && printf '\r\033[K' >&2
if [ -f "$work/baseline-failed" ]; then
	read -r _ rc stage scen kind <"$work/baseline-failed"
	die "the unmutated $what fails presubmit's conformance (exit $rc${scen:+: $stage $scen $kind}): fix that first"
fi

# --- the report --------------------------------------------------------------

report_args=(--mutants "$work/selected.tsv" --results "$work/results"
	     --patches "$work/mutants" --what "$what" --total "$total"
	     --seed "$seed" --jobs "$jobs" --stages "$stages"
	     --wall "$(elapsed "$t_start")")
if [ -n "$json" ]; then
	json_tmp=$json.tmp.$$
	report_args+=(--json "$json_tmp")
fi
status=0
perl "$src/scripts/mutate/report.pl" "${report_args[@]}" || status=$?
[ "$status" -le 1 ] || { echo "$me: writing the report failed" >&2; exit 2; }
if [ -n "$json" ]; then
	mv "$json_tmp" "$json"
	json_tmp=
fi
exit $status
}
