#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0-only
#
# presubmit's reports, from what scripts/presubmit.sh left in its work
# directory: stages.tsv, cases.tsv, json/*.json (vfio-sim explore --json),
# vfio.info (lcov), added.tsv (the lines the patches add).
#
#   report.pl --work DIR --src DIR --sim PATH --target T --what TEXT
#             [--build DIR] [--patch FILE]... [--junit FILE] [--html DIR]
#             [--tty] [--format gcc] [--github-annotations]
#
# --format gcc prints the failures as FILE:LINE: error: lines instead of
# the summary; --github-annotations adds GitHub Actions' ::error commands
# after it (annotate.pl).
#
# --sim is the presubmit build's vfio-sim, relative to --src when the
# build is in the source tree, else absolute (an installed vfio-sim builds
# in the user's cache): replay commands then name scenarios by their
# absolute path, so that they work from any directory.  --build (absolute)
# is that build directory: paths into its copy of the core are shown as
# the tree names them.
#
# Prints the summary (a table on a terminal, KTAP otherwise), writes the
# JUnit XML and the HTML report.  Exit status: 0 every stage passed (or
# was skipped), 1 one failed, 2 on an internal error.
use strict;
use warnings;
use Getopt::Long;
use JSON::PP;
use File::Basename;
use File::Path qw(make_path);

my %o = (patch => []);
GetOptions(\%o, 'work=s', 'src=s', 'sim=s', 'target=s', 'what=s',
	   'build=s', 'patch=s@', 'junit=s', 'html=s', 'tty', 'format=s',
	   'github-annotations') or exit 2;
my $gcc = ($o{format} // '') eq 'gcc';
my $W = $o{work};

sub slurp {
	my ($f) = @_;
	open(my $fh, '<', $f) or return undef;
	local $/;
	my $s = <$fh>;
	close $fh;
	return $s;
}

sub tsv {
	my ($f) = @_;
	my @rows;
	open(my $fh, '<', $f) or return ();
	while (<$fh>) {
		chomp;
		push @rows, [split /\t/, $_, -1];
	}
	return @rows;
}

# A path in the presubmit build's copy of the core, as the tree names it.
sub tree_path {
	my ($p) = @_;
	return $p unless defined $p;
	$p =~ s{(^|\s)build/presubmit-[^/]+/kernel/}{$1}g;
	$p =~ s{(^|\s)build/presubmit-[^/]+/model-src/}{$1vfio-core/}g;
	if (my $b = $o{build}) {
		$p =~ s{(^|\s)\Q$b\E/kernel/}{$1}g;
		$p =~ s{(^|\s)\Q$b\E/model-src/}{$1vfio-core/}g;
	}
	return $p;
}

# --- what happened --------------------------------------------------------

my @stages = map { { name => $_->[0], verdict => $_->[1], secs => $_->[2],
		     detail => $_->[3] } } tsv("$W/stages.tsv");
my @order = qw(build conformance faults races fuzz checkpatch coverage);
my %rank = map { $order[$_] => $_ } 0 .. $#order;
@stages = sort { ($rank{$a->{name}} // 99) <=> ($rank{$b->{name}} // 99) }
	@stages;

my @cases;
for my $r (tsv("$W/cases.tsv")) {
	my %c = (stage => $r->[0], name => $r->[1], verdict => $r->[2],
		 secs => $r->[3], json => $r->[4], file => $r->[5],
		 log => $r->[6]);
	if ($c{json} ne '-' && -f "$W/$c{json}") {
		$c{data} = eval { decode_json(slurp("$W/$c{json}")) };
		for my $f (@{$c{data} ? $c{data}{failures} : []}) {
			$f->{where} = tree_path($f->{where});
			$f->{fail}{where} = tree_path($f->{fail}{where})
				if $f->{fail};
			$_->{file} = tree_path($_->{file})
				for @{$f->{steps} // []};
		}
	}
	$c{logtext} = slurp("$W/$c{log}") // '' if $c{log} ne '-';
	push @cases, \%c;
}
@cases = sort { ($rank{$a->{stage}} // 99) <=> ($rank{$b->{stage}} // 99) ||
		$a->{name} cmp $b->{name} } @cases;

# A crash's record (vfio-sim's "fail":{"crash":...}), or undef.
sub crash_of {
	my ($f) = @_;
	return $f->{fail} && ref $f->{fail}{crash} ? $f->{fail}{crash} : undef;
}

# A frame: "func file:line [step N, thread]".
sub frame_str {
	my ($fr) = @_;
	my $s = $fr->{func};
	$s .= ' ' . tree_path($fr->{file}) if $fr->{file};
	$s .= ":$fr->{line}" if $fr->{line};
	$s .= sprintf('+0x%x', $fr->{offset}) if defined $fr->{offset};
	$s .= " [step $fr->{step}, $fr->{thread}]" if defined $fr->{step};
	$s .= " [after step $fr->{after_step}, $fr->{thread}]"
		if defined $fr->{after_step};
	return $s;
}

# A stack on one line, innermost first, without the engine's frames: the
# first eight (the whole stack is in the text report).
sub stack_str {
	my ($st) = @_;
	my @fr = grep { ($_->{file} // '') !~ m{(^|/)sim/src/} } @{$st // []};
	my $more = @fr > 8 ? ' < ...' : '';
	splice(@fr, 8) if @fr > 8;
	return join(' < ', map { frame_str($_) } @fr) . $more;
}

# Who did what at which step of a stack ("by task D at step 77").
sub stack_who {
	my ($st) = @_;
	my ($m) = grep { defined $_->{step} } @{$st // []};
	return $m ? " by task $m->{thread} at step $m->{step}" : '';
}

# A crash's lines under its headline: the access, the stacks, the summary.
sub crash_lines {
	my ($f) = @_;
	my $c = crash_of($f) or return ();
	my @l;
	my $by = $c->{tool} eq 'UndefinedBehaviorSanitizer' ||
		 $c->{kind} eq 'memory-leak' ? '' :
		 " by task $f->{fail}{thread}";
	push @l, "$c->{access}$by" if $c->{access} ne '';
	push @l, "$c->{tool}: $c->{error}" if $c->{tool} ne '';
	push @l, "call trace: " . stack_str($c->{access_stack})
		if @{$c->{access_stack} // []};
	push @l, "freed" . stack_who($c->{free_stack}) . ": " .
		stack_str($c->{free_stack}) if @{$c->{free_stack} // []};
	push @l, "allocated" . stack_who($c->{alloc_stack}) . ": " .
		stack_str($c->{alloc_stack}) if @{$c->{alloc_stack} // []};
	push @l, "SUMMARY: $c->{summary}" if $c->{summary} ne '';
	return @l;
}

# A failure's type: its kind, and a crash's own ("crash: slab-use-after-free").
sub failure_type {
	my ($f) = @_;
	my $c = crash_of($f);
	return $c && $c->{kind} ne '' ? "$f->{kind}: $c->{kind}" : $f->{kind};
}

# Why a case was skipped: its log's "FILE: skipped: WHY".
sub skip_reason {
	my ($c) = @_;
	my ($why) = ($c->{logtext} // '') =~ /: skipped: (.*)/;
	return $why // 'skipped';
}

# The replay command, with the presubmit build's binary.
sub replay_cmd {
	my ($f) = @_;
	my $r = $f->{replay} // '';
	# a build outside the source tree: the scenario by its absolute path
	$r =~ s{^vfio-sim (replay|explore) ([^/\s]\S*)}{vfio-sim $1 $o{src}/$2}
		if $o{sim} =~ m{^/};
	$r =~ s/^vfio-sim /$o{sim} /;
	return $r;
}

# Every failure: [case, failure] ; cases that failed without one get a
# pseudo failure from their log.
my (@failures, @known);
for my $c (@cases) {
	next if $c->{verdict} eq 'pass' || $c->{verdict} eq 'skip';
	if ($c->{verdict} eq 'known') {
		# a finding the unpatched kernel has (tests/findings)
		push @known, [$c, $_] for @{$c->{data} ? $c->{data}{failures} : []};
		next;
	}
	my $fs = $c->{data} ? $c->{data}{failures} : [];
	if (@$fs) {
		push @failures, [$c, $_] for @$fs;
	} elsif ($c->{data} && $c->{data}{expected} && $c->{verdict} eq 'fail') {
		push @failures, [$c, { kind => 'no failure',
			message => "expected to fail ($c->{data}{expected}), " .
				   "nothing found", where => $c->{file} }];
	} else {
		my $log = $c->{logtext} // '';
		my @lines = grep { /\S/ } split /\n/, $log;
		my ($line) = (grep({ /^ERROR:/ } @lines), @lines);
		push @failures, [$c, { kind => $c->{verdict},
			message => $line // "$c->{stage} failed",
			where => $c->{file} ne '-' ? $c->{file} : '' }];
	}
}

# --- coverage ---------------------------------------------------------------

my $core = slurp("$W/core_dir") // '';
chomp $core;
my (%cov, %da, %brda);
if (-f "$W/vfio.info") {
	my $sf;
	open(my $fh, '<', "$W/vfio.info") or die;
	while (<$fh>) {
		chomp;
		if (/^SF:(.*)/) {
			$sf = $1;
			$sf =~ s/^\Q$core\E\/?//;
			$cov{$sf} //= { lf => 0, lh => 0, bf => 0, bh => 0 };
		} elsif (/^DA:(\d+),(-?\d+)/) {
			$da{$sf}{$1} = ($da{$sf}{$1} // 0) + $2;
		} elsif (/^BRDA:(\d+),(\d+),(\d+),(\S+)/) {
			push @{$brda{$sf}{$1}}, $4;
		}
	}
	close $fh;
	for my $f (keys %cov) {
		my @l = values %{$da{$f} // {}};
		$cov{$f}{lf} = @l;
		$cov{$f}{lh} = grep { $_ > 0 } @l;
		my @b = map { @$_ } values %{$brda{$f} // {}};
		$cov{$f}{bf} = @b;
		$cov{$f}{bh} = grep { $_ ne '-' && $_ > 0 } @b;
	}
}
my %tot = (lf => 0, lh => 0, bf => 0, bh => 0);
for my $f (keys %cov) {
	$tot{$_} += $cov{$f}{$_} for keys %tot;
}

# The lines the patches add: code or not, executed or not.
my @added;
open(my $afh, '<', "$W/added.tsv") or die "added.tsv: $!\n";
while (my $r = <$afh>) {
	chomp $r;
	# the text is the rest of the line, tabs and all
	my ($file, $line, $text) = split /\t/, $r, 3;
	my $sf = $file;
	$sf =~ s{^vfio-core/}{} if $o{target} eq 'model';
	my $state;
	if (!$cov{$sf}) {
		$state = 'not built';
	} elsif (!defined $da{$sf}{$line}) {
		$state = 'no code';
	} else {
		$state = $da{$sf}{$line} > 0 ? 'executed' : 'not executed';
	}
	my @b = @{$brda{$sf}{$line} // []};
	push @added, { file => $file, line => $line, text => $text // '',
		       state => $state, bf => scalar @b,
		       bh => scalar(grep { $_ ne '-' && $_ > 0 } @b) };
}
close $afh;

sub trimmed {
	my ($s) = @_;
	$s =~ s/^\s+|\s+$//g;
	return $s;
}
my @code = grep { $_->{state} eq 'executed' || $_->{state} eq 'not executed' }
	@added;
my @missed = grep { $_->{state} eq 'not executed' } @added;
my %pt = (lf => scalar @code, lh => @code - @missed, bf => 0, bh => 0);
for (@added) {
	$pt{bf} += $_->{bf};
	$pt{bh} += $_->{bh};
}

sub pct {
	my ($h, $f) = @_;
	return '-' unless $f;
	return sprintf('%.1f%%', 100 * $h / $f);
}

my $cov_line = %cov ?
	sprintf('vfio files: lines %s (%d/%d), branches %s (%d/%d)',
		pct($tot{lh}, $tot{lf}), $tot{lh}, $tot{lf},
		pct($tot{bh}, $tot{bf}), $tot{bh}, $tot{bf}) : '';
my $patch_line = '';
if (@{$o{patch}}) {
	$patch_line = sprintf('patch: %d added line%s, %d with code: ' .
			      '%d executed (%s), branches %s (%d/%d)',
			      scalar @added, @added == 1 ? '' : 's',
			      $pt{lf}, $pt{lh}, pct($pt{lh}, $pt{lf}),
			      pct($pt{bh}, $pt{bf}), $pt{bh}, $pt{bf});
}
for my $s (@stages) {
	next unless $s->{name} eq 'coverage' && $s->{verdict} eq 'pass';
	$s->{detail} = $cov_line;
}

my $failed = grep { $_->{verdict} eq 'fail' } @stages;
my $status = $failed ? 1 : 0;

# --- terminal -------------------------------------------------------------

my $npatch = @{$o{patch}};
my $head = "vfio-sim presubmit: $o{what}" .
	($npatch ? ", $npatch patch" . ($npatch == 1 ? '' : 'es') : '');
my %annot;
if ($gcc || $o{'github-annotations'}) {
	require "$o{src}/scripts/presubmit/annotate.pl";
	%annot = (failures => \@failures, added => \@added,
		  missed => \@missed, tree_path => \&tree_path,
		  replay => \&replay_cmd);
}
if ($gcc) {
	PresubmitAnnotate::write_gcc(\%annot, \*STDOUT);
} elsif ($o{tty}) {
	print "$head\n";
	for my $s (@stages) {
		printf "  %-12s %-5s %6.1f s  %s\n", $s->{name},
			$s->{verdict} eq 'fail' ? 'FAIL' : $s->{verdict},
			$s->{secs}, $s->{detail};
	}
	print "  $patch_line\n" if $patch_line;
	if (@missed) {
		print "  added lines nothing executed:\n";
		printf "    %s:%d  %s\n", $_->{file}, $_->{line},
			trimmed($_->{text}) for @missed;
	}
	for (@known) {
		my ($c, $f) = @$_;
		print "  known kernel finding, not failed: $c->{name}: " .
		      "$f->{kind}: $f->{message}\n";
	}
	print "failures:\n" if @failures;
	for (@failures) {
		my ($c, $f) = @$_;
		print "  $c->{stage}/$c->{name}: $f->{kind}: $f->{message}\n";
		print "    at $f->{where}\n" if $f->{where};
		print "    $_\n" for crash_lines($f);
		if (defined $f->{schedule}) {
			printf "    schedule: \"%s\" (%d preemption%s)\n",
				$f->{schedule}, $f->{preemptions},
				$f->{preemptions} == 1 ? '' : 's';
			print "    replay:   ", replay_cmd($f), "\n";
		}
	}
	print $status ? "presubmit: FAIL\n" : "presubmit: pass\n";
} else {
	# KTAP: one test a stage, its cases as subtests
	print "KTAP version 1\n# $head\n1.." . scalar(@stages) . "\n";
	my $i = 0;
	for my $s (@stages) {
		$i++;
		my @sub = grep { $_->{stage} eq $s->{name} } @cases;
		if (@sub || $s->{name} eq 'conformance' ||
		    $s->{name} eq 'faults' || $s->{name} eq 'races') {
			print "    KTAP version 1\n    1.." . scalar(@sub) . "\n";
			my $j = 0;
			for my $c (@sub) {
				$j++;
				my $ok = $c->{verdict} eq 'pass' ||
					 $c->{verdict} eq 'known' ||
					 $c->{verdict} eq 'skip';
				print "    ", $ok ? 'ok' : 'not ok', " $j $c->{name}",
					$c->{verdict} eq 'known' ?
					' # known kernel finding' :
					$c->{verdict} eq 'skip' ?
					' # SKIP ' . skip_reason($c) : '', "\n";
				for my $kp (grep { $_->[0] == $c } @known) {
					print "    # $kp->[1]{kind}: $kp->[1]{message}\n";
				}
				for my $fp (grep { $_->[0] == $c } @failures) {
					my $f = $fp->[1];
					print "    # $f->{kind}: $f->{message}\n";
					print "    # at $f->{where}\n"
						if $f->{where};
					print "    # $_\n" for crash_lines($f);
					next unless defined $f->{schedule};
					print "    # schedule: \"$f->{schedule}\"\n";
					print "    # replay: ", replay_cmd($f),
						"\n";
				}
			}
		}
		my $dir = $s->{verdict} eq 'skip' ? " # SKIP $s->{detail}" :
			  '';
		print $s->{verdict} eq 'fail' ? 'not ok' : 'ok',
			" $i $s->{name}$dir\n";
		print "# $s->{name}: $s->{secs} s", $dir ? '' :
			": $s->{detail}", "\n";
	}
	print "# $patch_line\n" if $patch_line;
	print "# not executed: $_->{file}:$_->{line}: ", trimmed($_->{text}),
		"\n" for @missed;
}
PresubmitAnnotate::write_github(\%annot, \*STDOUT)
	if $o{'github-annotations'};

# --- JUnit ----------------------------------------------------------------

sub xml {
	my ($s) = @_;
	$s //= '';
	$s =~ s/&/&amp;/g;
	$s =~ s/</&lt;/g;
	$s =~ s/>/&gt;/g;
	$s =~ s/"/&quot;/g;
	# characters XML 1.0 cannot carry
	$s =~ s/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/?/g;
	return $s;
}

sub failure_text {
	my ($f) = @_;
	my $t = "$f->{kind}: $f->{message}\n";
	$t .= "at $f->{where}\n" if $f->{where};
	$t .= "$_\n" for crash_lines($f);
	if (defined $f->{schedule}) {
		$t .= "schedule: \"$f->{schedule}\" ($f->{preemptions} " .
		      "preemptions)\nreplay: " . replay_cmd($f) . "\n";
	}
	$t .= "\n$f->{text}" if $f->{text};
	return $t;
}

if ($o{junit}) {
	open(my $j, '>', $o{junit}) or die "$o{junit}: $!\n";
	my ($nt, $nf, $ns, $time) = (0, 0, 0, 0);
	my $body = '';
	for my $s (@stages) {
		my @sub = grep { $_->{stage} eq $s->{name} } @cases;
		my ($t, $f, $sk) = (0, 0, 0);
		my $tc = '';
		if (!@sub) {
			# the stage is its one test case
			$t = 1;
			$tc = sprintf('    <testcase classname="presubmit.%s" ' .
				      'name="%s" time="%s"', xml($s->{name}),
				      xml($s->{name}), $s->{secs});
			if ($s->{verdict} eq 'skip') {
				$sk = 1;
				$tc .= sprintf(">\n      <skipped message=\"%s\"/>\n" .
					       "    </testcase>\n",
					       xml($s->{detail}));
			} elsif ($s->{verdict} eq 'fail') {
				$f = 1;
				$tc .= sprintf(">\n      <failure message=\"%s\"/>\n" .
					       "    </testcase>\n",
					       xml($s->{detail}));
			} elsif ($s->{name} eq 'coverage') {
				my $out = join("\n", grep { $_ } $cov_line,
					$patch_line, map {
					"not executed: $_->{file}:$_->{line}: " .
					trimmed($_->{text}) } @missed);
				$tc .= sprintf(">\n      <system-out>%s</system-out>\n" .
					       "    </testcase>\n", xml($out));
			} else {
				$tc .= "/>\n";
			}
		}
		for my $c (@sub) {
			$t++;
			$tc .= sprintf('    <testcase classname="presubmit.%s" ' .
				       'name="%s" time="%s"', xml($c->{stage}),
				       xml($c->{name}), $c->{secs});
			$tc .= sprintf(' file="%s"', xml($c->{file}))
				if $c->{file} ne '-';
			if ($c->{verdict} eq 'pass') {
				$tc .= "/>\n";
				next;
			}
			if ($c->{verdict} eq 'skip') {
				$sk++;
				$tc .= sprintf(">\n      <skipped message=\"%s\"/>\n" .
					       "    </testcase>\n",
					       xml(skip_reason($c)));
				next;
			}
			if ($c->{verdict} eq 'known') {
				my $txt = join('', map { "known kernel finding " .
					"(docs/kernel-findings.md), not a " .
					"failure of the patch:\n" .
					failure_text($_->[1]) }
					grep { $_->[0] == $c } @known);
				$tc .= sprintf(">\n      <system-out>%s</system-out>\n" .
					       "    </testcase>\n", xml($txt));
				next;
			}
			$f++;
			$tc .= ">\n";
			for my $fp (grep { $_->[0] == $c } @failures) {
				my $fl = $fp->[1];
				$tc .= sprintf("      <failure type=\"%s\" " .
					       "message=\"%s\">%s</failure>\n",
					       xml(failure_type($fl)),
					       xml($fl->{message}),
					       xml(failure_text($fl)));
			}
			$tc .= sprintf("      <system-out>%s</system-out>\n",
				       xml($c->{logtext}))
				if $c->{logtext};
			$tc .= "    </testcase>\n";
		}
		$nt += $t;
		$nf += $f;
		$ns += $sk;
		$time += $s->{secs};
		# what was judged (a --base run: which commit), in every
		# suite, where CI systems show a suite's properties
		$body .= sprintf("  <testsuite name=\"%s\" tests=\"%d\" " .
				 "failures=\"%d\" errors=\"0\" skipped=\"%d\" " .
				 "time=\"%s\">\n    <properties><property " .
				 "name=\"judged\" value=\"%s\"/></properties>\n" .
				 "%s  </testsuite>\n",
				 xml($s->{name}), $t, $f, $sk, $s->{secs},
				 xml($head), $tc);
	}
	printf $j "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" .
		"<testsuites name=\"vfio-sim presubmit\" tests=\"%d\" " .
		"failures=\"%d\" errors=\"0\" skipped=\"%d\" time=\"%.1f\">\n" .
		"%s</testsuites>\n", $nt, $nf, $ns, $time, $body;
	close $j or die "$o{junit}: $!\n";
}

# --- HTML -----------------------------------------------------------------

if ($o{html}) {
	require "$o{src}/scripts/presubmit/html.pl";
	PresubmitHtml::write_html(\%o, {
		head => $head, stages => \@stages, cases => \@cases,
		failures => \@failures, known => \@known, cov => \%cov, tot => \%tot,
		added => \@added, missed => \@missed, pt => \%pt,
		cov_line => $cov_line, patch_line => $patch_line,
		status => $status, replay => \&replay_cmd,
		crash_lines => \&crash_lines, frame_str => \&frame_str,
		failure_type => \&failure_type,
	});
}

exit $status;
