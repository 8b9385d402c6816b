# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2154
#
# Sourced by scripts/presubmit.sh: the live progress line on a terminal
# (stderr a tty only; nothing at all otherwise, as KTAP wants).
#
# The script records where it is in $work/progress/: msg (what it does,
# when it started), explore (the exploration stage running: name, start,
# number of files, and weights: each file's time in the last run) and
# fuzz (when the fuzzer started, for how long).  One line is drawn from
# them, on stderr, over itself:
#
#   build: 45% (group.c), 12 s, ETA 15 s
#   races: 12/23 files, 48,210 executions (5,102/s), ETA 8 s | fuzz: 6/15 s, 2,011 exec/s
#
# by progress_draw, called when something changes (a stage starts, a file
# is done: at most five times a second, and always at a stage's end), and
# by a ticker job every half second in between (the build's
# percentage, the ETA, the fuzzer's figures move on their own).  A file's
# executions count when it is done (its --json).  The ETA is the time
# spent so far scaled by what is left: files weighted by their last run's
# times (timings.tsv) when known, the fuzzer's remaining seconds, make's
# remaining percentage.

progress_dir=$work/progress
mkdir -p "$progress_dir"
ticker_pid=
# the terminal's width
progress_cols=100
if $tty; then
	progress_cols=$(stty size <&2 2>/dev/null | cut -d' ' -f2)
	[[ $progress_cols =~ ^[0-9]+$ ]] && [ "$progress_cols" -ge 40 ] ||
		progress_cols=100
fi

# progress MESSAGE: what is being done now
progress() {
	$tty || return 0
	printf '%s\t%s\n' "$(now)" "$*" >"$progress_dir/msg"
	rm -f "$progress_dir/explore"
	progress_draw force
}

# progress_explore STAGE FILE...: an exploration stage starts
progress_explore() {
	$tty || return 0
	local stage=$1 f
	shift
	for f in "$@"; do
		printf '%s\t%s\n' "$f" "$(awk -F'\t' -v f="$f" \
			'$1 == f { t = $2 } END { print t + 0 }' \
			"$build/timings.tsv" 2>/dev/null || echo 0)"
	done >"$progress_dir/weights"
	printf '%s\t%s\t%s\n' "$stage" "$(now)" "$#" >"$progress_dir/explore"
	progress_draw force
}

# progress_fuzz SECONDS|building: the fuzzer starts, or is being built
# (progress_fuzz_done: it ended)
progress_fuzz() {
	$tty || return 0
	printf '%s\t%s\n' "$(now)" "$1" >"$progress_dir/fuzz"
}
progress_fuzz_done() {
	rm -f "$progress_dir/fuzz"
}

# executions of every finished exploration of STAGE, from their --json
progress_execs() {
	awk -F'\t' -v s="$1" '$1 == s && $5 != "-" { print $5 }' \
		"$work/cases.tsv" 2>/dev/null | (cd "$work" &&
		xargs -r sed -n 's/.*"executions": *\([0-9]*\).*/\1/p' \
		2>/dev/null) | awk '{ n += $1 } END { print n + 0 }'
}

# The line, from the state files; empty when there is nothing to say.
progress_line() {
	local t line='' stage start total execs
	t=$(now)
	if [ -f "$progress_dir/explore" ]; then
		IFS=$'\t' read -r stage start total <"$progress_dir/explore"
		execs=$(progress_execs "$stage")
		line=$(awk -F'\t' -v s="$stage" -v st="$start" -v n="$total" \
			-v t="$t" -v ex="$execs" '
			FNR == NR { w[$1] = $2 + 0.05; W += w[$1]; next }
			$1 == s { d++; D += w[$6] }
			function num(x,  s) {
				s = sprintf("%d", x)
				while (s ~ /[0-9][0-9][0-9][0-9]/)
					sub(/[0-9][0-9][0-9]($|,)/, ",&", s)
				return s
			}
			END {
				e = t - st
				printf "%s: %d/%d files, %s executions", s, d, n, num(ex)
				if (e > 0.5) printf " (%s/s)", num(ex / e)
				if (D > 0 && d < n)
					printf ", ETA %d s", e * (W - D) / D + 0.5
			}' "$progress_dir/weights" "$work/cases.tsv")
	elif [ -f "$progress_dir/msg" ]; then
		IFS=$'\t' read -r start line <"$progress_dir/msg"
		if [[ $line == building* ]] && [ -f "$work/log/build.log" ]; then
			line=$(awk -v st="$start" -v t="$t" '
				/^\[ *[0-9]+%\]/ {
					match($0, /[0-9]+%/)
					p = substr($0, RSTART, RLENGTH - 1) + 0
					f = $NF; sub(/.*\//, "", f); sub(/\.o$/, "", f)
				}
				END {
					e = t - st
					printf "build: %d%%", p
					if (f != "") printf " (%s)", f
					printf ", %d s", e
					if (p > 0 && p < 100)
						printf ", ETA %d s", e * (100 - p) / p + 0.5
				}' "$work/log/build.log")
		fi
	fi
	if [ -f "$progress_dir/fuzz" ]; then
		IFS=$'\t' read -r start total <"$progress_dir/fuzz"
		[ -n "$line" ] && line+=" | "
		if [ "$total" = building ]; then
			line+="fuzz: building the fuzzer"
		else
			line+=$(awk -v st="$start" -v n="$total" -v t="$t" \
			'
			/^#[0-9]+\t/ { x = $0 }
			END {
				e = t - st; if (e > n) e = n
				printf "fuzz: %d/%d s", e, n
				if (match(x, /exec\/s: [0-9]+/))
					printf ", %s exec/s", substr(x, RSTART + 8,
						RLENGTH - 8)
			}' "$work/log/fuzz.log" 2>/dev/null)
		fi
	fi
	printf '%s' "$line"
}

# Draw the line over the last one (a terminal's width at most); at most
# every 0.2 s unless "force" (a stage's end), so that drawing costs the
# explorations nothing worth measuring.
progress_last=0
progress_draw() {
	$tty || return 0
	local line us=${EPOCHREALTIME/[.,]/}
	[ "${1:-}" = force ] || [ $((us - progress_last)) -ge 200000 ] ||
		return 0
	progress_last=$us
	line=$(progress_line)
	line="$me: $line"
	printf '\r\033[K%s' "${line:0:$((progress_cols - 1))}" >&2
}

# The ticker: redraws every half second until killed (progress_done).
progress_ticker() {
	while :; do
		sleep 0.5
		progress_draw
	done
}
progress_start() {
	$tty || return 0
	spawn progress_ticker
	ticker_pid=$spawned
}

# The line erased, the ticker stopped: the report comes next.
progress_done() {
	$tty || return 0
	if [ -n "$ticker_pid" ]; then
		kill -TERM -- "-$ticker_pid" 2>/dev/null || true
		wait "$ticker_pid" 2>/dev/null || true
		ticker_pid=
	fi
	printf '\r\033[K' >&2
	return 0
}
