# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2154
#
# Sourced by scripts/presubmit.sh, mutate.sh and kernel-fetch.sh, with
# $src the top of the sources they run from: where they keep what they
# build and fetch ($vfio_sim_cache).
#
# A source checkout keeps it in its build/ (build/presubmit-linux,
# build/kernels, ...).  An installed copy (cmake --install, the Debian
# package: share/vfio-sim, which holds the file INSTALLED) is read-only
# and shared: it keeps it in ${XDG_CACHE_HOME:-$HOME/.cache}/vfio-sim,
# never under the installation.

if [ -f "$src/INSTALLED" ]; then
	if [ -n "${XDG_CACHE_HOME:-}" ]; then
		vfio_sim_cache=$XDG_CACHE_HOME/vfio-sim
	elif [ -n "${HOME:-}" ]; then
		vfio_sim_cache=$HOME/.cache/vfio-sim
	else
		echo "vfio-sim: neither XDG_CACHE_HOME nor HOME is set: no" \
		     "cache directory to build in" >&2
		exit 2
	fi
	case $vfio_sim_cache in
	/*) ;;
	*)
		echo "vfio-sim: the cache directory $vfio_sim_cache is not" \
		     "an absolute path (XDG_CACHE_HOME, HOME)" >&2
		exit 2
		;;
	esac
else
	vfio_sim_cache=$src/build
fi
