#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# An installed vfio-sim runs presubmit without a source checkout
# (docs/install.md): the sources are copied to a scratch directory, built
# (the vfio-sim program only) and installed from the copy into a scratch
# prefix, packaged with cpack -G DEB, and the copy and its build are
# deleted.  From another directory, with a scratch HOME, the installed
# vfio-sim then judges the model: unpatched (exit 0) and with a mutant of
# the bug zoo (exit 1, and the replay command of its failure reproduces
# it from anywhere).  Its cores are built in $HOME/.cache/vfio-sim (then
# in $XDG_CACHE_HOME/vfio-sim), nothing is written under the prefix, and
# no path of the deleted copy or of this source tree is needed.
#
#   tests/install/install-test.sh
set -euo pipefail

src=$(cd "$(dirname "$0")/../.." && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
failures=0
fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}
# the mutant judged: m01 (conformance finds P4 violated)
mutant=$src/tests/mutants/m01-group-open-ignores-cdev.patch
cp "$mutant" "$t/mutant.patch"

# --- a copy of the sources, built and installed ------------------------------

mkdir "$t/src"
(cd "$src" && tar -cf - --exclude=./build --exclude=./.git .) |
	(cd "$t/src" && tar -xf -)
prefix=$t/prefix
# only the program: presubmit builds its own cores
cmake -S "$t/src" -B "$t/build" -DCMAKE_BUILD_TYPE=Release \
	-DVFIO_SIM_TESTS=OFF -DKERNEL_SRC_EXTRA= \
	-DCMAKE_INSTALL_PREFIX="$prefix" >"$t/build.log" 2>&1 &&
	cmake --build "$t/build" --target vfio-sim -j2 >>"$t/build.log" 2>&1 &&
	cmake --install "$t/build" >>"$t/build.log" 2>&1 || {
		tail -n 30 "$t/build.log" >&2
		echo "FAIL: building and installing the copy failed" >&2
		exit 1
	}

# the Debian package of the same build: its metadata and its files
if command -v cpack >/dev/null && command -v dpkg-deb >/dev/null; then
	(cd "$t/build" && cpack -G DEB) >"$t/cpack.log" 2>&1 ||
		fail "cpack -G DEB: $(tail -n 3 "$t/cpack.log")"
	deb=$(ls "$t"/build/vfio-sim_*_amd64.deb 2>/dev/null | head -n 1)
	if [ -z "$deb" ]; then
		fail "cpack -G DEB wrote no vfio-sim_*_amd64.deb"
	else
		depends=$(dpkg-deb -f "$deb" Depends)
		for p in cmake gcc make perl patch lcov xz-utils git clang \
			 util-linux; do
			[[ ", $depends," == *", $p"[\ ,]* ]] ||
				fail "the package does not depend on $p ($depends)"
		done
		dpkg-deb -c "$deb" >"$t/deb.list"
		for f in ./usr/bin/vfio-sim ./usr/share/vfio-sim/INSTALLED \
			 ./usr/share/vfio-sim/CMakeLists.txt \
			 ./usr/share/vfio-sim/scripts/presubmit.sh \
			 ./usr/share/vfio-sim/scripts/presubmit/presubmit.css \
			 ./usr/share/vfio-sim/vfio-core/vfio_main.c \
			 ./usr/share/vfio-sim/tests/conformance/races/bind-twice.sim; do
			grep -q " $f\$" "$t/deb.list" ||
				fail "the package has no $f"
		done
		grep -q '^-rwxr-xr-x .* ./usr/share/vfio-sim/scripts/presubmit.sh$' \
			"$t/deb.list" ||
			fail "presubmit.sh is not executable in the package"
	fi
else
	echo "(no cpack or dpkg-deb: the package is not checked)"
fi
rm -rf "$t/src" "$t/build"

# --- the installed program, from elsewhere, the copy gone ----------------------

snapshot() {
	(cd "$prefix" && find . -printf '%p %s %m %T@\n' | LC_ALL=C sort)
}
snapshot >"$t/prefix.before"
mkdir -p "$t/home" "$t/cwd"
cd "$t/cwd"
run() {
	env -u VFIO_SIM_SOURCE_DIR -u XDG_CACHE_HOME -u VFIO_SIM_PRESUBMIT_BUILD \
		HOME="$t/home" "$@"
}
rc=0
run "$prefix/bin/vfio-sim" presubmit --only conformance --fuzz-seconds 0 \
	--junit "$t/clean.xml" >"$t/clean.out" 2>"$t/clean.err" || rc=$?
[ "$rc" -eq 0 ] || {
	fail "presubmit of the model from the installation: exit $rc"
	tail -n 20 "$t/clean.err" "$t/clean.out" >&2
}
grep -q '^ok [0-9]* conformance$' "$t/clean.out" ||
	fail "the clean run's KTAP has no passed conformance stage"
grep -q '<testcase classname="presubmit.conformance" name="cdev-bind"' \
	"$t/clean.xml" || fail "the clean run's JUnit has no conformance case"
[ -x "$t/home/.cache/vfio-sim/presubmit-model/vfio-sim" ] ||
	fail "the core was not built in \$HOME/.cache/vfio-sim/presubmit-model"
grep -qx "CMAKE_HOME_DIRECTORY:INTERNAL=$prefix/share/vfio-sim" \
	"$t/home/.cache/vfio-sim/presubmit-model/CMakeCache.txt" ||
	fail "the core was not built from $prefix/share/vfio-sim"

# a mutant: caught, in XDG_CACHE_HOME this time; its replay command, run
# from another directory, reproduces the failure
rc=0
run XDG_CACHE_HOME="$t/xdg" "$prefix/bin/vfio-sim" presubmit \
	--only conformance --fuzz-seconds 0 --patch "$t/mutant.patch" \
	>"$t/mutant.out" 2>"$t/mutant.err" || rc=$?
[ "$rc" -eq 1 ] || {
	fail "presubmit of the mutant from the installation: exit $rc, expected 1"
	tail -n 20 "$t/mutant.err" "$t/mutant.out" >&2
}
grep -q '# assertion: P4 violated' "$t/mutant.out" ||
	fail "the mutant's KTAP does not name P4"
replay=$(sed -n 's/^ *# replay: //p' "$t/mutant.out" | head -n 1)
case $replay in
"$t/xdg/vfio-sim/presubmit-model/vfio-sim replay $prefix/share/vfio-sim/tests/"*)
	rc=0
	(cd / && run bash -c "$replay") >"$t/replay.out" 2>&1 || rc=$?
	[ "$rc" -eq 1 ] && grep -q 'P4 violated' "$t/replay.out" ||
		fail "the replay command did not reproduce P4 (exit $rc): $replay"
	;;
*)
	fail "the replay command is not the cache's vfio-sim on the installed scenario: $replay"
	;;
esac

# nothing written under the prefix, nothing of the copy needed
snapshot >"$t/prefix.after"
cmp -s "$t/prefix.before" "$t/prefix.after" ||
	fail "presubmit wrote under the prefix: $(diff "$t/prefix.before" \
		"$t/prefix.after" | head -n 5)"
if grep -rqs -- "$src" "$t/clean.out" "$t/mutant.out" "$t/clean.xml"; then
	fail "the reports name the source tree $src"
fi
if [ "$failures" -gt 0 ]; then
	echo "$failures check(s) failed" >&2
	exit 1
fi
echo passed
