# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2154
#
# Sourced by scripts/presubmit.sh: the --patch arguments made into a
# series of patch files, in order.
#
# A --patch argument is a patch file (applied as it is), a directory (its
# *.patch files in name order, as `git format-patch -o DIR` writes a
# series), or an mbox with several messages (as `b4 am` or `git
# format-patch --stdout` write one): each message is a patch of its own,
# written to $work/series.  A cover letter ("[PATCH 0/N]", no diff) is
# skipped.  Every patch gets a label naming it for the one line that
# refuses it: "--patch FILE", or "--patch MBOX: message 2 ([PATCH 2/3]
# subject)".

# The From_ line that starts a message of an mbox
mbox_from='^From [^ ]+ +(Mon|Tue|Wed|Thu|Fri|Sat|Sun) '

# The Subject of mail file $1, its folded lines joined
mail_subject() {
	awk '/^$/ { exit }
	     s && /^[ \t]/ { sub(/^[ \t]+/, " "); subj = subj $0; next }
	     { s = 0 }
	     /^Subject:/ { s = 1; subj = $0; sub(/^Subject: */, "", subj) }
	     END { print subj }' "$1"
}

# series_add FILE LABEL: FILE is the next patch; a file without a diff
# hunk is skipped if it is a cover letter, refused otherwise
series_add() {
	local file=$1 label=$2 subject
	if ! grep -q '^@@ ' "$file"; then
		subject=$(mail_subject "$file")
		if [[ $subject =~ \[[^]]*\ 0+/[0-9]+\] ]]; then
			return 0
		fi
		die "$label: not a patch (no unified diff hunk)"
	fi
	plist+=("$file")
	plabel+=("$label")
}

# expand_patches ARG...: plist (the patch files, in order) and plabel
# (each one's label) from the --patch arguments
expand_patches() {
	local arg f n i subject files msgs to
	plist=()
	plabel=()
	mkdir -p "$work/series"
	n=0
	for arg in "$@"; do
		if [ -d "$arg" ]; then
			mapfile -t files < <(find "$arg" -maxdepth 1 -type f \
				-name '*.patch' | LC_ALL=C sort)
			[ ${#files[@]} -gt 0 ] ||
				die "--patch $arg: a directory without *.patch files"
			for f in "${files[@]}"; do
				series_add "$f" "--patch $f"
			done
			continue
		fi
		msgs=$(grep -cE "$mbox_from" "$arg" || true)
		if [ "$msgs" -le 1 ]; then
			series_add "$arg" "--patch $arg"
			continue
		fi
		# an mbox: one file a message (the From_ line starts it)
		n=$((n + 1))
		awk -v dir="$work/series" -v n="$n" -v re="$mbox_from" '
			$0 ~ re {
				if (out) close(out)
				m++; out = sprintf("%s/%02d-%03d.mbox", dir, n, m)
			}
			m { print > out }' "$arg"
		i=0
		for f in "$work/series/$(printf '%02d' "$n")"-*.mbox; do
			i=$((i + 1))
			subject=$(mail_subject "$f")
			# the file's name says which message it is, for the
			# report and checkpatch
			to=${f%.mbox}-$(printf '%s' "$subject" |
				sed 's/^\[[^]]*\] *//; s/[^A-Za-z0-9]\+/-/g' |
				cut -c1-52 | sed 's/-$//').patch
			mv "$f" "$to"
			series_add "$to" \
				"--patch $arg: message $i of $msgs${subject:+ ($subject)}"
		done
	done
	[ ${#plist[@]} -gt 0 ] || die "--patch: no patches in $*"
}

# --- --base: a git branch's commits as the series -----------------------
#
# `--base REV` (or `--base` alone: the current branch's upstream) judges
# the commits REV..HEAD of the --kernel git tree, each on top of the ones
# before it, from the tree at REV (at the merge base of REV and HEAD, if
# HEAD is not on top of REV): a presubmit of the tree at the base with
# commits 1..i as patches, for i = 1, 2, ..., until one fails.  That one
# is the first bad commit (as git bisect names it; a later commit that
# fixes it again does not make the series bisectable).  The tree at the
# base is read with git archive into the scratch directory: the work
# tree, its index and its refs are only read.

# base_check: refuse a --base that cannot be judged (one line, exit 2);
# sets base (the merge base), commits (REV..HEAD, oldest first) and
# base_name (what the user asked for)
base_check() {
	local top rev merges
	[ -n "$kernel" ] && [ -d "$kernel" ] ||
		die "--base needs --kernel DIR, a kernel git tree"
	[ ${#patches[@]} -eq 0 ] ||
		die "--base and --patch: give one or the other (--base REV makes REV..HEAD the patches)"
	top=$(git -C "$kernel" rev-parse --show-toplevel 2>/dev/null) ||
		die "--base: --kernel $kernel is not a git work tree"
	[ "$(cd "$top" && pwd -P)" = "$(cd "$kernel" && pwd -P)" ] ||
		die "--base: --kernel $kernel is not the top of its git tree ($top)"
	if [ -z "$base_rev" ]; then
		base_rev=$(git -C "$kernel" rev-parse --abbrev-ref \
			--symbolic-full-name '@{upstream}' 2>/dev/null) ||
			die "--base: the current branch of $kernel has no upstream: give --base REV"
	fi
	rev=$(git -C "$kernel" rev-parse --verify -q "$base_rev^{commit}") ||
		die "--base $base_rev: not a commit of $kernel"
	base=$(git -C "$kernel" merge-base "$rev" HEAD) ||
		die "--base $base_rev: no common ancestor with HEAD in $kernel"
	base_name=$base_rev
	merges=$(git -C "$kernel" rev-list --merges "$base..HEAD" | head -n 1)
	[ -z "$merges" ] ||
		die "--base $base_rev: $base_rev..HEAD has a merge ($(git -C "$kernel" log -1 --format='%h %s' "$merges")): give a linear series"
	mapfile -t commits < <(git -C "$kernel" rev-list --reverse "$base..HEAD")
	[ ${#commits[@]} -gt 0 ] ||
		die "--base $base_rev: no commits in $base_rev..HEAD of $kernel"
	return 0
}

# The paths of the tree at the base a presubmit reads: the vfio core's
# (scripts/kernel-tree.sh), checkpatch's, and every file the series
# touches that the base has.
base_paths() {
	{
		printf '%s\n' Makefile drivers/vfio include/linux/vfio.h \
			include/uapi/linux/vfio.h scripts/checkpatch.pl \
			scripts/spelling.txt scripts/const_structs.checkpatch
		git -C "$kernel" diff --name-only "$base" HEAD
	} | sort -u | while read -r p; do
		git -C "$kernel" ls-tree -r --name-only "$base" -- "$p"
	done | sort -u
}

# run_series: judge each commit (see above); the report of the first that
# fails, or of the last, is the run's, with a line for each commit
run_series() {
	local n=${#commits[@]} i status=0 c subject short args=()
	local series paths ttyflag= base12
	base12=$(git -C "$kernel" rev-parse --short=12 "$base")
	[ -t 1 ] && [ "$format" = auto ] && ttyflag=1
	mapfile -t paths < <(base_paths)
	mkdir -p "$work/base" "$work/commits"
	git -C "$kernel" archive --format=tar "$base" -- "${paths[@]}" |
		tar -xf - -C "$work/base" ||
		die "--base $base_name: git archive of $base in $kernel failed"
	git -C "$kernel" format-patch -q --no-signature -o "$work/commits" \
		"$base..HEAD" >/dev/null ||
		die "--base $base_name: git format-patch $base..HEAD in $kernel failed"
	mapfile -t series < <(find "$work/commits" -name '*.patch' |
		LC_ALL=C sort)
	[ ${#series[@]} -eq "$n" ] ||
		die "--base $base_name: git format-patch wrote ${#series[@]} patches for $n commits"
	local version
	version=$(sed -n 's/^VERSION *= *//p; s/^PATCHLEVEL *= *//p; s/^SUBLEVEL *= *//p' \
		"$work/base/Makefile" | paste -sd.)
	args=(--kernel "$work/base" --fuzz-seconds "$fuzz_seconds"
	      --jobs "$jobs")
	[ -n "$only" ] && args+=(--only "$only")
	args+=(--format "$format")
	[ -n "$gh_annotations" ] && args+=(--github-annotations)
	: >"$work/commits.tsv"
	for ((i = 0; i < n; i++)); do
		c=${commits[i]}
		short=$(git -C "$kernel" rev-parse --short=12 "$c")
		subject=$(git -C "$kernel" log -1 --format=%s "$c")
		args+=(--patch "${series[i]}")
		# each run's reports next to where they go, renamed there
		# when the run decides
		local rargs=()
		if [ -n "$junit" ]; then
			junit_tmp=$junit.tmp.$$
			rargs+=(--junit "$junit_tmp")
		fi
		if [ -n "$html" ]; then
			html_tmp=$html.tmp.$$
			rargs+=(--html "$html_tmp")
		fi
		status=0
		VFIO_SIM_PRESUBMIT_WHAT="linux $version at $base_name ($base12), commit $((i + 1)) of $n: $short $subject" \
		VFIO_SIM_PRESUBMIT_TTY=$ttyflag \
			run_job "$src/scripts/presubmit.sh" "${args[@]}" \
			"${rargs[@]}" >"$work/report.out" || status=$?
		printf '%s\t%s\t%s\n' "$short" "$subject" "$status" \
			>>"$work/commits.tsv"
		[ "$status" -eq 0 ] || break
	done
	[ "$status" -le 1 ] || exit "$status"
	# the deciding run's reports are the run's
	cat "$work/report.out"
	local verdict first=
	while IFS=$'\t' read -r short subject verdict; do
		[ "$verdict" -eq 0 ] && verdict=pass || verdict=FAIL
		[ "$verdict" = FAIL ] && [ -z "$first" ] &&
			first="$short $subject"
		if [ "$format" = gcc ]; then
			echo "$me: note: commit $short $subject: $verdict"
		elif [ -n "$ttyflag" ]; then
			echo "  commit $short $subject: $verdict"
		else
			echo "# commit $short $subject: $verdict"
		fi
	done <"$work/commits.tsv"
	if [ -n "$first" ]; then
		if [ "$format" = gcc ]; then
			echo "$me: error: first bad commit: $first"
		elif [ -n "$ttyflag" ]; then
			echo "first bad commit: $first"
		else
			echo "# first bad commit: $first"
		fi
	fi
	publish_reports "$status"
}
