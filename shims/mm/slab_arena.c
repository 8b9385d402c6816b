// SPDX-License-Identifier: GPL-2.0-only
/*
 * A bump allocator for the slab shim (slab_arena.h).  Objects are never
 * reused within an execution (the slab shim keeps a freed object poisoned
 * until the end, as a quarantine), so nothing is ever given back but
 * everything at once; an object's address depends only on the sizes
 * allocated before it in the execution, which makes addresses names that
 * hold across executions.  The mapping reserves address space only; the
 * pages an unusually large execution touched are given back after it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "sim/race.h"
#include "sim/sched.h"
#include "slab_arena.h"

#define ARENA_SPACE	(16ull << 30)	/* address space, not memory */
#define ARENA_MIN	(256ull << 20)	/* where overcommit is strict */
#define ARENA_KEEP	(64ull << 20)	/* kept mapped between executions */

static char *base, *top;
static size_t space;

/*
 * Address space only, where the kernel lets a mapping go unaccounted
 * (overcommit heuristic, the default); with strict overcommit or an
 * address-space limit, the largest of 16 GiB, 4 GiB, 1 GiB, 256 MiB that
 * can be had.
 */
static void arena_map(void)
{
	for (space = ARENA_SPACE; space >= ARENA_MIN; space /= 4) {
		base = mmap(NULL, space, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1,
			    0);
		if (base != MAP_FAILED)
			return;
	}
	perror("vfio-sim: slab arena: mmap");
	abort();
}

void *slab_arena_alloc(size_t bytes)
{
	char *p;

	if (!base) {
		arena_map();
		top = base;
		sim_race_heap(base, space);
	}
	/* what is left is a multiple of 16: rounding up stays within it */
	if (bytes >= space - (size_t)(top - base))
		return NULL;
	bytes = (bytes + 15) & ~(size_t)15;
	p = top;
	top += bytes;
	return p;
}

void slab_arena_reset(void)
{
	size_t used = (size_t)(top - base);

	if (used > ARENA_KEEP)
		madvise(base + ARENA_KEEP, used - ARENA_KEEP, MADV_DONTNEED);
	top = base;
}

void slab_arena_keep(void)
{
	SIM_SNAPSHOT_KEEP(top);
	if (base)
		sim_snapshot_keep(base, (size_t)(top - base));
}

void sim_slab_arena_span(const void **start, size_t *len)
{
	*start = base;
	*len = base ? (size_t)(top - base) : 0;
}
