#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Set up, build and run the main job: explore every bundled example program
# and every scenario in tests/scenarios (bounds 0..2), then the conformance
# suite on each vfio core this build has (the kernel tree's: linux; ours:
# model and its rfc-2021 variant) and the kernel findings, checking each
# ends as it should, and presubmit on the model and the default kernel
# tree; print a summary.
#   scripts/run.sh                 the main job
#   scripts/run.sh ARGS...         run vfio-sim ARGS instead
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" >/dev/null
sim=build/release/vfio-sim
if [ $# -gt 0 ]; then
	exec "$sim" "$@"
fi

status=0
"$sim" examples || status=1
echo
passed=0 failed=0
scenarios=(tests/scenarios/*.sim)
if "$sim" targets | grep -q '^linux '; then
	scenarios+=(tests/scenarios/linux/*.sim)
else
	echo "(no kernel tree: the linux target's scenarios are skipped)"
fi
# each explored completely (DPOR, the default for scenario files)
for f in "${scenarios[@]}"; do
	if "$sim" explore "$f" --check-expect --quiet; then
		passed=$((passed + 1))
	else
		echo "  ^ $f did not behave as its header says"
		failed=$((failed + 1))
		status=1
	fi
done
echo "scenarios: $passed passed, $failed failed"

# The conformance suite on every vfio core this build has (bound 0 for
# single-thread files, 2 for races; the rfc-2021 variant judged by its
# expectations file; files written for other kernel versions skipped), and
# the kernel findings on every linux target (fail-nth sweeps).
targets=$("$sim" targets | awk '/^[a-z]/ && $1 != "simdev" { print $1 }')
for t in $targets; do
	passed=0 failed=0 skipped=0
	for f in tests/conformance/single/*.sim tests/conformance/races/*.sim; do
		bound=0
		[[ $f == */races/* ]] && bound=2
		rc=0 out=
		if [ "$t" = rfc-2021 ]; then
			[ -f tests/conformance/rfc-2021.expect ] || continue
			out=$(tests/conformance/expect-run.sh "$sim" "$t" \
				tests/conformance/rfc-2021.expect "$f" \
				"$bound") || rc=$?
		else
			out=$("$sim" explore "$f" --target "$t" \
				--bound "$bound" --check-expect --quiet) || rc=$?
		fi
		if [ $rc -ne 0 ]; then
			echo "  conformance on $t: $f FAILED (vfio-sim explore $f" \
			     "--target $t --bound $bound)"
			failed=$((failed + 1))
			status=1
		elif [[ $out == *": skipped: "* ]]; then
			skipped=$((skipped + 1))
		else
			passed=$((passed + 1))
		fi
	done
	echo "conformance on $t: $passed passed, $failed failed," \
	     "$skipped skipped (written for other kernel versions)"
done
for t in $targets; do
	[[ $t == linux* ]] || continue
	for f in tests/findings/linux-*.sim; do
		if tests/findings/check-finding.sh "$sim" "$f" "$t" > /dev/null
		then
			echo "kernel finding reproduced on $t: $f" \
			     "(docs/kernel-findings.md)"
		else
			echo "kernel finding NOT reproduced on $t: $f"
			status=1
		fi
	done
done

# presubmit on the default targets, unpatched (docs/presubmit.md): the
# model, then the default kernel tree; RUN_PRESUBMIT=0 skips it (the
# first run builds four more trees: ASan + gcov and clang's fuzzer, each
# target).
if [ "${RUN_PRESUBMIT:-1}" != 0 ]; then
	echo
	"$sim" presubmit || status=1
	tree=/usr/src/linux-source-6.12.tar.xz
	if grep -qx linux <<< "$targets" && [ -f "$tree" ]; then
		"$sim" presubmit --kernel "$tree" || status=1
	fi
fi
exit $status
