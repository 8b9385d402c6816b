/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sleeping mutexes with owner tracking: unlock by a non-owner, recursion
 * and a lock held at thread exit are reported; lockdep_assert_held() really
 * asserts.  Every operation is a scheduling point.
 */
#ifndef __LINUX_MUTEX_H
#define __LINUX_MUTEX_H

#include <linux/lockdep.h>

struct mutex {
	struct lockdep_map dep_map;
};

#define __MUTEX_INITIALIZER(lockname)					\
	{ .dep_map = STATIC_LOCKDEP_MAP_INIT(#lockname, LD_MUTEX) }
#define DEFINE_MUTEX(mutexname)						\
	struct mutex mutexname = __MUTEX_INITIALIZER(mutexname)

void __mutex_init(struct mutex *lock, const char *name,
		  struct lock_class_key *key);
#define mutex_init(mutex)						\
	do {								\
		static struct lock_class_key __key;			\
		__mutex_init((mutex), #mutex, &__key);			\
	} while (0)
void __mutex_destroy(struct mutex *lock, const struct sim_loc *loc);
#define mutex_destroy(m)	__mutex_destroy((m), SIM_AT(#m))

int __mutex_lock_common(struct mutex *lock, int subclass, unsigned int flags,
			const struct sim_loc *loc);
int __mutex_trylock(struct mutex *lock, const struct sim_loc *loc);
void __mutex_unlock(struct mutex *lock, const struct sim_loc *loc);
bool __mutex_is_locked(struct mutex *lock, const struct sim_loc *loc);

#define mutex_lock(m)	((void)__mutex_lock_common((m), 0, 0, SIM_AT(#m)))
#define mutex_lock_nested(m, sub)					\
	((void)__mutex_lock_common((m), (sub), 0, SIM_AT(#m)))
#define mutex_lock_interruptible(m)					\
	__mutex_lock_common((m), 0, SIM_WAIT_INTERRUPTIBLE, SIM_AT(#m))
#define mutex_lock_killable(m)						\
	__mutex_lock_common((m), 0, SIM_WAIT_KILLABLE, SIM_AT(#m))
#define mutex_lock_interruptible_nested(m, sub)			\
	__mutex_lock_common((m), (sub), SIM_WAIT_INTERRUPTIBLE, SIM_AT(#m))
#define mutex_trylock(m)	__mutex_trylock((m), SIM_AT(#m))
#define mutex_unlock(m)		__mutex_unlock((m), SIM_AT(#m))
#define mutex_is_locked(m)	__mutex_is_locked((m), SIM_AT(#m))

#endif /* __LINUX_MUTEX_H */
