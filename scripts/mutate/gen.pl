#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0-only
#
# The mutant generator of vfio-sim mutate (docs/mutation.md).
#
#   gen.pl --tree DIR --prefix PATH --files F,... --operators OP,... --out DIR
#
# Reads DIR/PATH/F for each file F (never writes there), finds the functions
# that open, release, bind, register, unregister and exclude (by name: see
# $FUNC_RE), and writes one unified diff (patch -p1 on the tree) a mutant
# into the --out directory, with mutants.tsv listing them:
#
#   ID <TAB> FILE <TAB> LINE <TAB> OPERATOR <TAB> FUNCTION <TAB> PATCH <TAB> WHAT
#
# ID is FILE:LINE:OPERATOR:N (LINE of the original file, N counting the
# mutants of that operator at that line from 1).  Lines are blanked, not
# removed, so that a mutant keeps the line numbers (and so the __LINE__ of
# every lock, WARN and sanitizer check) of the lines it does not change.
use strict;
use warnings;
use File::Temp qw(tempdir);
use Getopt::Long qw(GetOptionsFromArray);

my @OPERATORS = qw(drop-lock swap-lock drop-get drop-put drop-unwind
		   negate-cond drop-cond wake-early);

# The functions mutated: their name says they open, release, bind,
# register/unregister, take or drop a reference, or block/exclude.
my $FUNC_RE = qr/open|release|close|bind|register|get|put|block|attach|detach|remove/;
# ... but not the migration state machine or the getters of information
# (their "get" is not a reference): vfio_mig_get_next_state,
# vfio_group_ioctl_get_status, vfio_iommufd_get_dev_id
my $EXCLUDE_RE = qr/mig|get_status|get_info|dev_id/;

# lock call => its unlock
my %UNLOCK = (
	mutex_lock => 'mutex_unlock',
	spin_lock => 'spin_unlock',
	spin_lock_irq => 'spin_unlock_irq',
	spin_lock_irqsave => 'spin_unlock_irqrestore',
	down_read => 'up_read',
	down_write => 'up_write',
);
my $LOCK_RE = join('|', sort { length($b) <=> length($a) } keys %UNLOCK);

# gets and puts called as statements (their value unused): dropped
my @GETS = qw(refcount_inc kref_get get_file get_device __module_get
	      vfio_device_get_kvm_safe vfio_device_group_get_kvm_safe
	      kvm_get_kvm iommufd_ctx_get);
my @PUTS = qw(refcount_dec kref_put fput put_device module_put
	      vfio_device_put_registration vfio_device_put_kvm kvm_put_kvm
	      iommufd_ctx_put iommu_group_put);
# gets and puts tested in a condition: the call is replaced by the value
# of its success without the reference (a get that always succeeds and
# takes nothing; a put that never drops the last reference)
my %COND_GETS = map { $_ => 'true' } qw(vfio_device_try_get_registration
	try_module_get refcount_inc_not_zero kref_get_unless_zero
	kvm_get_kvm_safe);
my %COND_PUTS = map { $_ => 'false' } qw(refcount_dec_and_test);
my $WAKE_RE = qr/complete|complete_all|wake_up\w*/;
my $ERR_RE = qr/-E(?:BUSY|INVAL|PERM|NODEV)\b/;

sub die2 { print STDERR "vfio-sim mutate: $_[0]\n"; exit 2; }

my ($tree, $prefix, $files, $ops, $out);
GetOptionsFromArray(\@ARGV, 'tree=s' => \$tree, 'prefix=s' => \$prefix,
		    'files=s' => \$files, 'operators=s' => \$ops,
		    'out=s' => \$out) or die2('gen.pl: bad arguments');
die2('gen.pl: --tree, --prefix, --files, --operators and --out are needed')
	unless defined $tree && defined $prefix && defined $files &&
	       defined $ops && defined $out;
my %want = map { $_ => 1 } split /,/, $ops;

my $scratch = tempdir(CLEANUP => 1);
open(my $tsv, '>', "$out/mutants.tsv") or die2("$out/mutants.tsv: $!");
my %seen;	# mutated file contents already written (no duplicates)

for my $f (split /,/, $files) {
	my $path = "$prefix/$f";
	open(my $in, '<', "$tree/$path") or die2("$tree/$path: $!");
	my @lines = <$in>;
	close $in;
	chomp @lines;
	my %count;
	for my $fn (functions(\@lines)) {
		next unless $fn->{name} =~ $FUNC_RE &&
			    $fn->{name} !~ $EXCLUDE_RE;
		for my $m (mutants(\@lines, $fn)) {
			next unless $want{$m->{op}};
			my $key = join("\n", @{$m->{lines}});
			next if $seen{"$path\0$key"}++;
			my $n = ++$count{"$m->{line}:$m->{op}"};
			my $id = "$path:$m->{line}:$m->{op}:$n";
			my $name = "$f-$m->{line}-$m->{op}-$n.patch";
			write_patch($path, \@lines, $m, $id, $fn->{name},
				    "$out/$name");
			print $tsv join("\t", $id, $path, $m->{line}, $m->{op},
					$fn->{name}, $name, $m->{what}), "\n";
		}
	}
}
close $tsv or die2("$out/mutants.tsv: $!");
exit 0;

# The top-level function definitions: {name, first, last} (0-based line
# indexes of the body's braces).  Kernel style: the body opens with "{"
# alone at column 0 and ends with "}" at column 0.
sub functions {
	my ($l) = @_;
	my @fns;
	for (my $i = 0; $i < @$l; $i++) {
		next unless $l->[$i] =~ /^\{\s*$/;
		my $h = '';
		for (my $j = $i - 1; $j >= 0; $j--) {
			last if $l->[$j] =~ /^\s*$/ || $l->[$j] =~ /[;}]\s*$/ ||
				$l->[$j] =~ m{\*/\s*$} || $l->[$j] =~ /^#/;
			$h = "$l->[$j] $h";
		}
		my $end = $i + 1;
		$end++ while $end < @$l && $l->[$end] !~ /^\}/;
		if ($h =~ /(\w+)\s*\(/) {
			push @fns, { name => $1, first => $i, last => $end };
		}
		$i = $end;
	}
	return @fns;
}

sub balanced {
	my ($s) = @_;
	my $d = 0;
	for my $c (split //, $s) {
		$d++ if $c eq '(';
		$d-- if $c eq ')';
	}
	return $d == 0;
}

# A line that is one whole statement: ends with ";", parens balanced, not
# the continuation of the line before.
sub statement {
	my ($l, $i) = @_;
	my $s = $l->[$i];
	return 0 unless $s =~ /^\s+\S.*;\s*$/ && balanced($s);
	return 0 if $s =~ /^\s*(?:return|goto|break|continue|case|default)\b/;
	return 0 if $s =~ /^\s*[}{]/ || $s =~ m{^\s*(?:/\*|\*)};
	my $p = prev_code($l, $i);
	return 0 if defined $p && $l->[$p] !~ /^\w+:\s*$/ &&
		    $l->[$p] =~ /(?:[,(=?:|&+\-*\/]|\|\||&&)\s*$/;
	return 1;
}

# the index of the code line before line i (no blanks or comments)
sub prev_code {
	my ($l, $i) = @_;
	for (my $j = $i - 1; $j >= 0; $j--) {
		my $s = $l->[$j];
		next if $s =~ /^\s*$/ || $s =~ m{^\s*(?:/\*|\*)};
		return $j;
	}
	return undef;
}

# Whether line i is the body of an unbraced if/else/for/while: removing it
# must leave an empty statement, not pull the next one in.
sub unbraced_body {
	my ($l, $i) = @_;
	my $p = prev_code($l, $i);
	return 0 unless defined $p;
	my $s = $l->[$p];
	return 1 if $s =~ /^\s*(?:\}\s*)?else\s*$/;
	# the header may span lines: find where it starts
	my $h = $s;
	my $j = $p;
	while (!balanced($h) && $j > 0) {
		$j--;
		$h = "$l->[$j] $h";
	}
	return $h =~ /^\s*(?:\}\s*else\s+)?(?:if|for|while)\s*\(.*\)\s*$/ ||
	       $h =~ /^\s*(?:list_for_each\w*|for_each\w*)\s*\(.*\)\s*$/;
}

sub blank {
	my ($l, $i) = @_;
	return unbraced_body($l, $i) ? ($l->[$i] =~ /^(\s*)/)[0] . ';' : '';
}

sub trim {
	my ($s) = @_;
	$s =~ s/^\s+|\s+$//g;
	return $s;
}

sub first_arg {
	my ($s) = @_;
	return undef unless $s =~ /\((.*)\)\s*;/;
	my $a = $1;
	my ($d, $r) = (0, '');
	for my $c (split //, $a) {
		$d++ if $c eq '(';
		$d-- if $c eq ')';
		last if $c eq ',' && $d == 0;
		$r .= $c;
	}
	return trim($r);
}

# The mutants of one function: {op, line (1-based, original), lines (the
# whole mutated file), what}.
sub mutants {
	my ($l, $fn) = @_;
	my @m;
	my ($a, $b) = ($fn->{first} + 1, $fn->{last} - 1);
	my $mk = sub {
		my ($op, $i, $what, %edit) = @_;
		my @new = @$l;
		$new[$_] = $edit{$_} for keys %edit;
		push @m, { op => $op, line => $i + 1, lines => \@new,
			   what => $what };
	};

	# locks: [index, kind, first argument]
	my (@locks, @unlocks);
	for my $i ($a .. $b) {
		next unless statement($l, $i);
		if ($l->[$i] =~ /^\s*($LOCK_RE)\s*\(/) {
			push @locks, [$i, $1, first_arg($l->[$i])];
		}
		for my $k (keys %UNLOCK) {
			if ($l->[$i] =~ /^\s*$UNLOCK{$k}\s*\(/) {
				push @unlocks, [$i, $k, first_arg($l->[$i])];
			}
		}
	}

	# drop-lock: a lock and its unlocks (those after it, before the
	# next lock of the same lock)
	for my $k (@locks) {
		my ($i, $kind, $arg) = @$k;
		my ($next) = grep { $_->[0] > $i && $_->[1] eq $kind &&
				    $_->[2] eq $arg } @locks;
		my $end = $next ? $next->[0] : $b + 1;
		my @u = grep { $_->[0] > $i && $_->[0] < $end &&
			       $_->[1] eq $kind && $_->[2] eq $arg } @unlocks;
		next unless @u;
		my %e = ($i => blank($l, $i));
		$e{$_->[0]} = blank($l, $_->[0]) for @u;
		$mk->('drop-lock', $i, "$kind($arg) and its " . scalar(@u) .
		      " unlock(s) dropped", %e);
	}

	# swap-lock: an acquisition made while another is held moves before
	# it
	for my $x (@locks) {
		for my $y (@locks) {
			my ($i, $j) = ($x->[0], $y->[0]);
			next unless $j > $i && $x->[2] ne $y->[2];
			next if grep { $_->[0] > $i && $_->[0] < $j &&
				       $_->[1] eq $x->[1] &&
				       $_->[2] eq $x->[2] } @unlocks;
			my %e;
			$e{$i} = $l->[$j];
			$e{$_} = $l->[$_ - 1] for $i + 1 .. $j;
			$mk->('swap-lock', $j, "$y->[1]($y->[2]) taken before " .
			      "$x->[1]($x->[2]) (line " . ($i + 1) . ")", %e);
		}
	}

	for my $i ($a .. $b) {
		my $s = $l->[$i];
		# drop-get / drop-put: a statement call, or the call in a
		# condition replaced by its success
		if (statement($l, $i) && $s =~ /^\s*(\w+)\s*\(/) {
			my $c = $1;
			if (grep { $_ eq $c } @GETS) {
				$mk->('drop-get', $i, "$c() dropped",
				      $i => blank($l, $i));
			} elsif (grep { $_ eq $c } @PUTS) {
				$mk->('drop-put', $i, "$c() dropped",
				      $i => blank($l, $i));
			}
		}
		for my $set ([\%COND_GETS, 'drop-get'], [\%COND_PUTS, 'drop-put']) {
			my ($h, $op) = @$set;
			for my $c (sort keys %$h) {
				next unless $s =~ /\b\Q$c\E\s*\(/ && !statement($l, $i);
				(my $t = $s) =~ s/\b\Q$c\E\s*\(((?:[^()]++|\((?1)\))*)\)/$h->{$c}/;
				next if $t eq $s;
				$mk->($op, $i, "$c() replaced by $h->{$c}",
				      $i => $t);
			}
		}
	}

	# drop-unwind: a statement after an err_*/out_* label
	my $label;
	for my $i ($a .. $b) {
		$label = $1 if $l->[$i] =~ /^\s*((?:err|out)\w*):\s*$/;
		next unless $label && statement($l, $i);
		$mk->('drop-unwind', $i, "under $label: \"" . trim($l->[$i]) .
		      "\" dropped", $i => blank($l, $i));
	}

	# negate-cond / drop-cond: an if whose body fails with -EBUSY,
	# -EINVAL, -EPERM or -ENODEV
	for my $i ($a .. $b) {
		next unless $l->[$i] =~ /^(\s*(?:\}\s*else\s+)?if\s*\()/;
		my $open = length($1);	# just after "if ("
		# the condition's closing paren: line and column
		my ($d, $ci, $cc) = (1, undef, undef);
		LINE: for my $j ($i .. $b) {
			my $s = $l->[$j];
			for my $c (($j == $i ? $open : 0) .. length($s) - 1) {
				my $ch = substr($s, $c, 1);
				$d++ if $ch eq '(';
				$d-- if $ch eq ')';
				if ($d == 0) {
					($ci, $cc) = ($j, $c);
					last LINE;
				}
			}
		}
		next unless defined $ci;
		my $rest = substr($l->[$ci], $cc + 1);
		my $body = '';
		if ($rest =~ /^\s*\{\s*$/) {
			my $bd = 1;
			for my $j ($ci + 1 .. $b) {
				$bd += () = $l->[$j] =~ /\{/g;
				$bd -= () = $l->[$j] =~ /\}/g;
				last if $bd <= 0;
				$body .= "$l->[$j]\n";
			}
		} elsif ($rest =~ /^\s*$/) {
			for my $j ($ci + 1 .. $b) {
				$body .= "$l->[$j]\n";
				last if $l->[$j] =~ /;\s*$/;
			}
		} else {
			$body = $rest;
		}
		next unless $body =~ /return\s+(?:ERR_PTR\()?$ERR_RE/ ||
			    ($body =~ /=\s*$ERR_RE/ && $body =~ /\bgoto\s+\w+/);
		my $cond = '';
		for my $j ($i .. $ci) {
			my $from = $j == $i ? $open : 0;
			my $to = $j == $ci ? $cc : length($l->[$j]);
			$cond .= substr($l->[$j], $from, $to - $from) . ' ';
		}
		$cond = trim($cond);
		$cond =~ s/\s+/ /g;
		for my $op (['negate-cond', '!('], ['drop-cond', 'false && (']) {
			my %e;
			my @new = @$l;
			# close first: on one line it is to the right
			substr($new[$ci], $cc, 0) = ')';
			substr($new[$i], $open, 0) = $op->[1];
			$e{$i} = $new[$i];
			$e{$ci} = $new[$ci];
			$mk->($op->[0], $i, ($op->[0] eq 'negate-cond' ?
			      "if ($cond) negated" : "if ($cond) never taken"),
			      %e);
		}
	}

	# wake-early: a complete()/wake_up*() moves before the statement
	# before it (or before the unbraced if whose body it is)
	for my $i ($a .. $b) {
		next unless statement($l, $i) && $l->[$i] =~ /^\s*($WAKE_RE)\s*\(/;
		my $c = $1;
		my $p = prev_code($l, $i);
		next unless defined $p;
		if (statement($l, $p)) {
			$mk->('wake-early', $i, "$c() before \"" .
			      trim($l->[$p]) . "\"",
			      $p => $l->[$i], $i => $l->[$p]);
		} elsif (unbraced_body($l, $i) &&
			 $l->[$p] =~ /^(\s*)if\s*\((.*)\)\s*$/ &&
			 balanced($l->[$p])) {
			# the condition is still evaluated (it may be the
			# state change itself: a refcount_dec_and_test())
			my ($ind, $cond) = ($1, $2);
			$mk->('wake-early', $i, "$c() before \"" .
			      trim($l->[$p]) . "\", unconditionally",
			      $p => $ind . trim($l->[$i]),
			      $i => "$ind(void)($cond);");
		}
	}
	return @m;
}

sub write_patch {
	my ($path, $orig, $m, $id, $fn, $file) = @_;
	my $a = "$scratch/a";
	my $b = "$scratch/b";
	for ([$a, $orig], [$b, [grep { defined } @{$m->{lines}}]]) {
		open(my $o, '>', $_->[0]) or die2("$_->[0]: $!");
		print $o map { "$_\n" } @{$_->[1]};
		close $o or die2("$_->[0]: $!");
	}
	my $diff = `diff -u --label a/$path --label b/$path '$a' '$b'`;
	die2("$id: diff failed") unless ($? >> 8) == 1;
	open(my $o, '>', $file) or die2("$file: $!");
	print $o "vfio-sim mutant $id in $fn(): $m->{what}\n\n", $diff;
	close $o or die2("$file: $!");
}
