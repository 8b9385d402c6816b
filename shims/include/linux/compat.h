/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * 32-bit compatibility.  CONFIG_COMPAT is off in the simulation: there
 * are no 32-bit callers, and compat_ptr_ioctl() (declared in linux/fs.h,
 * as in the kernel) hands a compat ioctl to the native handler.  What is
 * here is only the pointer conversion those handlers use.
 */
#ifndef _LINUX_COMPAT_H
#define _LINUX_COMPAT_H

#include <linux/compiler.h>
#include <linux/fs.h>
#include <linux/types.h>

typedef u32 compat_uptr_t;
typedef s32 compat_int_t;
typedef u32 compat_uint_t;
typedef u32 compat_ulong_t;

static inline void __user *compat_ptr(compat_uptr_t uptr)
{
	return (void __user *)(unsigned long)uptr;
}

static inline compat_uptr_t ptr_to_compat(void __user *uptr)
{
	return (u32)(unsigned long)uptr;
}

static inline bool in_compat_syscall(void)
{
	return false;
}

#endif /* _LINUX_COMPAT_H */
