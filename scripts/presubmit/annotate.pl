# SPDX-License-Identifier: GPL-2.0-only
#
# presubmit's failures as diagnostics on source lines, for editors and CI
# (docs/ci.md): `--format gcc` (FILE:LINE: error: MESSAGE, as compilers
# write them) and `--github-annotations` (GitHub Actions' ::error
# workflow commands, shown on the changed lines of a pull request).
# Required by report.pl, which passes what it read.
#
# Where a failure is put (the first that applies):
#   - a build failure: the compiler's first error, FILE:LINE;
#   - a checkpatch ERROR: the FILE:LINE checkpatch names;
#   - an exploration's failure: of the places it happened, the first on a
#     line the patches add, else the first of them: a crash's call trace
#     (innermost frame of the core first), the failure's own call site
#     (a WARN, BUG or lockdep report, a data race's second access), the
#     failing thread's last scheduling point in the core (an invariant
#     the adapter checks has no call site of its own), the last traced
#     step in the core of any thread;
#   - else no place: a diagnostic without FILE:LINE.
# Files are named as in the tree judged (drivers/vfio/group.c, or
# vfio-core/group.c for the model).
package PresubmitAnnotate;
use strict;
use warnings;

# A file of the vfio core, as the tree names it
sub in_core {
	my ($file) = @_;
	return defined $file && $file =~ m{^(drivers/vfio/|vfio-core/)};
}

# The places an exploration's failure happened, best first: [file, line]
sub failure_places {
	my ($f, $tree_path) = @_;
	my @p;
	my $fail = $f->{fail} // {};
	my $crash = ref $fail->{crash} ? $fail->{crash} : undef;
	for my $fr (@{$crash ? $crash->{access_stack} // [] : []}) {
		my $file = $tree_path->($fr->{file});
		push @p, [$file, $fr->{line}] if in_core($file) && $fr->{line};
	}
	for my $w ($f->{where}, $fail->{where}) {
		next unless defined $w;
		my ($file, $line) = $tree_path->($w) =~ /^(\S+?):(\d+)\b/ or next;
		push @p, [$file, $line] if in_core($file);
	}
	my @steps = reverse @{$f->{steps} // []};
	my $tid = $fail->{tid};
	for my $st (@steps) {
		next unless defined $tid && defined $st->{tid} &&
			    $st->{tid} == $tid;
		my $file = $tree_path->($st->{file});
		if (in_core($file) && $st->{line}) {
			push @p, [$file, $st->{line}];
			last;
		}
	}
	for my $st (@steps) {
		my $file = $tree_path->($st->{file});
		if (in_core($file) && $st->{line}) {
			push @p, [$file, $st->{line}];
			last;
		}
	}
	return @p;
}

# The first error of a build log: [file, line, message], or ()
sub build_error {
	my ($log, $tree_path) = @_;
	for (split /\n/, $log // '') {
		my ($file, $line, $msg) =
			/^(\S+?):(\d+):(?:\d+:)? (?:fatal )?error: (.*)/ or next;
		return ($tree_path->($file), $line, $msg);
	}
	return ();
}

# checkpatch's ERRORs: [file, line, message] each (file and line empty
# when it names none)
sub checkpatch_errors {
	my ($log) = @_;
	my (@e, $cur);
	for (split /\n/, $log // '') {
		if (/^ERROR: (.*)/) {
			$cur = ['', 0, $1];
			push @e, $cur;
		} elsif ($cur && /^#\d+: FILE: (\S+?):(\d+):/) {
			@$cur[0, 1] = ($1, $2);
			undef $cur;
		} elsif (/^(WARNING|CHECK): /) {
			undef $cur;
		}
	}
	return @e;
}

# Every diagnostic: {severity (error, note), file, line, title, message,
# replay}
sub diagnostics {
	my ($r) = @_;
	my $tp = $r->{tree_path};
	my %added = map { ("$_->{file}:$_->{line}" => 1) } @{$r->{added}};
	my @d;
	for (@{$r->{failures}}) {
		my ($c, $f) = @$_;
		my $title = "vfio-sim presubmit: $c->{stage}/$c->{name}";
		my $msg = "$f->{kind}: $f->{message}";
		my ($file, $line) = ('', 0);
		if ($c->{stage} eq 'build') {
			my @e = build_error($c->{logtext}, $tp);
			($file, $line, $msg) = ($e[0], $e[1], "error: $e[2]")
				if @e;
		} elsif ($c->{stage} eq 'checkpatch') {
			my @e = checkpatch_errors($c->{logtext});
			push @d, map { { severity => 'error', file => $_->[0],
					 line => $_->[1], title => $title,
					 message => "checkpatch: $_->[2]" } } @e;
			next if @e;
		} else {
			my @p = failure_places($f, $tp);
			my ($on_added) = grep { $added{"$_->[0]:$_->[1]"} } @p;
			my $at = $on_added // $p[0];
			($file, $line) = @$at if $at;
		}
		push @d, { severity => 'error', file => $file, line => $line,
			   title => $title, message => $msg,
			   replay => defined $f->{schedule} ?
				     $r->{replay}->($f) : undef };
	}
	for my $m (@{$r->{missed}}) {
		push @d, { severity => 'note', file => $m->{file},
			   line => $m->{line},
			   title => 'vfio-sim presubmit: coverage',
			   message => 'added line nothing executed ' .
				      '(conformance, faults, races, fuzz)' };
	}
	return @d;
}

# FILE:LINE: error: MESSAGE, as compilers write them; a failure without
# a place is "vfio-sim presubmit: error: ..."; its replay command a note
sub write_gcc {
	my ($r, $fh) = @_;
	for my $d (diagnostics($r)) {
		my $at = $d->{file} ne '' ? "$d->{file}:$d->{line}" :
			 'vfio-sim presubmit';
		my $what = $d->{title};
		$what =~ s/^vfio-sim presubmit: //;
		print $fh "$at: $d->{severity}: $what: $d->{message}\n";
		print $fh "$at: note: replay: $d->{replay}\n" if $d->{replay};
	}
}

# GitHub's escaping of a workflow command's message, and of a property
sub gh_data {
	my ($s) = @_;
	$s =~ s/%/%25/g;
	$s =~ s/\r/%0D/g;
	$s =~ s/\n/%0A/g;
	return $s;
}

sub gh_prop {
	my ($s) = @_;
	$s = gh_data($s);
	$s =~ s/:/%3A/g;
	$s =~ s/,/%2C/g;
	return $s;
}

# ::error file=F,line=L,title=T::MESSAGE (::notice for the added lines
# nothing executed).  Failures with the same place and message (the
# fuzzer's findings of one bug, scenarios that fail alike) are one
# command naming the others: GitHub shows ten errors a step.
sub write_github {
	my ($r, $fh) = @_;
	my (@u, %seen);
	for my $d (diagnostics($r)) {
		my $key = "$d->{severity}\t$d->{file}\t$d->{line}\t$d->{message}";
		if (my $first = $seen{$key}) {
			push @{$first->{also}}, $d->{title} =~ s/^vfio-sim presubmit: //r;
			next;
		}
		$seen{$key} = $d;
		push @u, $d;
	}
	for my $d (@u) {
		my $cmd = $d->{severity} eq 'error' ? 'error' : 'notice';
		my @props;
		push @props, 'file=' . gh_prop($d->{file}),
			'line=' . $d->{line} if $d->{file} ne '';
		push @props, 'title=' . gh_prop($d->{title});
		my $msg = $d->{message};
		$msg .= "\nreplay: $d->{replay}" if $d->{replay};
		$msg .= "\nalso: " . join(', ', @{$d->{also}}) if $d->{also};
		print $fh "::$cmd " . join(',', @props) . '::' . gh_data($msg) .
			"\n";
	}
}

1;
