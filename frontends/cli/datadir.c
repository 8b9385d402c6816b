// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where the command's scripts and data are (presubmit, mutate, the
 * scenarios, the sources a core is built from): the environment's
 * VFIO_SIM_SOURCE_DIR; else, for an installed program, the data directory
 * installed with it (VFIO_SIM_DATA_REL from the program's directory,
 * "../share/vfio-sim", which holds the file INSTALLED); else the source
 * tree this program was built from (VFIO_SIM_SOURCE_DIR at build time).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* The installed data directory next to this program, into @buf, or NULL. */
static const char *installed_dir(char *buf, size_t size)
{
#ifdef VFIO_SIM_DATA_REL
	char exe[PATH_MAX], marker[PATH_MAX + 64];
	ssize_t n;
	char *slash;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	if (snprintf(buf, size, "%s/%s", exe, VFIO_SIM_DATA_REL) >=
	    (int)size)
		return NULL;
	snprintf(marker, sizeof(marker), "%s/INSTALLED", buf);
	if (access(marker, R_OK))
		return NULL;
	return buf;
#else
	return NULL;
#endif
}

const char *cli_data_dir(char *buf, size_t size)
{
	const char *dir = getenv("VFIO_SIM_SOURCE_DIR");

	if (dir && *dir)
		return dir;
	dir = installed_dir(buf, size);
	if (dir)
		return dir;
#ifdef VFIO_SIM_SOURCE_DIR
	return VFIO_SIM_SOURCE_DIR;
#else
	return NULL;
#endif
}
