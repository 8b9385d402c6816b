#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A patch to the Debian 6.12 tree (made here with sed from the build's
# extracted copy, never committed) that drops a lock/unlock pair the race
# detector alone can see missing: vfio_device_group_get_kvm_safe() reads
# group->kvm without kvm_ref_lock, the lock vfio_group_set_kvm() writes it
# under.  Nothing in the window asserts a lock or is a scheduling point.
# presubmit must exit 1 with a data-race on the KVM race file, in KTAP,
# JUnit and HTML (both accesses on the swimlanes), with a replay command
# that shows the KCSAN-shaped report.
#   tests/presubmit/race-patch-test.sh VFIO_SIM
. "$(dirname "$0")/lib.sh"
need_tarball
extracted_tree || {
	echo "SKIP: $kdir is not the extracted $tarball"
	exit 77
}

# the lock/unlock pair, exactly
sed_patch "$t/racy.patch" group.c 2 \
	"vfio/group: read the group KVM without kvm_ref_lock" \
	-e '/^	spin_lock(&device->group->kvm_ref_lock);$/d' \
	-e '/^	spin_unlock(&device->group->kvm_ref_lock);$/d'

rc=0
"$sim" presubmit --kernel "$tarball" --patch "$t/racy.patch" \
	--only races --junit "$t/junit.xml" --html "$t/html" \
	>"$t/out" 2>"$t/err" || rc=$?
[ "$rc" -eq 1 ] || { fail "exit $rc, expected 1"; cat "$t/err" "$t/out" >&2; }

race=tests/conformance/races/kvm-add-vs-group-open.sim
grep -q '^    not ok [0-9]* kvm-add-vs-group-open$' "$t/out" ||
	fail "KTAP: kvm-add-vs-group-open not failed"
replay=$(sed -n "s|^    # replay: \(.* replay $race .*\)|\1|p" "$t/out" | head -n 1)
[ -n "$replay" ] || fail "KTAP: no replay command for $race"
if [ -n "$replay" ]; then
	rc=0
	eval "$replay" >"$t/replay" 2>&1 || rc=$?
	[ "$rc" -eq 1 ] || fail "\"$replay\": exit $rc, expected 1"
	grep -q '^BUG: KCSAN: data-race in vfio_device_group_get_kvm_safe / vfio_group_set_kvm$' \
		"$t/replay" || {
		fail "the replay has no KCSAN report naming both functions"
		sed 's/^/  | /' "$t/replay" | tail -n 40 >&2
	}
	grep -q '^read to 0x[0-9a-f]* of 8 bytes by task' "$t/replay" &&
	grep -q '^write to 0x[0-9a-f]* of 8 bytes by task' "$t/replay" ||
		fail "the replay does not show both accesses"
fi

expect_xml "$t/junit.xml"
junit=$(tr '\n' ' ' <"$t/junit.xml")
echo "$junit" | grep -q 'name="kvm-add-vs-group-open" [^>]*> *<failure type="data-race" message="data-race in vfio_device_group_get_kvm_safe / vfio_group_set_kvm' ||
	fail "JUnit: kvm-add-vs-group-open is not a data-race failure"

page=$(grep -l "kvm-add-vs-group-open.sim" "$t/html"/failure-*.html | head -n 1)
if [ -z "$page" ]; then
	fail "HTML: no failure page for kvm-add-vs-group-open"
else
	[ "$(grep -o '<td class="op race">' "$page" | wc -l)" -eq 2 ] ||
		fail "HTML: the two racing accesses are not on the swimlanes"
fi

expect_clean_tmp "a failing presubmit"
finish
