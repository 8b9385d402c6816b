/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Lock state for the simulation's checkers (a target's invariant adapter),
 * which run between scheduling points and must not reach one: the lock
 * shims' own queries (mutex_is_locked() and friends) are scheduling points
 * like any access to a lock.  Whether the calling thread holds a lock is
 * the kernel's lockdep_is_held() (<linux/lockdep.h>).
 */
#ifndef _SHIMS_LOCKING_H
#define _SHIMS_LOCKING_H

#include <stdbool.h>

struct lockdep_map;

/* Whether any thread holds the lock of @map (a reader counts). */
bool sim_lock_held_by_any(const struct lockdep_map *map);

/*
 * lockdep's graph generation, a new one for each exploration: the stamp
 * of a lock's cached class (tests of the set-up snapshot).
 */
unsigned int sim_lockdep_generation(void);

#endif /* _SHIMS_LOCKING_H */
