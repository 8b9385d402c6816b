#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Install what vfio-sim needs to build and test, from Debian packages.
# Idempotent: installs only what is missing; needs root (or sudo) only then.
set -euo pipefail

packages=(
	build-essential	# gcc, make
	cmake
	pkg-config
	clang		# the fuzz preset
	libclang-rt-14-dev	# libFuzzer and sanitizer runtimes for clang
	libcmocka-dev
	lcov		# coverage reports (lcov, genhtml)
	libxml2-utils	# xmllint: the presubmit tests check their reports
	git
	parallel	# GNU parallel: shards of one exploration (shard-explore.sh)
	xz-utils	# to read the kernel source tarball
	perl		# presubmit's and mutate's reports, mutate's generator
	patch		# presubmit and mutate apply patches to scratch copies
	linux-source-6.12	# the default kernel tree of the linux target
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'install ok installed' || missing+=("$p")
done

fetch_kernels() {
	# the newer kernel tree the suite also runs on (cached in build/)
	"$(dirname "$0")/kernel-fetch.sh" 7.3 > /dev/null ||
		echo "vfio-sim setup: linux-source-7.3 not fetched: the" \
		     "linux-7.3 target will be missing" >&2
}

if [ ${#missing[@]} -eq 0 ]; then
	fetch_kernels
	exit 0
fi

echo "vfio-sim setup: installing ${missing[*]}"
sudo=
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || {
		echo "vfio-sim setup: need root to install ${missing[*]}" >&2
		exit 2
	}
	sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fetch_kernels
