/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Formatting into buffers.  sprintf(), snprintf(), vsnprintf() and
 * sscanf() are the C library's (no kernel %p extensions there);
 * scnprintf() and vscnprintf() use the kernel's format.
 */
#ifndef _LINUX_KERNEL_SPRINTF_H_
#define _LINUX_KERNEL_SPRINTF_H_

#include <linux/compiler_types.h>
#include <linux/stdarg.h>
#include <linux/types.h>

#include <stdio.h>

/*
 * As snprintf(), but returns the number of characters written into @buf
 * (not counting the NUL), not the number the whole output would take.
 */
int scnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
	__printf(3, 0);

#endif /* _LINUX_KERNEL_SPRINTF_H_ */
