#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# self-test.sh - check-layers.pl on small fake trees, check-links.sh on
# small fake libraries.
#
# Builds a fake tree with a few files per layer of layers.conf in a
# temporary directory, then checks that the clean tree passes and that
# each kind of fault is reported as it should be.  Prints one line per
# case, the output of any case that failed, and "N passed, N failed".
# Needs bash and perl; git only for the git case, cc and ar only for the
# links cases (each skipped without them).

set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
check=$here/check-layers.pl

tmp=$(mktemp -d "${TMPDIR:-/tmp}/layering-self-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
out=$tmp/out
rc=0

# put FILE [LINE...]: write a file of the tree, one argument a line.
put()
{
	mkdir -p "$(dirname "$1")"
	local file=$1
	shift
	printf '%s\n' "$@" >"$file"
}

# The clean tree: every layer of layers.conf, laid out as the repository
# is to be, with every allowed arrow and the include forms the check must
# read (spaces, "# include", trailing comments, include_next).
make_tree()
{
	local t=$1

	put "$t/sim/include/sim/sched.h" '/* SPDX-License-Identifier: GPL-2.0-only */' \
		'#include <stdbool.h>'
	put "$t/sim/include/sim/explore.h" '#include "sim/sched.h"'
	put "$t/sim/src/engine.h" '#include "sim/sched.h"'
	put "$t/sim/src/sched.c" '#include <stdio.h>' '#include "engine.h"' \
		'#include "sim/explore.h"'
	put "$t/sim/src/coro_x86_64.S" '#include "engine.h"'

	put "$t/shims/include/linux/mutex.h" '#include "sim/sched.h"'
	put "$t/shims/include/linux/types.h" '#include_next <linux/types.h>'
	put "$t/shims/include/asm/barrier.h" '#include <linux/types.h>'
	put "$t/shims/include/shims/vfs.h" '#include <linux/mutex.h>'
	put "$t/shims/src/vfs.c" \
		'/* SPDX-License-Identifier: GPL-2.0-only */' \
		'#include <linux/mutex.h>' \
		'  #  include "shims/vfs.h"	/* the simulator side */' \
		'#include <asm/barrier.h> // a trailing comment' \
		'/*' \
		'#include "world/world.h"' \
		' */' \
		'static const char *s = "/*";' \
		'#include "sim/sched.h"'

	put "$t/mocks/include/mocks/iommu.h" '#include <linux/types.h>'
	put "$t/mocks/iommu.c" '#include "mocks/iommu.h"' '#include "sim/sched.h"'

	put "$t/vfio-core/vfio.h" '#include <linux/vfio.h>'
	put "$t/vfio-core/include/linux/vfio.h" '#include <uapi/linux/vfio.h>'
	put "$t/vfio-core/include/uapi/linux/vfio.h" '#include <linux/types.h>'
	put "$t/vfio-core/vfio_main.c" '#include <linux/mutex.h>' \
		'#include <linux/vfio.h>' '#include "vfio.h"'

	put "$t/targets/include/targets/target.h" '#include "sim/explore.h"'
	put "$t/targets/vfio/adapter.c" \
		'#include "mocks/iommu.h"' \
		'#include "targets/target.h"' \
		'#include "vfio.h"	/* the core'"'"'s drivers/vfio/vfio.h */'

	put "$t/world/include/world/world.h" '#include "shims/vfs.h"'
	put "$t/world/include/world/scenario.h" '#include "targets/target.h"'
	put "$t/world/proc/proc.c" '#include "world/world.h"' \
		'#include "world/scenario.h"'

	put "$t/frontends/fuzz/fuzz.h" '#include "world/scenario.h"'
	put "$t/frontends/fuzz/run.c" '#include "fuzz/fuzz.h"' \
		'#include "mocks/iommu.h"'
	put "$t/frontends/cli/main.c" '#include "fuzz/fuzz.h"' \
		'#include "world/world.h"'

	put "$t/tests/include/sim_test.h" '#include "sim/sched.h"'
	put "$t/tests/sim/test_all.c" '#include "sim_test.h"' \
		'#include "vfio.h"' '#include "../../vfio-core/vfio_main.c"' \
		'#include "fuzz/fuzz.h"' '#include <linux/vfio.h>'

	# Not checked: build/ and the folders that hold no C.
	put "$t/build/gen/bad.c" '#include "world/world.h"'
	put "$t/docs/layers.md" '#include "world/world.h"'
}

# run TREE CONF [ARG...]: run the check; its output in $out, status in $rc.
run()
{
	local tree=$1 conf=$2
	shift 2
	perl "$check" --root "$tree" --conf "$conf" "$@" >"$out" 2>&1
	rc=$?
}

# result CASE DESCRIPTION CONDITION...: one case's verdict.
result()
{
	local name=$1 desc=$2
	shift 2
	if "$@"; then
		echo "ok - case $name: $desc"
		passed=$((passed + 1))
	else
		echo "FAIL - case $name: $desc (exit $rc)"
		sed 's/^/    | /' "$out"
		failed=$((failed + 1))
	fi
}

# has TEXT: the last run printed this exact line.
has() { grep -qxF -- "$1" "$out"; }
# one_line: the last run printed exactly one line.
one_line() { [ "$(wc -l <"$out")" -eq 1 ]; }

conf=$tmp/layers.conf
cp "$here/layers.conf" "$conf"
clean=$tmp/clean
make_tree "$clean"

# A fresh copy of the clean tree for a case.
copy() { rm -rf "$tmp/$1"; cp -a "$clean" "$tmp/$1"; echo "$tmp/$1"; }

# (1) The clean tree passes, with every file and in-tree include counted.
run "$clean" "$conf"
result 1 "a clean tree passes" \
	eval '[ $rc -eq 0 ] && one_line &&
	      has "layering: 26 files, 40 includes, every arrow points down"'

# (2) A shims file includes the world's header: reported at its line.
t=$(copy c2)
echo '#include "world/world.h"' >>"$t/shims/src/vfs.c"
line=$(wc -l <"$t/shims/src/vfs.c")
run "$t" "$conf"
result 2 "shims including \"world/world.h\" fails at its line" \
	eval '[ $rc -eq 1 ] &&
	      has "shims/src/vfs.c:$line: error: includes \"world/world.h\" (layer world, world/include/world/world.h) from layer shims, which may include only: shims, engine" &&
	      [ "$(grep -c ": error: " "$out")" -eq 1 ]'

# (3) "vfio.h" from targets resolves to the core (through the targets'
# quote dir): passes as in (1), and fails once targets may not include
# the core, which shows it was resolved rather than taken as a system
# header.  From mocks (no quote dir) it still names the core's header.
sed 's/^allow   = targets, core, /allow   = targets, /' "$conf" >"$tmp/nocore.conf"
run "$clean" "$tmp/nocore.conf"
result 3a "targets' \"vfio.h\" resolves to vfio-core/vfio.h" \
	eval '[ $rc -eq 1 ] &&
	      has "targets/vfio/adapter.c:3: error: includes \"vfio.h\" (layer core, vfio-core/vfio.h) from layer targets, which may include only: targets, mocks, shims, engine"'
t=$(copy c3)
put "$t/mocks/iommufd/iommufd.c" '#include "mocks/iommu.h"' '#include "vfio.h"'
run "$t" "$conf"
result 3b "mocks including \"vfio.h\" fails" \
	eval '[ $rc -eq 1 ] &&
	      has "mocks/iommufd/iommufd.c:2: error: includes \"vfio.h\" (layer core, vfio-core/vfio.h) from layer mocks, which may include only: mocks, shims, engine"'

# (4) C in a top-level folder that is no layer's.
t=$(copy c4)
put "$t/stray/extra.c" '#include "sim/sched.h"'
put "$t/stray/extra.h" ''
run "$t" "$conf"
result 4 "a file in an unknown top-level folder fails" \
	eval '[ $rc -eq 1 ] &&
	      has "stray/extra.c: not in any layer (layers.conf)" &&
	      has "stray/extra.h: not in any layer (layers.conf)"'

# (5) A malformed configuration, or bad usage: exit 2, one line, and the
# configuration's file:line where there is one.
bad=$tmp/bad.conf
awk 'NR == 3 { print "this is no setting" } { print }' "$conf" >"$bad"
run "$clean" "$bad"
result 5a "a line that is no setting exits 2 naming file:line" \
	eval '[ $rc -eq 2 ] && one_line && grep -qF "$bad:3: " "$out"'

sed 's/^allow   = shims, engine$/allow   = shims, engine, nowhere/' "$conf" >"$bad"
line=$(grep -n 'nowhere' "$bad" | cut -d: -f1)
run "$clean" "$bad"
result 5b "an unknown layer in allow exits 2" \
	eval '[ $rc -eq 2 ] && one_line &&
	      grep -qF "$bad:$line: " "$out" && grep -q nowhere "$out"'

sed 's/^allow   = engine$/allow   = engine, world/' "$conf" >"$bad"
line=$(grep -n '^allow   = engine, world$' "$bad" | cut -d: -f1)
run "$clean" "$bad"
result 5c "an arrow pointing up exits 2" \
	eval '[ $rc -eq 2 ] && one_line && grep -qF "$bad:$line: " "$out"'

sed "0,/^quote /s//qoute /" "$conf" >"$bad"
line=$(grep -n '^qoute' "$bad" | cut -d: -f1)
run "$clean" "$bad"
result 5d "an unknown key exits 2" \
	eval '[ -n "$line" ] && [ $rc -eq 2 ] && one_line &&
	      grep -qF "$bad:$line: " "$out"'

printf '[engine]\nfolders = sim\nallow = engine\n[engine]\n' >"$bad"
run "$clean" "$bad"
result 5e "a layer defined twice exits 2" \
	eval '[ $rc -eq 2 ] && one_line && grep -qF "$bad:4: " "$out"'

run "$clean" "$tmp/no-such.conf"
result 5f "a missing configuration exits 2" \
	eval '[ $rc -eq 2 ] && one_line'

run "$clean" "$conf" --frobnicate
result 5g "an unknown option exits 2" \
	eval '[ $rc -eq 2 ] && one_line'

mkdir -p "$tmp/empty/docs"
run "$tmp/empty" "$conf"
result 5h "a root without C exits 2" \
	eval '[ $rc -eq 2 ] && one_line'

# (6) Every error listed, sorted by path then line, the same each run.
t=$(copy c6)
put "$t/sim/src/up.c" '#include "world/world.h"' '#include <linux/mutex.h>' \
	'#include "targets/target.h"'
put "$t/mocks/a.c" '#include "world/world.h"'
put "$t/vfio-core/direct.c" '#include "sim/sched.h"'
put "$t/aaa/x.c" ''
run "$t" "$conf"
cp "$out" "$tmp/first"
run "$t" "$conf"
result 6 "all errors listed, sorted and repeatable" \
	eval '[ $rc -eq 1 ] && cmp -s "$out" "$tmp/first" &&
	      [ "$(grep -c "error: \|not in any layer" "$out")" -eq 6 ] &&
	      grep -v "^layering: " "$out" | sort -t: -k1,1 -k2,2n -c &&
	      has "vfio-core/direct.c:1: error: includes \"sim/sched.h\" (layer engine, sim/include/sim/sched.h) from layer core, which may include only: core, shims"'

# (7) In a git work tree: untracked-but-ignored files are not checked,
# other untracked ones are, and a file the index has but the work tree
# lost is no error.
if command -v git >/dev/null; then
	t=$(copy c7)
	git -C "$t" init -q
	put "$t/.gitignore" '/generated/'
	put "$t/generated/bad.c" '#include "world/world.h"'
	git -C "$t" add -A
	rm "$t/sim/src/coro_x86_64.S"
	put "$t/shims/src/new.c" '#include "world/world.h"'
	run "$t" "$conf"
	result 7 "a git tree: ignored files skipped, untracked ones checked" \
		eval '[ $rc -eq 1 ] &&
		      [ "$(grep -c ": error: \|not in any layer" "$out")" -eq 1 ] &&
		      grep -q "^shims/src/new.c:1: error: " "$out"'
else
	echo "skip - case 7: no git"
fi

# (8) check-links.sh on made-up libraries: a shims library that calls a
# function only the world defines points up; the world calling the shims
# does not.
links=$here/check-links.sh
if command -v cc >/dev/null && command -v ar >/dev/null; then
	b=$tmp/links
	mkdir -p "$b"
	printf 'int world_thing(void) { return 1; }\n' >"$b/world.c"
	printf 'int shim_thing(void) { return 2; }\n' >"$b/shim.c"
	printf 'int world_thing(void);\nint up(void) { return world_thing(); }\n' \
		>"$b/up.c"
	printf 'int shim_thing(void);\nint down(void) { return shim_thing(); }\n' \
		>"$b/down.c"
	for f in world shim up down; do
		cc -c -o "$b/$f.o" "$b/$f.c" || exit 1
	done
	ar rcs "$b/libvfiosim_shims.a" "$b/shim.o"
	ar rcs "$b/libvfiosim_world.a" "$b/world.o" "$b/down.o"
	rc=0
	"$links" "$b" >"$out" 2>&1 || rc=$?
	result 8a "links: the world calling the shims is fine" \
		eval '[ $rc -eq 0 ]'
	ar rcs "$b/libvfiosim_shims.a" "$b/up.o"
	rc=0
	"$links" "$b" >"$out" 2>&1 || rc=$?
	result 8b "links: the shims calling the world points up" \
		eval '[ $rc -eq 1 ] &&
		      has "libvfiosim_shims.a: needs world_thing, defined only in layer world (this is shims)"'
	rc=0
	"$links" "$tmp/nonexistent" >"$out" 2>&1 || rc=$?
	result 8c "links: a missing build directory exits 2" \
		eval '[ $rc -eq 2 ]'
else
	echo "skip - case 8: no cc or ar"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
