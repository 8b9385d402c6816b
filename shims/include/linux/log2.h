/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _LINUX_LOG2_H
#define _LINUX_LOG2_H

#include <linux/bits.h>
#include <linux/types.h>

/* Whether @n is a power of two (0 is not). */
static inline __attribute_const__ bool is_power_of_2(unsigned long n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

/* Index of the highest set bit of @n, which must not be 0. */
#define ilog2(n)							\
	((int)(sizeof(n) <= 4 ? 31 - __builtin_clz(n) :		\
				63 - __builtin_clzll(n)))

/* The smallest power of two >= @n, and the largest <= @n (@n > 0). */
static inline __attribute_const__ unsigned long
__roundup_pow_of_two(unsigned long n)
{
	return n <= 1 ? 1UL : 1UL << (BITS_PER_LONG - __builtin_clzl(n - 1));
}

static inline __attribute_const__ unsigned long
__rounddown_pow_of_two(unsigned long n)
{
	return 1UL << (BITS_PER_LONG - 1 - __builtin_clzl(n));
}

#define roundup_pow_of_two(n)		__roundup_pow_of_two(n)
#define rounddown_pow_of_two(n)		__rounddown_pow_of_two(n)
#define order_base_2(n)							\
	((n) > 1 ? ilog2(roundup_pow_of_two(n)) : 0)

#endif /* _LINUX_LOG2_H */
