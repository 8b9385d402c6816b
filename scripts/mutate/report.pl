#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0-only
#
# The report of vfio-sim mutate (docs/mutation.md).
#
#   report.pl --verdict JUNIT
#	the first failure of a presubmit JUnit report, one line:
#	STAGE <TAB> SCENARIO <TAB> KIND <TAB> MESSAGE <TAB> FAILED-CASES
#   report.pl --mutants TSV --results DIR --patches DIR --what TEXT
#             --total N --seed S --jobs N --stages LIST --wall SECONDS
#             [--json FILE]
#	the table on stdout (and the JSON): kill rate per operator and per
#	file, the survivors as diffs, what killed each killed mutant.
#	Exit 0 when no mutant survived or failed to be judged, else 1.
use strict;
use warnings;
use Getopt::Long;
use JSON::PP;

my %o;
GetOptions(\%o, 'verdict=s', 'mutants=s', 'results=s', 'patches=s',
	   'what=s', 'total=i', 'seed=s', 'jobs=i', 'stages=s', 'wall=s',
	   'json=s') or exit 2;

sub unxml {
	my ($s) = @_;
	$s =~ s/&lt;/</g;
	$s =~ s/&gt;/>/g;
	$s =~ s/&quot;/"/g;
	$s =~ s/&#10;/ /g;
	$s =~ s/&apos;/'/g;
	$s =~ s/&amp;/&/g;
	$s =~ s/[\t\n\r]+/ /g;
	return $s;
}

sub attr {
	my ($tag, $name) = @_;
	return $tag =~ /\b$name="([^"]*)"/ ? unxml($1) : '';
}

if ($o{verdict}) {
	my $x = '';
	if (open(my $f, '<', $o{verdict})) {
		local $/;
		$x = <$f>;
	}
	# the first failure: of the first stage that failed, the scenario
	# first by name (the cases are in the order they ended, which
	# depends on the timings of earlier runs)
	my (@first, $n);
	$n = 0;
	# each failed test case: <testcase ...> ... <failure .../> ...
	while ($x =~ m{(<testcase\b[^>]*?)(?:/>|>(.*?)</testcase>)}gs) {
		my ($tc, $body) = ($1, $2);
		next unless defined $body && $body =~ /(<failure\b[^>]*>)/;
		my $fl = $1;
		$n++;
		my $stage = attr($tc, 'classname');
		$stage =~ s/^presubmit\.//;
		my $name = attr($tc, 'name');
		next if @first && ($first[0] ne $stage || $first[1] le $name);
		my $kind = attr($fl, 'type') || 'fail';
		@first = ($stage, $name, $kind, attr($fl, 'message'));
	}
	@first = ('-', '-', 'error', 'no failure in the JUnit report')
		unless @first;
	print join("\t", @first, $n), "\n";
	exit 0;
}

for (qw(mutants results patches what total wall)) {
	die "report.pl: --$_ is needed\n" unless defined $o{$_};
}

my @m;
open(my $f, '<', $o{mutants}) or die "$o{mutants}: $!\n";
while (<$f>) {
	chomp;
	my ($id, $file, $line, $op, $fn, $patch, $what) = split /\t/;
	my $name = $patch;
	$name =~ s/\.patch$//;
	my %r = (id => $id, file => $file, line => $line + 0, operator => $op,
		 function => $fn, change => $what, status => 'error',
		 seconds => 0);
	if (open(my $r, '<', "$o{results}/$name.tsv")) {
		my $l = <$r>;
		chomp $l;
		my ($st, $secs, $stage, $scen, $kind, $msg, $nf) =
			split /\t/, $l, -1;
		$r{status} = $st;
		$r{seconds} = $secs + 0;
		if ($st eq 'killed') {
			$r{killed_by} = { stage => $stage, scenario => $scen,
					  kind => $kind, message => $msg,
					  failed_cases => $nf + 0 };
		} elsif ($st ne 'survived') {
			$r{reason} = $msg;
		}
	} else {
		$r{reason} = 'no result (the worker stopped)';
	}
	if ($r{status} eq 'survived' &&
	    open(my $p, '<', "$o{patches}/$patch")) {
		local $/;
		$r{diff} = <$p>;
	}
	push @m, \%r;
}

# counts per key: judged = killed + survived (+ errors: not judged, but
# counted against the suite rather than hidden)
sub tally {
	my ($key) = @_;
	my %t;
	for my $r (@m) {
		my $c = $t{$r->{$key}} //= { mutants => 0, killed => 0,
			survived => 0, equivalent => 0, not_compiled => 0,
			error => 0 };
		$c->{mutants}++;
		(my $s = $r->{status}) =~ s/-/_/;
		$c->{$s}++;
	}
	for my $c (values %t) {
		my $judged = $c->{killed} + $c->{survived} + $c->{error};
		$c->{kill_rate} = $judged ? 0 + sprintf('%.3f',
			$c->{killed} / $judged) : undef;
	}
	return \%t;
}
my $all = tally('status');
my %total = (mutants => scalar(@m));
for my $s (qw(killed survived equivalent not_compiled error)) {
	$total{$s} = 0;
	(my $k = $s) =~ s/_/-/;
	$total{$s} += $_->{status} eq $k ? 1 : 0 for @m;
}
my $judged = $total{killed} + $total{survived} + $total{error};
$total{kill_rate} = $judged ? 0 + sprintf('%.3f', $total{killed} / $judged)
			    : undef;
my $per_op = tally('operator');
my $per_file = tally('file');
my $secs = 0;
$secs += $_->{seconds} for @m;

my $doc = {
	vfio_sim_mutate => 1, target => $o{what}, generated => $o{total} + 0,
	seed => $o{seed} + 0, jobs => $o{jobs} + 0, stages => $o{stages},
	wall_seconds => 0 + $o{wall},
	seconds_per_mutant => @m ? 0 + sprintf('%.1f', $secs / @m) : 0,
	totals => \%total, operators => $per_op, files => $per_file,
	mutants => \@m,
};
if ($o{json}) {
	open(my $j, '>', $o{json}) or die "$o{json}: $!\n";
	print $j JSON::PP->new->canonical->pretty->encode($doc);
	close $j or die "$o{json}: $!\n";
}

# --- the table -------------------------------------------------------------

sub rate { defined $_[0] ? sprintf('%5.1f%%', 100 * $_[0]) : '    -' }
sub rows {
	my ($title, $t) = @_;
	printf "%-28s %7s %6s %8s %6s %7s %5s %6s\n", $title, 'mutants',
		'killed', 'survived', 'equiv', 'no-build', 'error', 'kill';
	for my $k (sort keys %$t) {
		my $c = $t->{$k};
		printf "%-28s %7d %6d %8d %6d %7d %5d %6s\n", $k, $c->{mutants},
			$c->{killed}, $c->{survived}, $c->{equivalent},
			$c->{not_compiled}, $c->{error}, rate($c->{kill_rate});
	}
	print "\n";
}

printf "vfio-sim mutate: %s\n", $o{what};
printf "%d mutants judged of %d generated (seed %s), stages %s, %d at a " .
       "time: %.0f s wall, %.1f s a mutant\n\n", scalar(@m), $o{total},
       $o{seed}, $o{stages}, $o{jobs}, $o{wall}, $doc->{seconds_per_mutant};
rows('operator', $per_op);
rows('file', $per_file);
printf "total: %d killed, %d survived, %d equivalent, %d not compiled, " .
       "%d error: kill rate %s (killed / (killed + survived + error))\n\n",
       @total{qw(killed survived equivalent not_compiled error)},
       rate($total{kill_rate});

for my $r (@m) {
	my $how = $r->{status};
	if ($r->{killed_by}) {
		my $k = $r->{killed_by};
		$how .= " by $k->{stage} $k->{scenario}: $k->{kind}: " .
			"$k->{message}";
		$how .= " (+" . ($k->{failed_cases} - 1) . " more)"
			if $k->{failed_cases} > 1;
	} elsif ($r->{reason}) {
		$how .= ": $r->{reason}";
	}
	printf "%-44s %-34s %s\n", $r->{id}, "$r->{function}()", $how;
}
my @surv = grep { $_->{status} eq 'survived' } @m;
if (@surv) {
	print "\nSurvivors:\n";
	for my $r (@surv) {
		print "\n$r->{id} in $r->{function}(): $r->{change}\n";
		my $d = $r->{diff} // '';
		$d =~ s/\A.*?\n(?=--- )//s;
		print $d;
	}
}
exit(($total{survived} || $total{error}) ? 1 : 0);
