/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef __LINUX_SPINLOCK_TYPES_H
#define __LINUX_SPINLOCK_TYPES_H

#include <linux/lockdep_types.h>

typedef struct spinlock {
	struct lockdep_map dep_map;
} spinlock_t;

typedef spinlock_t raw_spinlock_t;

#define __SPIN_LOCK_UNLOCKED(lockname)					\
	((spinlock_t){ .dep_map = STATIC_LOCKDEP_MAP_INIT(#lockname,	\
							  LD_SPINLOCK) })
#define DEFINE_SPINLOCK(x)	spinlock_t x = __SPIN_LOCK_UNLOCKED(x)
#define DEFINE_RAW_SPINLOCK(x)	DEFINE_SPINLOCK(x)

#endif /* __LINUX_SPINLOCK_TYPES_H */
