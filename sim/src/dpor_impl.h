/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The reduction's state, shared by dpor.c (during an execution, the next
 * execution, sharding) and dpor_race.c (after an execution: the races).
 */
#ifndef _SIM_DPOR_IMPL_H
#define _SIM_DPOR_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "dpor.h"
#include "sim/sched.h"

#define DPOR_EVENTS	(1u << 18)	/* steps in one execution */
#define DPOR_ACCESSES	(1u << 20)	/* objects touched by them */
#define DPOR_SLEEPERS	(1u << 18)
#define DPOR_SLEEP_ACC	(1u << 20)
#define DPOR_HASH	(1u << 21)	/* objects: half full at most */
#define DPOR_STEP_ACC	32		/* more in one step: global */
#define DPOR_SPIN_READS	8

struct dpor_access {
	const void *obj;
	int16_t old;		/* counter: the value the update found */
	int8_t tid;
	uint8_t write;
	uint8_t counter;	/* an update noted by sim_dpor_counter() */
	uint8_t merged;		/* touched again in its step */
	int8_t delta;		/* counter: what it added */
	int8_t thresh;		/* counter: what it tests, DPOR_BLIND */
};

#define DPOR_BLIND	INT8_MIN

/*
 * The updates of one counter between two other accesses to it (a read of
 * its value, a set, a global step): free to reorder among themselves when
 * no order makes any of them find a value at or below its threshold.
 */
struct dpor_segment {
	int32_t init;		/* the value before the first */
	uint32_t epoch;
	int32_t first, last;	/* its updates, linked by seg_next[] */
	bool commute;
};

struct dpor_event {
	int8_t tid;
	uint8_t global:1;
	uint8_t touched:1;	/* accessed more than its announced object */
	uint8_t blocked:1;	/* ended blocking, having touched nothing */
	uint16_t nacc;
	int32_t decision;	/* the decision that chose it, -1: forced */
	uint32_t acc;		/* first of its accesses */
	uint32_t idx;		/* its position among its thread's steps, 1.. */
};

/* A decision of the stack: what is explored at it, what sleeps. */
struct dpor_node {
	uint32_t backtrack;	/* threads to explore here */
	uint32_t done;		/* threads explored or being explored */
	uint32_t choosable;	/* enabled and not spinning */
	uint32_t event;		/* the step it chose */
	uint32_t sleeper;	/* its sleep set: sleepers[sleeper ...] */
	uint32_t nsleeper;
	uint32_t acc_end;	/* sleep_acc used up to here */
};

/* A thread whose next step was explored already: it sleeps. */
struct dpor_sleeper {
	int8_t tid;
	uint8_t global;
	uint16_t nacc;
	uint32_t acc;		/* in sleep_acc */
};

struct dpor_thread {
	struct dpor_access pending[2];
	uint8_t npending;
	bool pending_global;
	uint32_t nsteps;
	int32_t spawn_event;	/* step that created it, -1: setup */
	/* spin detection: reads since the last yield */
	const void *spin[DPOR_SPIN_READS];
	uint8_t nspin;
	bool spin_dirty;	/* wrote, or saw a write, since */
};

struct dpor_slot {
	const void *obj;
	uint32_t gen;
	int32_t last_write;
	int32_t reads;		/* list of reads since it, in reads[] */
	int32_t adds;		/* commuting counter updates since it */
	int32_t segment;	/* the open counter segment, -1 none */
};

struct dpor_read {
	int32_t event;
	int32_t next;
};

struct sim_dpor {
	/* the exploration tree (survives executions) */
	struct dpor_node *nodes;
	struct dpor_sleeper *sleepers;
	uint32_t nsleepers;
	struct dpor_access *sleep_acc;
	uint32_t nsleep_acc;
	uint32_t first_new;	/* first step the last backtrack changed */

	/* the current execution */
	struct dpor_event *ev;
	uint32_t nev;
	struct dpor_access *acc;
	uint32_t nacc;
	int32_t cur;		/* the running step, -1 none */
	int32_t failing;	/* the step that failed the execution, -1 */
	uint32_t nthreads;
	struct dpor_thread th[SIM_MAX_THREADS];
	uint32_t spinning;	/* threads waiting for a write (spin-assume) */
	uint32_t spin_watch;	/* threads with reads in their window */
	struct dpor_sleeper cur_sleep[SIM_MAX_THREADS];
	int ncur_sleep;
	uint32_t pick_choosable;
	int32_t backtrack_node;	/* the decision the last backtrack changed */

	/*
	 * Sharding: the first @fixed decisions explore every choosable
	 * thread; the prefixes of that many decisions, numbered in the
	 * order they are reached, are owned round robin (0: off).
	 */
	uint32_t fixed;
	uint32_t shard, nshards;
	uint64_t nprefix;	/* prefixes numbered so far */
	uint64_t nowned;	/* of them this shard's */
	uint64_t nreached;	/* of them reaching decision @fixed */
	bool assigned;		/* this execution's prefix has its number */
	bool owned;
	bool deeper;		/* an execution reached decision @fixed */

	/* analysis scratch */
	uint32_t *vc;		/* nev x SIM_MAX_THREADS clocks */
	struct dpor_slot *slots;
	uint32_t gen;
	struct dpor_read *reads;
	uint32_t nreads;
	int32_t *acc_segment;	/* per access: its counter segment, -1 */
	int32_t *seg_next;	/* per access: the next of its segment */
	struct dpor_segment *segments;
	uint32_t nsegments;
};

static inline uint32_t bit(int tid)
{
	return 1u << tid;
}

static inline uint32_t sleep_mask(const struct dpor_sleeper *s, int n)
{
	uint32_t m = 0;

	for (int i = 0; i < n; i++)
		m |= bit(s[i].tid);
	return m;
}

/* dpor.c: the threads that could have run at the failing step */
void dpor_failing_races(struct sim_dpor *d);

#endif /* _SIM_DPOR_IMPL_H */
