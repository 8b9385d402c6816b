/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The data-race detector (docs/race-detector.md).
 *
 * The cores (a kernel tree's drivers/vfio files, vfio-core/) are compiled
 * with the compiler's thread-sanitizer instrumentation only: every plain
 * or volatile load and store they make calls a __tsan_* entry point, which
 * sim/src/tsan.c provides (there is no libtsan).  Each access is checked
 * against the earlier accesses to the same bytes by other simulated
 * threads: two accesses race when they come from different threads, one
 * writes, not both are marked (READ_ONCE/WRITE_ONCE, atomics) and no
 * happens-before edge orders them.  The edges come from the shims'
 * synchronisation, declared with the calls below.
 *
 * Happens-before is kept with vector clocks, one per simulated thread and
 * one per synchronisation object; all of it lives for one execution.
 */
#ifndef _SIM_RACE_H
#define _SIM_RACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/sched.h"

/* Whether the detector runs (explore --no-race-detector turns it off). */
extern bool sim_race_on;

static inline bool sim_race_active(void)
{
	return sim_race_on && sim_current;
}

/*
 * Edges.  A release on @obj publishes everything the current thread did so
 * far; a later acquire on @obj by any thread sees it.  The shared variants
 * are a reader's half of a reader-writer lock: readers see the writers'
 * releases but not each other's, writers see both.
 */
void __sim_hb_release(const void *obj, bool shared);
void __sim_hb_acquire(const void *obj, bool shared);

static inline void sim_hb_release(const void *obj)
{
	if (sim_race_active())
		__sim_hb_release(obj, false);
}

static inline void sim_hb_acquire(const void *obj)
{
	if (sim_race_active())
		__sim_hb_acquire(obj, false);
}

static inline void sim_hb_release_shared(const void *obj)
{
	if (sim_race_active())
		__sim_hb_release(obj, true);
}

static inline void sim_hb_acquire_shared(const void *obj)
{
	if (sim_race_active())
		__sim_hb_acquire(obj, true);
}

/* A fully ordered read-modify-write (a value-returning atomic). */
static inline void sim_hb_acq_rel(const void *obj)
{
	if (sim_race_active()) {
		__sim_hb_acquire(obj, false);
		__sim_hb_release(obj, false);
	}
}

/*
 * Memory.  The allocator declares every object it hands out and takes
 * back: a new object starts with no access history, and an access to a
 * freed one is a use after free (KASAN's report, from the same checks).
 * sim_race_alloc() returns a handle (0: none) the allocator keeps with the
 * object and gives back to sim_race_free().
 */
uint32_t __sim_race_alloc(const void *p, size_t size,
			  const struct sim_loc *loc);
void __sim_race_free(const void *p, size_t size, uint32_t handle,
		     const struct sim_loc *loc);

/*
 * @len bytes at @p belong to no object: the allocator's redzone after an
 * object, in builds without ASan (whose own redzones are checked there).
 * An access to them is KASAN's slab-out-of-bounds.  Until the execution
 * ends.
 */
void __sim_race_redzone(const void *p, size_t len);

/*
 * The allocator's objects all lie in [@base, @base + @size), a mapping
 * carved anew in every execution: the detector keeps their redzones and
 * frees in a direct shadow of it instead of its tables (faster, same
 * reports).
 */
void sim_race_heap(const void *base, size_t size);

static inline void sim_race_redzone(const void *p, size_t len)
{
	if (sim_race_on)
		__sim_race_redzone(p, len);
}

static inline uint32_t sim_race_alloc(const void *p, size_t size,
				      const struct sim_loc *loc)
{
	return sim_race_on ? __sim_race_alloc(p, size, loc) : 0;
}

static inline void sim_race_free(const void *p, size_t size,
				 uint32_t handle, const struct sim_loc *loc)
{
	if (sim_race_on)
		__sim_race_free(p, size, handle, loc);
}

/*
 * A shim reads or writes core memory on the core's behalf (copy_from_user
 * into a kernel struct): a plain access of @size bytes at @p, reported at
 * @loc.
 */
void __sim_race_access(const void *p, size_t size, bool write,
		       const struct sim_loc *loc);

static inline void sim_race_access(const void *p, size_t size, bool write,
				   const struct sim_loc *loc)
{
	if (sim_race_active())
		__sim_race_access(p, size, write, loc);
}

/*
 * The same for an atomic operation a shim does on core memory (a
 * refcount_t of a core object): a marked access, which races only with
 * plain ones, and whose use of a freed or out-of-bounds object is reported
 * as the cores' own accesses are.
 */
void __sim_race_atomic_access(const void *p, size_t size, bool write,
			      const struct sim_loc *loc);

static inline void sim_race_atomic_access(const void *p, size_t size,
					  bool write,
					  const struct sim_loc *loc)
{
	if (sim_race_active())
		__sim_race_atomic_access(p, size, write, loc);
}

/*
 * The engine's part: thread creation and wake-ups are edges (a wake-up
 * that wakes a task orders the waker's earlier accesses before the woken
 * task's later ones); begin resets the per-execution state.
 */
void sim_race_begin(void);
void sim_race_thread_start(int parent, int child);
void sim_race_wake(int waker, int woken);

/*
 * Accesses the current thread makes while the count is non-zero are not
 * checked (data_race(): an intended race; kcsan_disable_current()).
 */
void sim_race_disable_current(void);
void sim_race_enable_current(void);

/*
 * Known races that are not reported: @text has one per line,
 * "data-race FUNCTION FUNCTION REASON" ('#' starts a comment); the two
 * functions are those of the report's title, in either order, each a
 * name or a prefix ending in '*'.  Returns
 * 0, or -1 with a message naming @origin and the line in @err.
 */
int sim_race_suppressions_load(const char *text, const char *origin,
			       char *err, size_t errlen);
/* Whether they apply (--no-race-suppressions: not). */
extern bool sim_race_suppress;

#endif /* _SIM_RACE_H */
