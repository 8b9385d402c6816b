# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2154
#
# Sourced by scripts/presubmit.sh: the faults stage.  Every single-thread
# conformance file is swept with each of its allocations failing in turn
# (`vfio-sim sweep`, one execution per allocation, the default schedule):
# the error paths of open, bind, attach and registration that no file
# reaches with every allocation succeeding.  Uses presubmit.sh's variables
# ($src, $work, $target, $sim) and fuzz.sh's known_findings.
#
# The sweep reports each distinct failure once.  A failure the unpatched
# kernel is known to have (a tests/findings file whose header gives its
# kind and title, docs/kernel-findings.md: linux 6.12 and 7.3 WARN when a
# group's creation fails late, and dereference a NULL dev_set after an
# ignored allocation failure) is counted, not failed; every other failure
# fails the file.

# faults_filter RAW.json OUT.json: OUT is RAW without its known findings;
# prints "NEW KNOWN EXECUTIONS"
faults_filter() {
	perl -MJSON::PP -e '
		my ($raw, $known, $out) = @ARGV;
		my @k;
		open(my $kf, "<", $known) or die "$known: $!\n";
		while (<$kf>) {
			chomp;
			my ($kind, $re) = split /\t/, $_, 2;
			push @k, [$kind, qr/$re/] if defined $re;
		}
		open(my $in, "<", $raw) or die "$raw: $!\n";
		my $d = decode_json(do { local $/; <$in> });
		my (@new, $nk);
		for my $f (@{$d->{failures} // []}) {
			if (grep { $f->{kind} eq $_->[0] &&
				   $f->{message} =~ $_->[1] } @k) {
				$nk++;
			} else {
				push @new, $f;
			}
		}
		$d->{failures} = \@new;
		$d->{known_failures} = $nk // 0;
		$d->{ok} = @new ? JSON::PP::false : JSON::PP::true;
		open(my $o, ">", $out) or die "$out: $!\n";
		print $o JSON::PP->new->canonical->encode($d);
		close($o) or die "$out: $!\n";
		printf "%d %d %d\n", scalar(@new), $nk // 0,
			$d->{executions} // 0;' "$1" "$work/known.tsv" "$2"
}

# faults_case FILE: one file swept; its verdict in cases.tsv, its counts
# (known failures, executions) in faults.tsv
faults_case() {
	local file=$1 name rc t verdict=pass counts new=0 known=0 execs=0
	name=$(basename "$file" .sim)
	t=$(now)
	# isolated: the executions run in a child that a crash replaces
	rc=0
	(cd "$src" && "$sim" sweep "$file" --target "$target" --bound 0 \
		--keep-going --quiet \
		--json "$work/json/faults-$name.raw.json") \
		>"$work/log/faults-$name.log" 2>&1 || rc=$?
	local log=$work/log/faults-$name.log json=json/faults-$name.json
	if [ $rc -eq 0 ] && grep -q ': skipped: ' "$log"; then
		verdict=skip
		json=-
	elif [ $rc -gt 1 ] || [ ! -f "$work/json/faults-$name.raw.json" ]
	then
		verdict=error
	elif faults_all_known "$log"; then
		# nothing new: no page to draw, the counts from the summary
		execs=$(sed -n '1s/.*: dfs: \([0-9]*\) execution.*/\1/p' "$log")
		known=$(grep -c '^  [a-z][a-z-]*: ' "$log" || true)
		json=-
	elif counts=$(faults_filter "$work/json/faults-$name.raw.json" \
		      "$work/$json" 2>>"$log"); then
		read -r new known execs <<<"$counts"
		[ "$new" -gt 0 ] && verdict=fail
	else
		verdict=error
	fi
	rm -f "$work/json/faults-$name.raw.json"
	printf '%s\t%s\t%s\n' "$name" "$known" "${execs:-0}" \
		>>"$work/faults.tsv"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' faults "$name" "$verdict" \
		"$(elapsed "$t")" "$json" "$file" "log/faults-$name.log" \
		>>"$work/cases.tsv"
}

# Whether every failure the sweep's summary in LOG lists ("  KIND:
# MESSAGE" lines) is a known kernel finding: then the JSON is not read.
faults_all_known() {
	local line
	while IFS= read -r line; do
		line=${line#  }
		is_known "${line%%: *}"$'\t'"${line#*: }" || return 1
	done < <(grep '^  [a-z][a-z-]*: ' "$1")
	return 0
}

# What the stage's line adds: the executions, the known findings met.
faults_detail() {
	awk -F'\t' '{ k += $2; e += $3 }
		END {
			printf ", %d executions", e
			if (k)
				printf ", %d known kernel finding(s) met " \
				       "(docs/kernel-findings.md)", k
		}' "$work/faults.tsv" 2>/dev/null || true
}
