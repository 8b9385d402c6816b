/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Limits of the kernel's types.  Wraps the system's uapi <linux/limits.h>
 * (PATH_MAX, NAME_MAX ...), which also sets the include guard.
 *
 * glibc's <limits.h> includes <linux/limits.h> and so gets this file:
 * everything here is a macro, and the C names (INT_MAX ...) are only
 * defined when the C library has not defined them already; <limits.h>
 * and <stdint.h> replace them silently when they come later.
 */
#ifndef _LINUX_LIMITS_H
#include_next <linux/limits.h>
#ifndef _LINUX_LIMITS_H
#define _LINUX_LIMITS_H
#endif

#define U8_MAX		((u8)~0U)
#define S8_MAX		((s8)(U8_MAX >> 1))
#define S8_MIN		((s8)(-S8_MAX - 1))
#define U16_MAX		((u16)~0U)
#define S16_MAX		((s16)(U16_MAX >> 1))
#define S16_MIN		((s16)(-S16_MAX - 1))
#define U32_MAX		((u32)~0U)
#define U32_MIN		((u32)0)
#define S32_MAX		((s32)(U32_MAX >> 1))
#define S32_MIN		((s32)(-S32_MAX - 1))
#define U64_MAX		((u64)~0ULL)
#define S64_MAX		((s64)(U64_MAX >> 1))
#define S64_MIN		((s64)(-S64_MAX - 1))

#define PHYS_ADDR_MAX	(~(phys_addr_t)0)
#define RESOURCE_SIZE_MAX	((resource_size_t)~0)

#ifndef SIZE_MAX
#define SIZE_MAX	(~(size_t)0)
#endif
#ifndef SSIZE_MAX
#define SSIZE_MAX	((ssize_t)(SIZE_MAX >> 1))
#endif

#ifndef USHRT_MAX
#define USHRT_MAX	((unsigned short)~0U)
#endif
#ifndef SHRT_MAX
#define SHRT_MAX	((short)(USHRT_MAX >> 1))
#endif
#ifndef SHRT_MIN
#define SHRT_MIN	((short)(-SHRT_MAX - 1))
#endif
#ifndef INT_MAX
#define INT_MAX		((int)(~0U >> 1))
#endif
#ifndef INT_MIN
#define INT_MIN		(-INT_MAX - 1)
#endif
#ifndef UINT_MAX
#define UINT_MAX	(~0U)
#endif
#ifndef LONG_MAX
#define LONG_MAX	((long)(~0UL >> 1))
#endif
#ifndef LONG_MIN
#define LONG_MIN	(-LONG_MAX - 1)
#endif
#ifndef ULONG_MAX
#define ULONG_MAX	(~0UL)
#endif
#ifndef LLONG_MAX
#define LLONG_MAX	((long long)(~0ULL >> 1))
#endif
#ifndef LLONG_MIN
#define LLONG_MIN	(-LLONG_MAX - 1)
#endif
#ifndef ULLONG_MAX
#define ULLONG_MAX	(~0ULL)
#endif

#endif /* _LINUX_LIMITS_H */
