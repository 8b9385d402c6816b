/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Short names for the GCC/Clang attributes kernel code uses.  Every
 * attribute is spelled with leading and trailing underscores so that a
 * library header that writes __attribute__((noinline)) is not broken by
 * the noinline macro below.
 *
 * A few names are also defined by glibc's <sys/cdefs.h> with the same
 * meaning; those are only defined here when glibc has not done it first
 * (glibc redefines them silently from a system header).
 */
#ifndef __LINUX_COMPILER_ATTRIBUTES_H
#define __LINUX_COMPILER_ATTRIBUTES_H

#ifndef __has_attribute
#define __has_attribute(x)	0
#endif

#define __alias(symbol)		__attribute__((__alias__(#symbol)))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __aligned_largest	__attribute__((__aligned__))
#define __assume_aligned(a, ...)					\
	__attribute__((__assume_aligned__(a, ## __VA_ARGS__)))
#define __cleanup(func)		__attribute__((__cleanup__(func)))
#define __cold			__attribute__((__cold__))
#define __copy(symbol)		__attribute__((__copy__(symbol)))
#define __deprecated		__attribute__((__deprecated__))
#define __flatten		__attribute__((__flatten__))
#define __gnu_inline		__attribute__((__gnu_inline__))
#define __malloc		__attribute__((__malloc__))
#define __maybe_unused		__attribute__((__unused__))
#define __always_unused		__attribute__((__unused__))
#define __mode(x)		__attribute__((__mode__(x)))
#define __must_check		__attribute__((__warn_unused_result__))
#define __noclone		__attribute__((__noclone__))
#define __nonstring		__attribute__((__nonstring__))
#define __noreturn		__attribute__((__noreturn__))
#define __packed		__attribute__((__packed__))
#define __pure			__attribute__((__pure__))
#define __section(section)	__attribute__((__section__(section)))
#define __used			__attribute__((__used__))
#define __weak			__attribute__((__weak__))
#define __visible		__attribute__((__externally_visible__))
#define __no_sanitize_address	__attribute__((__no_sanitize_address__))
#define __printf(a, b)		__attribute__((__format__(printf, a, b)))
#define __scanf(a, b)		__attribute__((__format__(scanf, a, b)))
#define noinline		__attribute__((__noinline__))
#define fallthrough		__attribute__((__fallthrough__))

/* glibc defines it too, and undefines it before doing so. */
#undef __always_inline
#define __always_inline		inline __attribute__((__always_inline__))

#ifndef __attribute_const__
#define __attribute_const__	__attribute__((__const__))
#endif

#if __has_attribute(__designated_init__)
#define __designated_init	__attribute__((__designated_init__))
#else
#define __designated_init
#endif

#if __has_attribute(__counted_by__)
#define __counted_by(member)	__attribute__((__counted_by__(member)))
#else
#define __counted_by(member)
#endif

#endif /* __LINUX_COMPILER_ATTRIBUTES_H */
