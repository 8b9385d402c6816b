#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# explore --json: the bundled AB-BA example's lockdep failure, replayed,
# with each step's thread and the locks every thread holds, and the
# failure's own record; the text output is the one without --json.
#   tests/presubmit/json-test.sh VFIO_SIM
. "$(dirname "$0")/lib.sh"

rc=0
"$sim" explore --example abba --bound 2 --json "$t/abba.json" \
	>"$t/with" 2>&1 || rc=$?
[ "$rc" -eq 1 ] || fail "explore --example abba --json: exit $rc, expected 1"
"$sim" explore --example abba --bound 2 >"$t/without" 2>&1 || true
# the same but the time the exploration took
sed -i 's/ [0-9.]* s, bound/ T s, bound/' "$t/with" "$t/without"
cmp -s "$t/with" "$t/without" || fail "--json changed the text output"

perl -MJSON::PP -e '
	my $d = decode_json(do { local $/; <STDIN> });
	sub bad { print "$_[0]\n"; exit 1 }
	$d->{vfio_sim_json} == 1 or bad("no version");
	$d->{ok} and bad("ok is true for a failing exploration");
	my $f = $d->{failures}[0] or bad("no failure");
	$f->{kind} eq "lockdep" or bad("kind $f->{kind}");
	$f->{message} =~ /circular locking dependency/ or bad("message");
	$f->{where} =~ m{^targets/examples/abba\.c:\d+ } or bad("where $f->{where}");
	$f->{replay} eq "vfio-sim replay --example abba \"$f->{schedule}\"" or
		bad("replay $f->{replay}");
	$f->{replayed} or bad("not replayed");
	$f->{text} =~ /^ +1 .*\n=+\nvfio-sim: FAIL: lockdep: /s or bad("text report");
	my @s = @{$f->{steps}};
	@s > 4 or bad("steps");
	$s[$_]{step} == $_ + 1 or bad("step numbers") for 0 .. $#s;
	# a thread takes lock_b while holding lock_a
	my ($b) = grep { $_->{op} eq "lock" && $_->{expr} eq "&lock_b" &&
			 @{$_->{locks}} } @s;
	$b or bad("no lock step with a lock held");
	my ($h) = grep { $_->{tid} == $b->{tid} } @{$b->{locks}};
	$h && "@{$h->{held}}" eq "lock_a" or bad("lock_a not held at lock_b");
	$b->{file} eq "targets/examples/abba.c" && $b->{line} > 0 or bad("call site");
	my $x = $f->{fail} or bad("no fail record");
	$x->{after_step} == $s[-1]{step} or bad("fail after_step");
	$x->{tid} >= 0 && $x->{thread} ne "" or bad("fail thread");
	my ($fh) = grep { $_->{tid} == $x->{tid} } @{$x->{locks}};
	$fh && @{$fh->{held}} == 1 or bad("locks held at the failure");
' <"$t/abba.json" >"$t/check" || fail "abba.json: $(cat "$t/check")"

# a passing exploration: ok, no failures
"$sim" explore --example peterson-fixed --bound 1 --json "$t/ok.json" \
	>/dev/null 2>&1 || true
if "$sim" list | grep -q '^peterson-fixed '; then
	perl -MJSON::PP -e '
		my $d = decode_json(do { local $/; <STDIN> });
		exit !($d->{ok} && !@{$d->{failures}});
	' <"$t/ok.json" || fail "ok.json: not ok, or failures"
fi

# a file that cannot be written: exit 2, one line, no file
expect_exit 2 "cannot write $t/no/dir/x.json" \
	"$sim" explore --example abba --json "$t/no/dir/x.json"
[ -z "$(ls "$t/no" 2>/dev/null)" ] || fail "a half-written JSON file"
finish
