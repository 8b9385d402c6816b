/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _LINUX_ARRAY_SIZE_H
#define _LINUX_ARRAY_SIZE_H

#include <linux/compiler.h>

/* Number of elements of array @arr; a build error for a pointer. */
#define ARRAY_SIZE(arr)							\
	(sizeof(arr) / sizeof((arr)[0]) + __must_be_array(arr))

#endif /* _LINUX_ARRAY_SIZE_H */
