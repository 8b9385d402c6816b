// SPDX-License-Identifier: GPL-2.0-only
/*
 * Mutexes, spinlocks and rw_semaphores on the deterministic scheduler.
 * Each operation is a scheduling point; a contended lock blocks its thread
 * on the lock's lockdep_map, which also records the owner for reports.
 * Waiters are woken one at a time and retry (no hand-off), so a third
 * thread may take the lock first, as on a real machine.
 */
#include <errno.h>

#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include "sim/race.h"

/* Owner encoding: 0 free, 1 the main context (setup), tid + 2 a thread. */
static int me(void)
{
	return sim_current_tid() + 2;
}

static const char *owner_name(const struct lockdep_map *map)
{
	return map->owner ? sim_thread_name(map->owner - 2) : "nobody";
}

/* --- mutex --------------------------------------------------------------- */

void __mutex_init(struct mutex *lock, const char *name,
		  struct lock_class_key *key)
{
	lockdep_init_map_type(&lock->dep_map, name, key, LD_MUTEX);
}

void __mutex_destroy(struct mutex *lock, const struct sim_loc *loc)
{
	lockdep_check_map(&lock->dep_map, "mutex_destroy", loc);
	if (lock->dep_map.owner)
		sim_fail(SIM_FAIL_WARN, loc,
			 "DEBUG_LOCKS_WARN_ON(mutex_is_locked(lock)): "
			 "mutex_destroy of %s held by %s", lock->dep_map.name,
			 owner_name(&lock->dep_map));
	lock->dep_map.magic = 0;
}

static int lock_exclusive(struct lockdep_map *map, int subclass,
			  unsigned int flags, const char *what,
			  const struct sim_loc *loc)
{
	lockdep_check_map(map, what, loc);
	lock_acquire_check(map, subclass, 0, loc);
	if (map->owner == me())
		sim_fail(SIM_FAIL_DEADLOCK, loc,
			 "%s: %s already held by this thread (%s)", what,
			 map->name, owner_name(map));
	if (map->owner) {
		lockdep_wait_begin(map, false);
		while (map->owner) {
			if (sim_block(map, what, flags, loc) ==
			    SIM_WAIT_SIGNAL) {
				lockdep_wait_end();
				return -EINTR;
			}
		}
		lockdep_wait_end();
	}
	map->owner = me();
	map->acquired_at = loc;
	sim_hb_acquire(map);
	lock_acquired_held(map, subclass, 0, false, loc);
	return 0;
}

static void unlock_exclusive(struct lockdep_map *map, const char *what,
			     const struct sim_loc *loc)
{
	lockdep_check_map(map, what, loc);
	if (map->owner != me()) {
		if (!map->owner)
			lock_release_held(map, loc);	/* bad unlock balance */
		sim_fail(SIM_FAIL_LOCKDEP, loc,
			 "DEBUG_LOCKS_WARN_ON(owner != current): %s of %s "
			 "held by %s", what, map->name, owner_name(map));
	}
	lock_release_held(map, loc);
	sim_hb_release(map);
	map->owner = 0;
	map->acquired_at = NULL;
	sim_wake_one(map);
}

int __mutex_lock_common(struct mutex *lock, int subclass, unsigned int flags,
			const struct sim_loc *loc)
{
	const char *what = flags & SIM_WAIT_INTERRUPTIBLE ?
		"mutex_lock_interruptible" : flags & SIM_WAIT_KILLABLE ?
		"mutex_lock_killable" : "mutex_lock";

	__might_sleep_at(loc);
	sim_point(SIM_OP_LOCK, lock, what, loc);
	return lock_exclusive(&lock->dep_map, subclass, flags, what, loc);
}

/* Take @map for this thread if nobody holds it (nor reads it, for rwsems). */
static int trylock_exclusive(struct lockdep_map *map, const void *lock,
			     const char *what, const struct sim_loc *loc)
{
	sim_point(SIM_OP_TRYLOCK, lock, what, loc);
	lockdep_check_map(map, what, loc);
	if (map->owner || map->readers)
		return 0;
	map->owner = me();
	map->acquired_at = loc;
	sim_hb_acquire(map);
	lock_acquired_held(map, 0, 0, true, loc);
	return 1;
}

int __mutex_trylock(struct mutex *lock, const struct sim_loc *loc)
{
	return trylock_exclusive(&lock->dep_map, lock, "mutex_trylock", loc);
}

void __mutex_unlock(struct mutex *lock, const struct sim_loc *loc)
{
	sim_point(SIM_OP_UNLOCK, lock, "mutex_unlock", loc);
	unlock_exclusive(&lock->dep_map, "mutex_unlock", loc);
}

bool __mutex_is_locked(struct mutex *lock, const struct sim_loc *loc)
{
	sim_point(SIM_OP_READ, lock, "mutex_is_locked", loc);
	lockdep_check_map(&lock->dep_map, "mutex_is_locked", loc);
	return lock->dep_map.owner != 0;
}

/* --- spinlock ------------------------------------------------------------ */

void __spin_lock_init(spinlock_t *lock, const char *name,
		      struct lock_class_key *key)
{
	lockdep_init_map_type(&lock->dep_map, name, key, LD_SPINLOCK);
}

void __spin_lock(spinlock_t *lock, int subclass, const struct sim_loc *loc)
{
	sim_point(SIM_OP_LOCK, lock, "spin_lock", loc);
	lock_exclusive(&lock->dep_map, subclass, 0, "spin_lock", loc);
}

int __spin_trylock(spinlock_t *lock, const struct sim_loc *loc)
{
	return trylock_exclusive(&lock->dep_map, lock, "spin_trylock", loc);
}

void __spin_unlock(spinlock_t *lock, const struct sim_loc *loc)
{
	sim_point(SIM_OP_UNLOCK, lock, "spin_unlock", loc);
	unlock_exclusive(&lock->dep_map, "spin_unlock", loc);
}

int __spin_is_locked(spinlock_t *lock)
{
	return lock->dep_map.owner != 0;
}

/* --- rw_semaphore -------------------------------------------------------- */

void __init_rwsem(struct rw_semaphore *sem, const char *name,
		  struct lock_class_key *key)
{
	lockdep_init_map_type(&sem->dep_map, name, key, LD_RWSEM);
}

int __down_read_common(struct rw_semaphore *sem, unsigned int flags,
		       const struct sim_loc *loc)
{
	struct lockdep_map *map = &sem->dep_map;

	__might_sleep_at(loc);
	sim_point(SIM_OP_LOCK, sem, "down_read", loc);
	lockdep_check_map(map, "down_read", loc);
	lock_acquire_check(map, 0, 1, loc);
	if (map->owner == me())
		sim_fail(SIM_FAIL_DEADLOCK, loc,
			 "down_read: %s held for write by this thread",
			 map->name);
	/* a waiting writer holds back new readers */
	if (map->owner || map->writers_waiting) {
		lockdep_wait_begin(map, false);
		while (map->owner || map->writers_waiting) {
			if (sim_block(map, "down_read", flags, loc) ==
			    SIM_WAIT_SIGNAL) {
				lockdep_wait_end();
				return -EINTR;
			}
		}
		lockdep_wait_end();
	}
	map->readers++;
	sim_hb_acquire_shared(map);
	lock_acquired_held(map, 0, 1, false, loc);
	return 0;
}

int __down_write_common(struct rw_semaphore *sem, int subclass,
			unsigned int flags, const struct sim_loc *loc)
{
	struct lockdep_map *map = &sem->dep_map;

	__might_sleep_at(loc);
	sim_point(SIM_OP_LOCK, sem, "down_write", loc);
	lockdep_check_map(map, "down_write", loc);
	lock_acquire_check(map, subclass, 0, loc);
	if (map->owner == me() || lock_is_held(map))
		sim_fail(SIM_FAIL_DEADLOCK, loc,
			 "down_write: %s already held by this thread",
			 map->name);
	if (map->owner || map->readers) {
		lockdep_wait_begin(map, true);
		while (map->owner || map->readers) {
			if (sim_block(map, "down_write", flags, loc) ==
			    SIM_WAIT_SIGNAL) {
				lockdep_wait_end();
				/* readers held back by us may go now */
				sim_wake_all(map);
				return -EINTR;
			}
		}
		lockdep_wait_end();
	}
	map->owner = me();
	map->acquired_at = loc;
	sim_hb_acquire(map);
	lock_acquired_held(map, subclass, 0, false, loc);
	return 0;
}

int __down_read_trylock(struct rw_semaphore *sem, const struct sim_loc *loc)
{
	struct lockdep_map *map = &sem->dep_map;

	sim_point(SIM_OP_TRYLOCK, sem, "down_read_trylock", loc);
	lockdep_check_map(map, "down_read_trylock", loc);
	if (map->owner || map->writers_waiting)
		return 0;
	map->readers++;
	sim_hb_acquire_shared(map);
	lock_acquired_held(map, 0, 1, true, loc);
	return 1;
}

int __down_write_trylock(struct rw_semaphore *sem, const struct sim_loc *loc)
{
	return trylock_exclusive(&sem->dep_map, sem, "down_write_trylock", loc);
}

void __up_read(struct rw_semaphore *sem, const struct sim_loc *loc)
{
	struct lockdep_map *map = &sem->dep_map;

	sim_point(SIM_OP_UNLOCK, sem, "up_read", loc);
	lockdep_check_map(map, "up_read", loc);
	if (lock_is_held_type(map, 1) != 1 || !map->readers) {
		lock_release_held(map, loc);
		sim_fail(SIM_FAIL_LOCKDEP, loc,
			 "up_read of %s not held for read by %s", map->name,
			 sim_thread_name(sim_current_tid()));
	}
	lock_release_held(map, loc);
	sim_hb_release_shared(map);
	if (--map->readers == 0)
		sim_wake_all(map);
}

void __up_write(struct rw_semaphore *sem, const struct sim_loc *loc)
{
	struct lockdep_map *map = &sem->dep_map;

	sim_point(SIM_OP_UNLOCK, sem, "up_write", loc);
	lockdep_check_map(map, "up_write", loc);
	if (map->owner != me()) {
		if (!map->owner)
			lock_release_held(map, loc);
		sim_fail(SIM_FAIL_LOCKDEP, loc,
			 "up_write of %s held by %s", map->name,
			 owner_name(map));
	}
	lock_release_held(map, loc);
	sim_hb_release(map);
	map->owner = 0;
	map->acquired_at = NULL;
	sim_wake_all(map);
}

void __downgrade_write(struct rw_semaphore *sem, const struct sim_loc *loc)
{
	struct lockdep_map *map = &sem->dep_map;

	sim_point(SIM_OP_UNLOCK, sem, "downgrade_write", loc);
	if (map->owner != me())
		sim_fail(SIM_FAIL_LOCKDEP, loc,
			 "downgrade_write of %s held by %s", map->name,
			 owner_name(map));
	lock_release_held(map, loc);
	sim_hb_release(map);
	map->owner = 0;
	map->readers++;
	lock_acquired_held(map, 0, 1, true, loc);
	sim_wake_all(map);
}

int rwsem_is_locked(struct rw_semaphore *sem)
{
	return sem->dep_map.owner || sem->dep_map.readers;
}
