#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Fetch Debian's linux-source-VERSION (a kernel source tarball) without
# touching the system's apt configuration: a private apt state (its own
# sources list naming sid and trixie-backports on the mirror the machine's
# apt sources already use, its own lists and cache) under CACHE, then
# `apt-get download` and `dpkg-deb -x`.  The tarball is kept in CACHE and
# its path printed; a second call finds it there and fetches nothing.
# An installed /usr/src/linux-source-VERSION.tar.xz is used as it is.
#
#   scripts/kernel-fetch.sh VERSION [CACHE]
# CACHE: $VFIO_SIM_KERNEL_CACHE, else build/kernels of this source tree
# (of ${XDG_CACHE_HOME:-~/.cache}/vfio-sim when installed: paths.sh).
#
# VERSION is MAJOR.MINOR ("7.3").  Exit status 2 with one line when the
# version is malformed, the archive has no such package or the download
# fails; nothing half-written is left in CACHE.
set -euo pipefail

die() {
	echo "vfio-sim: $*" >&2
	exit 2
}

[ $# -ge 1 ] && [ $# -le 2 ] ||
	die "usage: scripts/kernel-fetch.sh VERSION [CACHE]"
version=$1
[[ $version =~ ^[0-9]+\.[0-9]+$ ]] ||
	die "kernel version '$version': expected MAJOR.MINOR, e.g. 7.3"
src=$(cd "$(dirname "$0")/.." && pwd)
# build/kernels of a checkout, the user's cache when installed
. "$src/scripts/paths.sh"
cache=${2:-${VFIO_SIM_KERNEL_CACHE:-$vfio_sim_cache/kernels}}
pkg=linux-source-$version
tarball=$cache/$pkg.tar.xz

if [ -f "/usr/src/$pkg.tar.xz" ]; then
	echo "/usr/src/$pkg.tar.xz"
	exit 0
fi
if [ -f "$tarball" ]; then
	echo "$tarball"
	exit 0
fi
for tool in apt-get dpkg-deb; do
	command -v "$tool" >/dev/null ||
		die "fetching $pkg needs $tool (a Debian system)"
done

# The Debian mirror the machine already uses (deb822 or one-line sources),
# else Debian's redirector.
mirror() {
	local f uri
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		 /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		uri=$(sed -n -e 's/^URIs: *\(http[^ ]*\/debian\)\/\{0,1\} *$/\1/p' \
			     -e 's/^deb \(\[[^]]*\] \)\{0,1\}\(http[^ ]*\/debian\)\/\{0,1\} .*/\2/p' \
			     "$f" | head -n 1)
		if [ -n "$uri" ]; then
			echo "$uri"
			return
		fi
	done
	echo http://deb.debian.org/debian
}

keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$keyring" ] || die "fetching $pkg needs $keyring (debian-archive-keyring)"
mkdir -p "$cache"
state=$cache/apt
mkdir -p "$state/lists/partial" "$state/archives/partial"
uri=$(mirror)
printf 'deb [signed-by=%s] %s %s main\n' \
	"$keyring" "$uri" sid "$keyring" "$uri" trixie-backports \
	> "$state/sources.list"
apt=(-o Dir::Etc::SourceList="$state/sources.list"
     -o Dir::Etc::SourceParts=/dev/null
     -o Dir::State::Lists="$state/lists"
     -o Dir::Cache="$state" -o Dir::Cache::archives="$state/archives"
     -o Dir::State::status=/dev/null
     -o Debug::NoLocking=1 -o APT::Sandbox::User="$(id -un)")

scratch=$(mktemp -d "$cache/.fetch.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
log=$scratch/apt.log

# the package lists, refreshed when older than a day
if [ -z "$(find "$state/lists" -maxdepth 1 -name '*_Packages*' -mmin -1440 \
	   2>/dev/null | head -n 1)" ]; then
	echo "vfio-sim: reading the package lists of $uri (sid," \
	     "trixie-backports) for $pkg" >&2
	apt-get "${apt[@]}" -q update > "$log" 2>&1 ||
		die "apt-get update of $uri failed: $(tail -n 1 "$log")"
fi
(cd "$scratch" && apt-get "${apt[@]}" -q download "$pkg") > "$log" 2>&1 ||
	die "$pkg: not in Debian's sid or trixie-backports at $uri" \
	    "($(grep -m1 '^E:' "$log" || tail -n 1 "$log"))"
deb=$(ls "$scratch"/"$pkg"_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || die "$pkg: apt-get download wrote no package"
dpkg-deb -x "$deb" "$scratch/root" ||
	die "$pkg: cannot unpack $(basename "$deb")"
[ -f "$scratch/root/usr/src/$pkg.tar.xz" ] ||
	die "$pkg: $(basename "$deb") holds no /usr/src/$pkg.tar.xz"
mv "$scratch/root/usr/src/$pkg.tar.xz" "$tarball.tmp"
mv "$tarball.tmp" "$tarball"
echo "vfio-sim: $pkg ($(basename "$deb" .deb | cut -d_ -f2)) in $tarball" >&2
echo "$tarball"
