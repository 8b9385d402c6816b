/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Open flags.  The O_* values are the C library's (<fcntl.h>): kernel code
 * and the scenario code that calls sim_sys_open() meet in one program, so
 * both must mean the same bits, and on x86-64 glibc's values are the
 * kernel's.  The uapi header is not used: it spells the same macros
 * differently and the two cannot be included together.
 */
#ifndef _LINUX_FCNTL_H
#define _LINUX_FCNTL_H

#include <fcntl.h>

#endif /* _LINUX_FCNTL_H */
