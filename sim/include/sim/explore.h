/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The explorer: runs a program many times, each time from a fresh state,
 * under a schedule chosen by a strategy, and reports every failure with a
 * schedule string that replays it exactly.
 */
#ifndef _SIM_EXPLORE_H
#define _SIM_EXPLORE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/sched.h"

/*
 * A program under test.  setup() builds a fresh world and creates the
 * threads; it runs sequentially, outside any simulated thread.  invariant()
 * is called at every scheduling point when SIM_CHECK_INVARIANTS is on.
 * teardown() runs after every thread ended (only for executions that did
 * not fail): it checks end states and frees what setup built.
 *
 * A program with start() splits its set-up in two: setup() builds the
 * world and creates no thread, start() creates the threads.  Then the
 * engine may run setup() once, keep the state it built (a snapshot: every
 * layer's state, the kernel globals, the heap) and start later executions
 * from that state put back, calling only start() (docs/explorer.md).
 * Programs with equal @setup_key bytes share a snapshot (their set-ups
 * must build the same state, and keep no pointer into @ctx); save() writes
 * what setup() left in @ctx (at most SIM_PROGRAM_SAVE_MAX bytes; < 0: do
 * not snapshot this one) and restore() puts it back into a @ctx.
 */
#define SIM_PROGRAM_SAVE_MAX	1024

/* Set-up snapshots taken, and executions started from one (benchmarks). */
extern uint64_t sim_snapshot_taken, sim_snapshot_restored;

struct sim_program {
	const char *name;
	void (*setup)(void *ctx);
	void (*invariant)(void *ctx);
	void (*teardown)(void *ctx);
	void *ctx;
	/* optional: the set-up snapshot (all four, or none) */
	void (*start)(void *ctx);
	int (*save)(void *ctx, void *buf, size_t room);
	void (*restore)(void *ctx, const void *buf);
	const void *setup_key;
	size_t setup_key_len;
	/*
	 * Other programs may have the same key: a snapshot is worth taking
	 * even in an exploration of one execution (a fuzzer's input).
	 */
	bool setup_shared;
};

enum sim_strategy {
	SIM_STRATEGY_DFS,	/* exhaustive, iterative preemption bounding */
	SIM_STRATEGY_RANDOM,	/* seeded random walk */
	SIM_STRATEGY_PCT,	/* seeded PCT of depth pct_depth */
	SIM_STRATEGY_REPLAY,	/* one execution following a schedule string */
	SIM_STRATEGY_DPOR,	/* exhaustive, one execution per trace */
};

const char *sim_strategy_name(enum sim_strategy s);
int sim_strategy_parse(const char *name, enum sim_strategy *s);

#define SIM_SCHEDULE_MAX	4096	/* characters of a schedule string */
#define SIM_TITLE_MAX		256
#define SIM_MAX_FAILURES	16

struct sim_opts {
	enum sim_strategy strategy;
	int max_bound;		/* DFS: explore bounds 0..max_bound */
	int min_bound;		/* DFS: first bound (default 0) */
	/*
	 * Explore shard @shard of @nshards (0: no sharding; 1: the whole).
	 * DFS: the shards partition the schedules: each explores the
	 * subtrees whose first non-default decision (index and thread) it
	 * owns, shard 0 also the default schedule; together they run exactly
	 * the executions of the unsharded exploration of bound max_bound
	 * alone (sharded, DFS makes one pass at max_bound, not bounds 0, 1,
	 * ... in turn).  DPOR: the first @shard_depth decisions are explored
	 * unreduced and each prefix of them belongs to one shard, under
	 * which DPOR explores every trace; together the shards explore
	 * every trace (docs/explorer.md, "Sharding").
	 */
	unsigned int shard, nshards;
	/* DPOR shards: decisions fixed; 0: the fewest giving 4 prefixes a
	   shard that an execution reaches the end of (none with one
	   shard) */
	unsigned int shard_depth;
	uint64_t seed;		/* random, pct */
	int pct_depth;		/* pct: bug depth d (default 3) */
	uint64_t max_executions; /* 0: DFS unlimited, random/pct 1000 */
	uint64_t max_steps;	/* per execution; 0: 100000 */
	unsigned int max_seconds; /* wall-clock budget; 0: none */
	const char *schedule;	/* replay */
	int fail_nth;		/* the Nth allocation fails; 0: none */
	unsigned int checks;	/* SIM_CHECK_* (0 means all, see no_checks) */
	bool no_checks;		/* run with every checker off (benchmark) */
	bool keep_going;	/* go on after a failure */
	unsigned int max_failures; /* with keep_going; 0: SIM_MAX_FAILURES */
	bool isolate;		/* run in a child process: survive crashes */
	bool no_snapshot;	/* run every set-up (comparisons, benchmarks) */
	int progress;		/* -1 auto (a terminal), 0 off, 1 on */
	bool quiet;		/* no reports on out (tests) */
	bool trace_always;	/* print the trace of every execution */
	bool trace_all;		/* traces include the shims' internals */
	FILE *out;		/* reports; default stdout */
	/*
	 * With trace_always: each traced step also as one line of JSON
	 * (step, thread, operation, call site, the locks every thread
	 * holds), and a last {"fail":true,...} line for a failure.
	 */
	FILE *json;
	/* printf format with one %s for the schedule: the replay command */
	const char *replay_hint;
};

struct sim_failure {
	enum sim_fail_kind kind;
	char title[SIM_TITLE_MAX];	/* message */
	char where[SIM_TITLE_MAX];	/* file:line (function) */
	char schedule[SIM_SCHEDULE_MAX];
	int preemptions;
	int fail_nth;
	uint64_t execution;		/* which execution found it */
	bool replayed;			/* replay reproduced it exactly */
};

struct sim_result {
	uint64_t executions;
	uint64_t steps;			/* scheduling points, all executions */
	uint64_t per_bound[16];		/* DFS: executions at each bound */
	int bound;			/* DFS: last bound explored */
	bool exhausted;			/* DFS: every schedule was explored;
					   DPOR: every trace */
	uint64_t redundant;		/* DPOR: executions cut by sleep sets */
	unsigned int pending;		/* DPOR stopped by a budget: decisions
					   with alternatives left */
	bool budget_spent;		/* --max-executions or --max-seconds
					   stopped it */
	uint64_t max_allocs;		/* most allocations in one execution */
	/* DPOR shards: the decisions fixed, the prefixes of that many
	   decisions (all, and this shard's) and the executions run only to
	   find them (other shards' prefixes, counting them), not counted
	   above */
	unsigned int shard_depth;
	uint64_t shard_prefixes, shard_owned, shard_probes;
	unsigned int nfailures;
	struct sim_failure failures[SIM_MAX_FAILURES];
	double seconds;
};

void sim_opts_init(struct sim_opts *opts);

/*
 * Explore @prog.  Returns 0 when no failure was found, 1 when some was,
 * -1 on a usage error (bad schedule string ...).  @res may be NULL.
 */
int sim_explore(const struct sim_program *prog, const struct sim_opts *opts,
		struct sim_result *res);

/*
 * Run @prog once per allocation site: execution N fails the Nth
 * allocation, for N = 1, 2, ... until an execution allocates fewer than N
 * times.  Each run follows @opts (one schedule by default).  Returns as
 * sim_explore(); res->executions counts every run, res->failures holds
 * each distinct failure (kind, title, place) once, at the first N.
 */
int sim_sweep_faults(const struct sim_program *prog,
		     const struct sim_opts *opts, struct sim_result *res);

/*
 * Run @prog once under @schedule with tracing on; the trace and any failure
 * report are printed on @out.  Returns 0 if the execution passed.
 */
int sim_replay(const struct sim_program *prog, const char *schedule,
	       const struct sim_opts *opts, struct sim_result *res);

/* Write @s as a JSON string literal, quoted and escaped. */
void sim_json_string(FILE *out, const char *s);

/* Allocations made so far in this execution and whether one was failed. */
uint64_t sim_alloc_count(void);
bool sim_should_fail_alloc(void);
/*
 * Whether this execution's fail-nth allocation has been made (and
 * failed): from then on a program's results may legitimately differ from
 * an unfaulted run, though its end state must still be clean.
 */
bool sim_alloc_failed(void);

#endif /* _SIM_EXPLORE_H */
