/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _LINUX_ERRNAME_H
#define _LINUX_ERRNAME_H

/*
 * The symbolic name of an errno: errname(-EBUSY) is "-EBUSY",
 * errname(EBUSY) is "EBUSY"; NULL for a number that has no name.
 */
const char *errname(int err);

#endif /* _LINUX_ERRNAME_H */
