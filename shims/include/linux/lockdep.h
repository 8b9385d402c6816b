/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lockdep-lite: lock classes by initialisation site, a dependency graph
 * kept across every execution of one exploration, and kernel-shaped
 * reports for a circular dependency, recursive locking, a bad unlock, a
 * lock held when a thread ends and a held lock freed.
 */
#ifndef __LINUX_LOCKDEP_H
#define __LINUX_LOCKDEP_H

#include <linux/lockdep_types.h>

/* Subclass for *_nested(): same key, distinct class. */
#define SINGLE_DEPTH_NESTING	1

void lockdep_init_map_type(struct lockdep_map *map, const char *name,
			   const struct lock_class_key *key,
			   unsigned int type);
/* Before waiting for @map: checks the dependency, then (after) acquired. */
void lock_acquire_check(struct lockdep_map *map, int subclass, int read,
			const struct sim_loc *loc);
void lock_acquired_held(struct lockdep_map *map, int subclass, int read,
			bool trylock, const struct sim_loc *loc);
void lock_release_held(struct lockdep_map *map, const struct sim_loc *loc);
/* Validate @map's magic: uninitialised or freed locks fail here. */
void lockdep_check_map(struct lockdep_map *map, const char *op,
		       const struct sim_loc *loc);
/* 1 if the current thread holds @map (any mode), 2 if for write. */
int lock_is_held_type(const struct lockdep_map *map, int read);
#define lock_is_held(map)	lock_is_held_type((map), -1)

#define lockdep_is_held(lock)	lock_is_held(&(lock)->dep_map)

void __lockdep_assert(bool ok, const char *what, const struct sim_loc *loc);

#define lockdep_assert_held(l)						\
	__lockdep_assert(lock_is_held(&(l)->dep_map),			\
			 "lockdep_assert_held(" #l ")", SIM_AT(#l))
#define lockdep_assert_not_held(l)					\
	__lockdep_assert(!lock_is_held(&(l)->dep_map),			\
			 "lockdep_assert_not_held(" #l ")", SIM_AT(#l))
#define lockdep_assert_held_write(l)					\
	__lockdep_assert(lock_is_held_type(&(l)->dep_map, 0) == 2,	\
			 "lockdep_assert_held_write(" #l ")", SIM_AT(#l))
#define lockdep_assert_held_read(l)					\
	__lockdep_assert(lock_is_held_type(&(l)->dep_map, 1) == 1,	\
			 "lockdep_assert_held_read(" #l ")", SIM_AT(#l))
#define lockdep_assert(cond)						\
	__lockdep_assert(!!(cond), "lockdep_assert(" #cond ")",	\
			 SIM_AT(#cond))

/* One lock class per key: re-keying is not modelled. */
#define lockdep_set_class(lock, key)	do { } while (0)
/*
 * As in the kernel (device->mutex), a lock in the novalidate class takes
 * no part in dependency checks; ownership is still checked.
 */
#define lockdep_set_novalidate_class(lock)				\
	((void)((lock)->dep_map.novalidate = true))
#define lockdep_off()			do { } while (0)
#define lockdep_on()			do { } while (0)

/* The kernel's debug check, called by kfree and friends. */
void debug_check_no_locks_freed(const void *from, unsigned long len);

/* might_sleep(): sleeping with a spinlock held is a bug. */
void __might_sleep_at(const struct sim_loc *loc);
#define might_sleep()		__might_sleep_at(SIM_HERE)
#define might_sleep_if(cond)						\
	do {								\
		if (cond)						\
			might_sleep();					\
	} while (0)

/*
 * A thread starts or stops waiting for @map (a writer also takes its place
 * in the writers' queue, which holds back new readers).
 */
void lockdep_wait_begin(struct lockdep_map *map, bool writer);
void lockdep_wait_end(void);

/* Held locks of the current thread, for reports. */
int lockdep_depth(void);

#endif /* __LINUX_LOCKDEP_H */
