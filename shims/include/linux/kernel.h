/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The catch-all header: most kernel files include it and expect the basic
 * helpers from it.  It wraps the system's uapi <linux/kernel.h> (struct
 * sysinfo, which glibc's <sys/sysinfo.h> takes from here), which also sets
 * the include guard.
 */
#ifndef _LINUX_KERNEL_H
#include_next <linux/kernel.h>
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H
#endif

#include <linux/align.h>
#include <linux/array_size.h>
#include <linux/bits.h>
#include <linux/bug.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/container_of.h>
#include <linux/err.h>
#include <linux/limits.h>
#include <linux/log2.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/panic.h>
#include <linux/printk.h>
#include <linux/sprintf.h>
#include <linux/stdarg.h>
#include <linux/stddef.h>
#include <linux/stringify.h>
#include <linux/typecheck.h>
#include <linux/types.h>
#include <linux/wordpart.h>

#define REPEAT_BYTE(x)	((~0ul / 0xff) * (x))

/* A user pointer from a u64 field of an ioctl argument. */
#define u64_to_user_ptr(x)						\
	({								\
		typecheck(u64, (x));					\
		(void __user *)(uintptr_t)(x);				\
	})

/* The value of hex digit @ch, or -1 when it is none. */
static inline int hex_to_bin(unsigned char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch |= 0x20;	/* lower case */
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

#endif /* _LINUX_KERNEL_H */
