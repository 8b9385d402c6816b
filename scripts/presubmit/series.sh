# SPDX-License-Identifier: GPL-2.0-only
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

# The Subject of mail file $1 (its first line only)
mail_subject() {
	sed -n '/^$/q; s/^Subject: *//p' "$1" | head -n 1
}

# Whether $1 has a diff hunk; if not, whether it is a cover letter (then
# it is skipped, status 1) or not (refused)
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
			$0 ~ re { m++; out = sprintf("%s/%02d-%03d.mbox", dir, n, m) }
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
