/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared by the crash isolation (crash.c), the reading of a crashed
 * child's report (crash_parse.c) and its printing (crash_report.c).
 */
#ifndef _SIM_CRASH_IMPL_H
#define _SIM_CRASH_IMPL_H

#include <stdbool.h>
#include <string.h>

#include "engine.h"

/* At most @n bytes of @src into @dst of @len, always terminated. */
static inline void copy(char *dst, size_t len, const char *src, size_t n)
{
	if (n > len - 1)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

static inline void copy_str(char *dst, size_t len, const char *src)
{
	copy(dst, len, src ? src : "", src ? strlen(src) : 0);
}

/* A frame of the sanitizer's own runtime (interceptors, reporting). */
bool crash_sanitizer_frame(const struct sim_crash_frame *f);

#endif /* _SIM_CRASH_IMPL_H */
