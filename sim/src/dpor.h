/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Dynamic partial-order reduction (dpor.c): the engine reports every step
 * of every thread with the objects it touched; after each execution the
 * explorer asks for the races in it and for the next schedule.
 */
#ifndef _SIM_DPOR_H
#define _SIM_DPOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sim_dpor;
struct sim_path;
struct sim_decision;

/* Bytes of one exploration's DPOR state (a mapping, shared if isolated). */
size_t sim_dpor_size(void);
/* Lay out @mem (zeroed, sim_dpor_size() bytes) for a new exploration. */
struct sim_dpor *sim_dpor_init(void *mem);

/* Explorer: before each execution, after it, and to choose the next. */
void sim_dpor_execution_begin(struct sim_dpor *d);
void sim_dpor_analyse(struct sim_dpor *d);
bool sim_dpor_backtrack(struct sim_dpor *d, struct sim_path *path);
/* Decisions on the stack that still have a thread to try (budget stops). */
unsigned int sim_dpor_pending(const struct sim_dpor *d,
			      const struct sim_path *path);

/*
 * Sharding (docs/explorer.md, "Sharding"): the first @depth decisions
 * explore every choosable thread (sleep sets still apply); the prefixes of
 * @depth decisions (or fewer, where an execution ends first), numbered in
 * the order the exploration reaches them, belong to shard (number mod
 * @nshards).  An execution under another shard's prefix is cut at
 * decision @depth.  @depth 0: no sharding.  SIM_DPOR_PROBE as @shard owns
 * nothing: it counts the prefixes.
 */
#define SIM_DPOR_PROBE	UINT32_MAX
void sim_dpor_shard(struct sim_dpor *d, unsigned int depth,
		    unsigned int shard, unsigned int nshards);
/* Forget the exploration tree: the next execution is a first one. */
void sim_dpor_restart(struct sim_dpor *d);
/* After an execution (or a crash in it): whether this shard owns it. */
bool sim_dpor_owned(struct sim_dpor *d);
/*
 * Prefixes numbered so far, of them this shard's (@owned), and whether
 * an execution went past them (@deeper): more depth would split them.
 */
uint64_t sim_dpor_prefixes(const struct sim_dpor *d, uint64_t *owned,
			   bool *deeper);
/*
 * Of them, those an execution went through to the end (to decision
 * @depth), not cut by sleep sets or ended before it.
 */
uint64_t sim_dpor_prefixes_reached(const struct sim_dpor *d);

/* Engine: the current step is over; a thread starts its next one. */
void sim_dpor_step_end(struct sim_dpor *d);
void sim_dpor_step_begin(struct sim_dpor *d, int tid, int decision);
/* sim_pick_fn: the choice at a new decision (ctx: the sim_dpor). */
int sim_dpor_pick(void *ctx, const struct sim_decision *dec, uint32_t index);
/* The current step touches @obj. */
void sim_dpor_access(struct sim_dpor *d, const void *obj, bool write);
/*
 * Whether the current step has touched nothing since its scheduling point
 * (only its announced object), and: it ends blocking (sim_block()).
 */
bool sim_dpor_quiet(const struct sim_dpor *d);
void sim_dpor_blocked(struct sim_dpor *d);
/* The current step's access to @obj was a counter update (sched.h). */
void sim_dpor_counter(struct sim_dpor *d, const void *obj, long old,
		      long delta, long thresh);
/* The next step of @tid starts by touching @obj (its scheduling point). */
void sim_dpor_pending_access(struct sim_dpor *d, int tid, const void *obj,
			     bool write);
/*
 * The current step fails the execution: it ends every other thread too,
 * so it depends on every step they could have run before it.
 */
void sim_dpor_failing(struct sim_dpor *d);
/* The next step of @tid depends on every other step (a timeout). */
void sim_dpor_pending_global(struct sim_dpor *d, int tid);
/* The current step created thread @child. */
void sim_dpor_spawn(struct sim_dpor *d, int child);
/* @tid reached a yield (cpu_relax, cond_resched): is it spinning? */
void sim_dpor_yield(struct sim_dpor *d, int tid);

#endif /* _SIM_DPOR_H */
