#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A fixed sample of vfio-sim mutate on the build's Debian 6.12 tree, judged
# by the conformance stage (seconds a mutant once the workers' builds are
# warm): the check vfio_group_fops_open() makes against a device open
# through its cdev, dropped, is killed by a P4 assertion; kfree(df) dropped
# from vfio_device_open_file()'s unwind is killed by the leak check; the
# locking of vfio_release_device_set() dropped survives (nothing in
# conformance races there).  The JSON counts, the killer named with kind
# and scenario, the survivor's diff, exit 1 (a survivor), the tree only
# read and nothing left in TMPDIR.
#
#   tests/mutation/sample-test.sh VFIO_SIM
# shellcheck source=tests/presubmit/lib.sh
source "$(dirname "$0")/../presubmit/lib.sh"
need_tarball
extracted_tree || { echo "SKIP: the build did not extract $tarball"; exit 77; }

# the mutants by what they change (line numbers follow Debian's updates)
"$sim" mutate --kernel "$kdir" --list >"$t/list" 2>"$t/err" ||
	{ fail "mutate --list: $(cat "$t/err")"; finish; }
pick() {
	awk -F'\t' -v fn="$1" -v what="$2" \
		'$2 == fn && index($3, what) == 1 { print $1; exit }' "$t/list"
}
killed=$(pick vfio_group_fops_open 'if (group->cdev_device_open_cnt) never taken')
leak=$(pick vfio_device_open_file 'under err_free: "kfree(df);" dropped')
survivor=$(pick vfio_release_device_set 'mutex_lock(&dev_set->lock) and its')
for v in killed leak survivor; do
	[ -n "${!v}" ] || { fail "no $v mutant in --list"; finish; }
done
echo "sample: $killed $leak $survivor"

sum() { (cd "$kdir" && find . -type f -print0 | sort -z | xargs -0 md5sum); }
sum >"$t/before"
rc=0
"$sim" mutate --kernel "$kdir" --mutants "$killed,$leak,$survivor" \
	--stages conformance --jobs 2 --json "$t/report.json" \
	>"$t/out" 2>"$t/err" || rc=$?
[ "$rc" -eq 1 ] || { fail "mutate: exit $rc, expected 1 (a survivor)"
		     sed 's/^/  | /' "$t/err" >&2; }
sum | cmp -s - "$t/before" || fail "mutate changed $kdir"
expect_clean_tmp mutate

perl -MJSON::PP -e '
	my ($file, $killed, $leak, $survivor) = @ARGV;
	my $d = decode_json(do { local $/; open(my $f, "<", $file) or
		die "$file: $!\n"; <$f> });
	my @bad;
	my $t = $d->{totals};
	push @bad, "totals: $t->{mutants} mutants, $t->{killed} killed, " .
		"$t->{survived} survived (3, 2, 1 expected)"
		unless $t->{mutants} == 3 && $t->{killed} == 2 &&
		       $t->{survived} == 1 && $t->{equivalent} == 0 &&
		       $t->{not_compiled} == 0 && $t->{error} == 0;
	push @bad, "kill rate $t->{kill_rate}, expected 0.667"
		unless $t->{kill_rate} == 0.667;
	my $op = $d->{operators}{"drop-cond"};
	push @bad, "drop-cond: not 1 killed of 1"
		unless $op && $op->{mutants} == 1 && $op->{killed} == 1;
	my %m = map { $_->{id} => $_ } @{$d->{mutants}};
	my $k = $m{$killed}{killed_by} // {};
	push @bad, "$killed: killed by \"$k->{stage} $k->{scenario} " .
		"$k->{kind}: $k->{message}\", expected a P4 assertion in " .
		"conformance"
		unless ($k->{stage} // "") eq "conformance" &&
		       ($k->{scenario} // "") ne "" &&
		       ($k->{kind} // "") eq "assertion" &&
		       ($k->{message} // "") =~ /^P4 violated/;
	$k = $m{$leak}{killed_by} // {};
	push @bad, "$leak: not killed by a leak"
		unless ($k->{kind} // "") eq "leak" && $k->{scenario};
	my $s = $m{$survivor};
	push @bad, "$survivor: $s->{status}, expected survived with its diff"
		unless $s->{status} eq "survived" &&
		       $s->{diff} =~ /^-\tmutex_lock\(&dev_set->lock\);$/m;
	print STDERR "FAIL: $_\n" for @bad;
	exit(@bad ? 1 : 0);' "$t/report.json" "$killed" "$leak" "$survivor" ||
	fail "the JSON report"
grep -q "^$survivor .*survived" "$t/out" ||
	fail "the table does not list $survivor as survived"
grep -q "^Survivors:" "$t/out" || fail "the table has no survivors' diffs"
finish
