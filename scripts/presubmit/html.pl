# SPDX-License-Identifier: GPL-2.0-only
#
# presubmit's HTML report (required by report.pl): index.html (stages,
# failures, coverage of the vfio files and of the patches' lines),
# failure-N.html (a failing interleaving as swimlanes: one column a
# thread, one row a step, the locks each thread holds and the refcounts
# the execution touched, the step after which the failure was seen
# marked), coverage/ (genhtml).  Pages are well-formed XML (XHTML
# serialisation of HTML5) so that a plain XML parser can check them.
package PresubmitHtml;
use strict;
use warnings;
use File::Copy;

sub esc {
	my ($s) = @_;
	$s //= '';
	$s =~ s/&/&amp;/g;
	$s =~ s/</&lt;/g;
	$s =~ s/>/&gt;/g;
	$s =~ s/"/&quot;/g;
	$s =~ s/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/?/g;
	return $s;
}

# A path in the presubmit build's copy of the core, as the tree names it.
sub tree_path {
	my ($p) = @_;
	$p //= '';
	$p =~ s{(^|\s)build/presubmit-[^/]+/kernel/}{$1}g;
	$p =~ s{(^|\s)build/presubmit-[^/]+/model-src/}{$1vfio-core/}g;
	return $p;
}

sub page {
	my ($file, $title, $body) = @_;
	open(my $fh, '>', $file) or die "$file: $!\n";
	print $fh <<"END";
<!DOCTYPE html>
<!-- SPDX-License-Identifier: GPL-2.0-only -->
<html xmlns="http://www.w3.org/1999/xhtml" lang="en">
<head>
<meta charset="utf-8"/>
<title>${\ esc($title)}</title>
<link rel="stylesheet" href="presubmit.css"/>
</head>
<body>
$body
</body>
</html>
END
	close $fh or die "$file: $!\n";
}

sub verdict {
	my ($v) = @_;
	my %label = (pass => 'pass', fail => 'FAIL', skip => 'skipped',
		     error => 'ERROR');
	return sprintf('<span class="v %s">%s</span>', esc($v),
		       esc($label{$v} // $v));
}

sub pct {
	my ($h, $f) = @_;
	return '-' unless $f;
	return sprintf('%.1f%%', 100 * $h / $f);
}

sub bar {
	my ($h, $f) = @_;
	return '' unless $f;
	my $p = int(100 * $h / $f + 0.5);
	my $cls = $p >= 75 ? 'hi' : $p >= 50 ? 'mid' : 'lo';
	return qq(<span class="bar"><span class="fill $cls" ) .
	       qq(style="width:${p}%"></span></span>);
}

# --- one failure: swimlanes ------------------------------------------------

sub lane_locks {
	my ($locks, $tid) = @_;
	for my $l (@{$locks // []}) {
		next unless $l->{tid} == $tid;
		return join('', map { sprintf('<span class="held">%s</span>',
					      esc($_)) } @{$l->{held}});
	}
	return '';
}

sub swimlanes {
	my ($f) = @_;
	my @steps = @{$f->{steps} // []};
	my $fail = $f->{fail};
	# the race detector's accesses come last, each numbered with the
	# step it follows: put them there (stable: the step first)
	my $i = 0;
	@steps = map { $_->[1] }
		 sort { $a->[1]{step} <=> $b->[1]{step} ||
			($a->[1]{race} ? 1 : 0) <=> ($b->[1]{race} ? 1 : 0) ||
			$a->[0] <=> $b->[0] }
		 map { [$i++, $_] } @steps;
	my (%name, @tids);
	for my $s (@steps, $fail ? ($fail) : ()) {
		next if exists $name{$s->{tid}};
		$name{$s->{tid}} = $s->{thread};
		push @tids, $s->{tid};
	}
	@tids = sort { $a <=> $b } @tids;
	return '<p>No trace: the replay recorded no step.</p>' unless @tids;

	# a refcount's value follows its operation as a note: one row
	my @rows;
	for my $s (@steps) {
		if ($s->{op} eq 'note' && ($s->{what} // '') eq 'refcount' &&
		    @rows && $rows[-1]{tid} == $s->{tid} &&
		    defined $rows[-1]{obj} && defined $s->{obj} &&
		    $rows[-1]{obj} == $s->{obj}) {
			$rows[-1]{refval} = $s->{value};
			$rows[-1]{last_step} = $s->{step};
			next;
		}
		push @rows, { %$s, last_step => $s->{step} };
	}

	my $h = qq(<div class="lanes-wrap"><table class="lanes">\n<thead><tr>) .
		qq(<th class="step">step</th>);
	$h .= sprintf('<th class="lane">T%d %s</th>', $_, esc($name{$_}))
		for @tids;
	$h .= qq(<th class="refs">refcounts</th></tr></thead>\n<tbody>\n);

	my (%refname, %refval);
	my $broke = $fail ? $fail->{after_step} : -1;
	for my $r (@rows) {
		if (defined $r->{obj} && ($r->{op} eq 'refcount' ||
		    ($r->{op} eq 'note' && ($r->{what} // '') eq 'refcount'))) {
			$refname{$r->{obj}} //= $r->{expr} // "#$r->{obj}";
			$refval{$r->{obj}} = $r->{refval} // $r->{value}
				if defined($r->{refval} // $r->{value});
		}
		my $marked = $broke >= $r->{step} && $broke <= $r->{last_step};
		my @cls;
		push @cls, 'preempt' if $r->{switch} eq 'preempt';
		push @cls, 'switch' if $r->{switch} eq 'block';
		push @cls, 'broke' if $marked;
		$h .= sprintf('<tr%s id="s%d"><td class="step">%d%s</td>',
			      @cls ? ' class="' . join(' ', @cls) . '"' : '',
			      $r->{step}, $r->{step},
			      $r->{switch} eq 'preempt' ?
			      '<span class="mark" title="preemption">' .
			      '&#8595;</span>' : '');
		for my $tid (@tids) {
			my $locks = lane_locks($r->{locks}, $tid);
			if ($tid != $r->{tid}) {
				$h .= sprintf('<td class="idle">%s</td>',
					      $locks);
				next;
			}
			my $op = $r->{op};
			my $text = esc($r->{text});
			$text .= sprintf(' <span class="val">= %s</span>',
					 esc($r->{refval}))
				if defined $r->{refval};
			my $at = defined $r->{file} ?
				sprintf('<div class="at">%s:%d %s()</div>',
					esc(tree_path($r->{file})), $r->{line},
					esc($r->{func})) : '';
			$h .= sprintf('<td class="op %s"><div class="what">%s' .
				      '</div>%s%s</td>', esc($op), $text, $at,
				      $locks ? "<div>$locks</div>" : '');
		}
		my $refs = join(' ', map {
			sprintf('<span class="ref%s">%s&#160;=&#160;%s</span>',
				defined $r->{obj} && $r->{obj} == $_ &&
				defined($r->{refval} // $r->{value}) ?
				' changed' : '', esc($refname{$_}),
				esc($refval{$_}))
		} grep { defined $refval{$_} } sort { $a <=> $b } keys %refval);
		$h .= "<td class=\"refs\">$refs</td></tr>\n";
	}
	if ($fail) {
		$h .= '<tr class="failrow"><td class="step">!!</td>';
		for my $tid (@tids) {
			if ($tid != $fail->{tid}) {
				$h .= '<td class="idle"></td>';
				next;
			}
			$h .= sprintf('<td class="op fail"><div class="what">' .
				      '%s: %s</div><div class="at">%s</div>' .
				      '%s</td>', esc($fail->{kind}),
				      esc($fail->{message}),
				      esc(tree_path($fail->{where})),
				      lane_locks($fail->{locks}, $tid));
		}
		$h .= "<td class=\"refs\"></td></tr>\n";
	}
	$h .= "</tbody></table></div>\n";
	# the failure happened in setup (no thread of its own)
	if ($fail && $fail->{tid} < 0 && !grep { $_ == -1 } @tids) {
		$h .= sprintf('<p class="failnote">!! %s: %s (outside the ' .
			      'threads)</p>', esc($fail->{kind}),
			      esc($fail->{message}));
	}
	return $h;
}

sub failure_page {
	my ($o, $d, $n, $c, $f) = @_;
	my $replay = $d->{replay}->($f);
	my $b = sprintf('<p class="nav"><a href="index.html">&#8592; ' .
			'presubmit report</a></p>' .
			'<h1><span class="kind">%s</span> %s</h1>' .
			'<table class="facts">' .
			'<tr><th>%s</th><td>%s/%s (<code>%s</code>)</td></tr>',
			esc($d->{failure_type}->($f)), esc($f->{message}),
			$c->{stage} eq 'checkpatch' ? 'patch' : 'scenario',
			esc($c->{stage}), esc($c->{name}), esc($c->{file}));
	my $where = $f->{where} || ($f->{fail} ? $f->{fail}{where} : '');
	$b .= sprintf('<tr><th>at</th><td><code>%s</code></td></tr>',
		      esc(tree_path($where))) if $where;
	if (defined $f->{schedule}) {
		$b .= sprintf('<tr><th>schedule</th><td><code>"%s"</code> ' .
			      '(%d preemption%s, found at execution %d%s)' .
			      '</td></tr><tr><th>replay</th><td><pre class=' .
			      '"cmd">%s</pre></td></tr>',
			      esc($f->{schedule}), $f->{preemptions},
			      $f->{preemptions} == 1 ? '' : 's',
			      $f->{execution},
			      $f->{replayed} ? '' :
			      ', <b>the replay did not reproduce it</b>',
			      esc($replay));
	}
	my $crash = $f->{fail} && ref $f->{fail}{crash} ? $f->{fail}{crash} :
		    undef;
	if ($crash) {
		# the first of the crash lines is the access, by its task
		my ($access) = $d->{crash_lines}->($f);
		$b .= sprintf('<tr><th>access</th><td>%s</td></tr>',
			      esc($access)) if $crash->{access} ne '';
		$b .= sprintf('<tr><th>summary</th><td><code>%s</code></td>' .
			      '</tr>', esc($crash->{summary}))
			if $crash->{summary} ne '';
	}
	$b .= '</table>';
	if ($crash) {
		$b .= '<h2>The crash</h2><p class="legend">The stacks ' .
		      'the sanitizer printed (or, with none, the return ' .
		      'addresses of the faulting frame), innermost first; ' .
		      'a frame at the call site of a step of the ' .
		      'interleaving names it.</p>';
		for (['access_stack', 'Call trace'],
		     ['free_stack', 'Freed'], ['alloc_stack', 'Allocated']) {
			my ($key, $title) = @$_;
			my @fr = @{$crash->{$key} // []};
			next unless @fr;
			$b .= sprintf('<h3>%s</h3><pre class="report">%s' .
				      '</pre>', esc($title), esc(join("\n",
				      map { $d->{frame_str}->($_) } @fr)));
		}
	}
	if ($f->{steps}) {
		$b .= '<h2>The interleaving</h2><p class="legend">One column ' .
		      'a thread, one row a scheduling point, top to bottom. ' .
		      '<span class="held">lock</span> a lock the thread ' .
		      'holds when the step runs; <span class="ref changed">' .
		      'refcount = n</span> a refcount this step changed; ' .
		      '<span class="mark">&#8595;</span> a preemption (the ' .
		      'scheduler took the CPU from a runnable thread); the ' .
		      '<span class="brokekey">marked row</span> is the last ' .
		      'step before the failure was seen.</p>';
		$b .= swimlanes($f);
	}
	if (!$f->{steps} && $c->{logtext}) {
		$b .= '<h2>Output</h2><pre class="report">' .
		      esc($c->{logtext}) . '</pre>';
	}
	if ($f->{text}) {
		$b .= '<details><summary>The text report (as on the ' .
		      'terminal)</summary><pre class="report">' .
		      esc($f->{text}) . '</pre></details>';
	}
	page("$o->{html}/failure-$n.html",
	     "$f->{kind}: $f->{message}", $b);
}

# --- the index ----------------------------------------------------------------

sub write_html {
	my ($o, $d) = @_;
	my $dir = $o->{html};
	mkdir $dir or die "$dir: $!\n";
	copy("$o->{src}/scripts/presubmit/presubmit.css",
	     "$dir/presubmit.css") or die "presubmit.css: $!\n";

	my $has_cov = -f "$o->{work}/vfio.info" && %{$d->{cov}};
	if ($has_cov) {
		my $core = '';
		if (open(my $fh, '<', "$o->{work}/core_dir")) {
			$core = <$fh> // '';
			chomp $core;
		}
		system('genhtml', '-q', '--rc', 'lcov_branch_coverage=1',
		       '--branch-coverage', '--legend', '--prefix', $core,
		       '--title', 'vfio-sim presubmit: the vfio core',
		       '--output-directory', "$dir/coverage",
		       "$o->{work}/vfio.info") == 0 or
			die "genhtml failed\n";
	}

	my $b = sprintf('<h1>%s <span class="v %s">%s</span></h1>',
			esc($d->{head}), $d->{status} ? 'fail' : 'pass',
			$d->{status} ? 'FAIL' : 'pass');
	$b .= '<h2>Stages</h2><table class="grid"><thead><tr><th>stage</th>' .
	      '<th>verdict</th><th>time</th><th>detail</th></tr></thead><tbody>';
	for my $s (@{$d->{stages}}) {
		$b .= sprintf('<tr><td>%s</td><td>%s</td><td class="num">' .
			      '%.1f s</td><td>%s</td></tr>', esc($s->{name}),
			      verdict($s->{verdict}), $s->{secs},
			      esc($s->{detail}));
	}
	$b .= '</tbody></table>';

	my @failures = @{$d->{failures}};
	$b .= '<h2>Failures</h2>';
	if (!@failures) {
		$b .= '<p>None.</p>';
	} else {
		$b .= '<table class="grid"><thead><tr><th>scenario</th>' .
		      '<th>kind</th><th>message</th><th>schedule</th>' .
		      '<th>replay</th></tr></thead><tbody>';
		my $n = 0;
		for (@failures) {
			my ($c, $f) = @$_;
			$n++;
			failure_page($o, $d, $n, $c, $f);
			$b .= sprintf('<tr><td><a href="failure-%d.html">%s/%s' .
				      '</a></td><td>%s</td><td>%s<div ' .
				      'class="at">%s</div></td><td><code>%s' .
				      '</code></td><td><code class="cmd">%s' .
				      '</code></td></tr>', $n,
				      esc($c->{stage}), esc($c->{name}),
				      esc($d->{failure_type}->($f)),
				      esc($f->{message}),
				      esc(tree_path($f->{where})),
				      defined $f->{schedule} ?
				      esc("\"$f->{schedule}\"") : '',
				      defined $f->{schedule} ?
				      esc($d->{replay}->($f)) : '');
			$b =~ s{<code class="cmd"></code>}{};
		}
		$b .= '</tbody></table>';
	}

	my @known = @{$d->{known} // []};
	if (@known) {
		$b .= '<h2>Known kernel findings</h2><p>Found by the fuzzer, ' .
		      'and found without the patches too (tests/findings, ' .
		      'docs/kernel-findings.md): reported, not failed.</p>' .
		      '<table class="grid"><tbody>';
		my $n = @failures;
		for (@known) {
			my ($c, $f) = @$_;
			$n++;
			failure_page($o, $d, $n, $c, $f);
			$b .= sprintf('<tr><td><a href="failure-%d.html">%s</a>' .
				      '</td><td>%s</td><td>%s</td></tr>', $n,
				      esc($c->{name}), esc($f->{kind}),
				      esc($f->{message}));
		}
		$b .= '</tbody></table>';
	}

	$b .= '<h2>Coverage</h2>';
	if ($has_cov) {
		my %t = %{$d->{tot}};
		$b .= '<table class="grid"><thead><tr><th>file</th>' .
		      '<th colspan="2">lines</th><th colspan="2">branches' .
		      '</th></tr></thead><tbody>';
		for my $f (sort keys %{$d->{cov}}) {
			my $c = $d->{cov}{$f};
			$b .= sprintf('<tr><td><code>%s</code></td><td>%s</td>' .
				      '<td class="num">%s (%d/%d)</td><td>%s' .
				      '</td><td class="num">%s (%d/%d)</td></tr>',
				      esc($f), bar($c->{lh}, $c->{lf}),
				      pct($c->{lh}, $c->{lf}), $c->{lh},
				      $c->{lf}, bar($c->{bh}, $c->{bf}),
				      pct($c->{bh}, $c->{bf}), $c->{bh},
				      $c->{bf});
		}
		$b .= sprintf('<tr class="total"><td>all</td><td>%s</td>' .
			      '<td class="num">%s (%d/%d)</td><td>%s</td>' .
			      '<td class="num">%s (%d/%d)</td></tr>',
			      bar($t{lh}, $t{lf}), pct($t{lh}, $t{lf}),
			      $t{lh}, $t{lf}, bar($t{bh}, $t{bf}),
			      pct($t{bh}, $t{bf}), $t{bh}, $t{bf});
		$b .= '</tbody></table><p><a href="coverage/index.html">The ' .
		      'line by line report (lcov)</a></p>';
	} else {
		$b .= '<p>No coverage: nothing ran.</p>';
	}
	if ($d->{patch_line}) {
		$b .= '<h3>The lines the patches add</h3><p>' .
		      esc($d->{patch_line}) . '</p>';
		my @missed = @{$d->{missed}};
		if (@missed) {
			$b .= '<p>Added lines nothing executed:</p><table ' .
			      'class="grid code"><tbody>';
			$b .= sprintf('<tr><td><code>%s:%d</code></td><td>' .
				      '<pre>%s</pre></td></tr>', esc($_->{file}),
				      $_->{line}, esc($_->{text}))
				for @missed;
			$b .= '</tbody></table>';
		}
	}
	page("$dir/index.html", $d->{head}, $b);
}

1;
