/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef __LINUX_BITS_H
#define __LINUX_BITS_H

#include <linux/build_bug.h>

#ifndef BITS_PER_LONG
#define BITS_PER_LONG		64
#endif
#ifndef BITS_PER_LONG_LONG
#define BITS_PER_LONG_LONG	64
#endif
#define BITS_PER_BYTE		8

#define BIT(nr)			(1UL << (nr))
#define BIT_ULL(nr)		(1ULL << (nr))
/* The bit of @nr in its word of a bitmap, and the index of that word. */
#define BIT_MASK(nr)		(1UL << ((nr) % BITS_PER_LONG))
#define BIT_WORD(nr)		((nr) / BITS_PER_LONG)
#define BIT_ULL_MASK(nr)	(1ULL << ((nr) % BITS_PER_LONG_LONG))
#define BIT_ULL_WORD(nr)	((nr) / BITS_PER_LONG_LONG)

/*
 * A build error for GENMASK(l, h) written the wrong way round, when both
 * bounds are constants.
 */
#define GENMASK_INPUT_CHECK(h, l)					\
	BUILD_BUG_ON_ZERO(__builtin_choose_expr(			\
		__is_constexpr((l) > (h)), (l) > (h), 0))

/* Bits @l to @h included set, e.g. GENMASK(7, 4) == 0xf0. */
#define GENMASK(h, l)							\
	(GENMASK_INPUT_CHECK(h, l) +					\
	 ((~0UL >> (BITS_PER_LONG - 1 - (h))) & (~0UL << (l))))
#define GENMASK_ULL(h, l)						\
	(GENMASK_INPUT_CHECK(h, l) +					\
	 ((~0ULL >> (BITS_PER_LONG_LONG - 1 - (h))) & (~0ULL << (l))))

#endif /* __LINUX_BITS_H */
