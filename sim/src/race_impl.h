/* SPDX-License-Identifier: GPL-2.0-only */
/* The data-race detector's internals: shared by race.c, race_report.c and
 * tsan.c (the compiler's entry points). */
#ifndef _SIM_RACE_IMPL_H
#define _SIM_RACE_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "engine.h"
#include "sim/race.h"

/* What an access is. */
#define RACE_WRITE	(1u << 0)
#define RACE_MARKED	(1u << 1)	/* volatile: READ_ONCE/WRITE_ONCE */
#define RACE_FREE	(1u << 2)	/* kfree of the object */
#define RACE_LOC	(1u << 3)	/* pc is a struct sim_loc * (a shim) */

/*
 * One remembered access to a few bytes of one 8-byte granule: enough to
 * decide whether a later access races with it and to report it.
 */
struct race_cell {
	const void *pc;		/* the instruction, or a sim_loc (RACE_LOC) */
	const void *caller;	/* the call site of its function */
	uint32_t clock;		/* the thread's own clock at the access */
	uint32_t step;		/* the engine's step counter then */
	uint8_t tid;
	uint8_t mask;		/* which bytes of the granule */
	uint8_t size;		/* of the whole access (reports) */
	uint8_t flags;		/* RACE_* */
	uint64_t addr;		/* of the whole access (reports) */
};

/* The running simulated thread's id: only while one runs. */
static inline int current_tid(void)
{
	return sim_current->tid;
}

/* Checks one access of @size bytes (a thread is running, detector on). */
void race_check(uintptr_t addr, size_t size, unsigned int flags,
		const void *pc);

/* The call stack kept by __tsan_func_entry/exit, per simulated thread. */
#define RACE_STACK_DEPTH	64
struct race_stack {
	const void *frame[RACE_STACK_DEPTH];
	unsigned int depth;	/* may exceed RACE_STACK_DEPTH: not kept */
};
extern struct race_stack race_stacks[SIM_MAX_THREADS];

static inline const void *race_caller(int tid)
{
	const struct race_stack *s = &race_stacks[tid];

	if (!s->depth || s->depth > RACE_STACK_DEPTH)
		return NULL;
	return s->frame[s->depth - 1];
}

/* An object the allocator handed out in this execution. */
struct race_object {
	uintptr_t start;
	size_t size;
	const struct sim_loc *alloc;
	const struct sim_loc *free;	/* NULL while live */
	uint32_t free_step;
	int free_tid;
};
const struct race_object *race_object_at(uintptr_t addr);
/* The newest object ending at most a redzone's length before @addr. */
const struct race_object *race_object_left_of(uintptr_t addr);

/*
 * Reports (race_report.c).  Both never return: the execution fails with
 * SIM_FAIL_DATA_RACE or SIM_FAIL_UAF.
 */
/* A known race (sim_race_suppressions_load()): not reported. */
bool race_suppressed(const struct race_cell *old,
		     const struct race_cell *now);
void race_report(const struct race_cell *old, const struct race_cell *now)
	__attribute__((noreturn));
void race_report_uaf(const struct race_cell *now) __attribute__((noreturn));
/* An access to an allocator's redzone: SIM_FAIL_CRASH, as ASan's would be. */
void race_report_oob(const struct race_cell *now) __attribute__((noreturn));

#endif /* _SIM_RACE_IMPL_H */
