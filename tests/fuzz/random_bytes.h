/* SPDX-License-Identifier: GPL-2.0-only */
/* Deterministic pseudo-random fuzz inputs for the tests (xorshift). */
#ifndef _TESTS_FUZZ_RANDOM_BYTES_H
#define _TESTS_FUZZ_RANDOM_BYTES_H

#include <stddef.h>
#include <stdint.h>

/* @n bytes that depend only on @seed. */
static inline void fill(uint8_t *buf, size_t n, uint64_t seed)
{
	uint64_t x = seed * 0x9e3779b97f4a7c15ull + 1;

	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		buf[i] = (uint8_t)x;
	}
}

#endif /* _TESTS_FUZZ_RANDOM_BYTES_H */
