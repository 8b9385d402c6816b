/* SPDX-License-Identifier: GPL-2.0-only */
/* Engine internals shared by the scheduler, the explorer and the tracer. */
#ifndef _SIM_ENGINE_H
#define _SIM_ENGINE_H

#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "coro.h"
#include "dpor.h"
#include "sim/explore.h"
#include "sim/sched.h"

enum sim_thread_state {
	SIM_T_RUNNABLE,
	SIM_T_BLOCKED,
	SIM_T_DONE,
};

struct sim_thread {
	int tid;
	enum sim_thread_state state;
	const char *name;
	sim_thread_fn fn;
	void *arg;
	struct sim_coro coro;
	bool stack_dirty;	/* abandoned mid-run: reset ASan shadow */
	void *data;
	/* what a blocked thread waits for */
	const void *wait_obj;
	const char *wait_what;
	const struct sim_loc *wait_loc;
	unsigned int wait_flags;
	uint64_t wait_seq;
	enum sim_wait_result wait_result;
	bool sig_pending;
	bool sig_fatal;
	/* last scheduling point reached, for reports */
	enum sim_op last_op;
	const char *last_what;
	const struct sim_loc *last_loc;
};
/* sim_current_tid() (sim/sched.h) reads the id at the start */
_Static_assert(offsetof(struct sim_thread, tid) == 0,
	       "struct sim_thread begins with its id");

/*
 * One decision: a scheduling point where two or more threads could run.
 * A schedule is the sequence of choices; DFS keeps it as its stack.
 */
struct sim_decision {
	uint32_t enabled;	/* 0 when read from a schedule string */
	int8_t cur;		/* thread that reached the point; -1 at start */
	int8_t choice;
	uint8_t yielded;	/* cur yielded: switching away is free */
	uint8_t preempts;	/* preemptions before this decision */
};

struct sim_path {
	struct sim_decision *d;
	uint32_t len;		/* decisions made so far in this execution */
	uint32_t prefix;	/* the first @prefix decisions are replayed */
	uint32_t cap;
	int fail_nth;
};

/* Chooses a thread for a new decision; @d has enabled/cur/yielded set. */
typedef int (*sim_pick_fn)(void *ctx, const struct sim_decision *d,
			   uint32_t index);

struct sim_engine {
	struct sim_thread threads[SIM_MAX_THREADS];
	int nthreads;
	uint32_t enabled;		/* runnable threads */
	struct sim_coro main_coro;
	jmp_buf main_jmp;		/* failures raised outside threads */
	bool in_setup;			/* main context is running a hook */
	bool no_snapshot;		/* sim_opts.no_snapshot */
	bool single_execution;		/* max_executions 1, replays */
	bool restored;			/* started from the snapshot */

	const struct sim_program *prog;
	struct sim_path *path;
	sim_pick_fn pick;
	void *pick_ctx;
	uint64_t steps;
	uint64_t max_steps;
	uint64_t execution;
	uint64_t wait_seq;
	uint64_t allocs;
	bool last_preempt;		/* the last switch was a preemption */
	/* partial-order reduction: steps and what they touch; or NULL */
	struct sim_dpor *dpor;
	sim_object_name_fn object_name;	/* or NULL: addresses */
	bool abandoned;			/* cut short: it adds nothing new */

	/* failure of the current execution */
	enum sim_fail_kind fail_kind;
	char fail_title[SIM_TITLE_MAX];
	char fail_where[SIM_TITLE_MAX];
	char *report;			/* sim_report() text */
	size_t report_len, report_cap;

	/* tracing: every point printed as it happens (replays only) */
	FILE *trace;
	bool trace_all;			/* also the shims' internals */
	int trace_last_tid;
	unsigned int trace_lines;
	/* with trace: each step also as a line of JSON (sim_opts.json) */
	FILE *json;
	/* isolated: what a crashing child leaves its parent (crash.c) */
	struct sim_crash_info *crash;
};

extern struct sim_engine sim_engine;

/* Run one execution of the current program along sim_engine.path. */
void sim_engine_run(void);
/*
 * End the current execution without a failure: the reduction proved that
 * it can only repeat what was explored.  Never returns.
 */
void sim_engine_abandon(void) __attribute__((noreturn));
/* Forget every thread, failure and report: before an execution. */
void sim_engine_reset(void);
/* Free every stack (end of an exploration). */
void sim_engine_release(void);

int sim_default_choice(const struct sim_decision *d);
/* Preemptions that choosing @choice at @d costs (0 or 1). */
int sim_choice_cost(const struct sim_decision *d, int choice);

/* Schedule strings. */
int sim_schedule_format(const struct sim_path *path, char *buf, size_t len,
			int *preemptions);
/* Returns 0, or -1 with a message in @err. */
int sim_schedule_parse(const char *s, struct sim_path *path, char *err,
		       size_t errlen);

/* Trace output. */
void sim_trace_point(struct sim_thread *t, enum sim_op op, const void *obj,
		     const char *what, const struct sim_loc *loc, long value,
		     bool preempted);
void sim_trace_threads(FILE *out);
void sim_trace_reset(void);
/* The failure that ends a traced execution, on sim_engine.json. */
void sim_trace_json_fail(void);
/* The last steps of a long trace, held back until it fails or ends. */
void sim_trace_flush(void);
const char *sim_op_name(enum sim_op op);

/* Run the per-execution hooks. */
void sim_hooks_explore_begin(void);
/* Save the registered state regions (sim_register_state()). */
void sim_state_save(void);
void sim_hooks_begin(void);
void sim_hooks_check(void);
void sim_hooks_end(void);
/* The dump of the hook named @name only; false if there is none. */
bool sim_hooks_dump_one(const char *name, FILE *out);

/* The set-up snapshot (snapshot.c); hooks' part and the regions' here. */
bool sim_hooks_snapshot(void);
void sim_hooks_restore(void);
void sim_state_keep(void);
/* The race detector's part: malloc'd, NULL if out of memory. */
void *sim_race_snapshot_save(void);
void sim_race_snapshot_restore(const void *saved);
struct snap_entry;
struct snap_entry *sim_snapshot_usable(const struct sim_program *prog);
void sim_snapshot_take(const struct sim_program *prog);
void sim_snapshot_restore(const struct sim_program *prog,
			  struct snap_entry *s);
void sim_snapshot_forget(void);

#define SIM_PATH_CAP	(1u << 17)	/* decisions per execution */
/*
 * What a crashed child wrote on stderr that is kept: a sanitizer's report
 * with the kernel's deep stacks (access, free and allocation) and its
 * shadow map is 5 to 8 KiB, all of which comes after its ERROR line.
 */
#define CRASH_TEXT_MAX	(64 * 1024)

/* Strategies (strategy.c). */
uint64_t sim_splitmix64(uint64_t *s);
int sim_pick_default(void *ctx, const struct sim_decision *d, uint32_t index);
/* @ctx: a uint64_t random state */
int sim_pick_random(void *ctx, const struct sim_decision *d, uint32_t index);
struct sim_pct {
	uint64_t rng;
	int64_t prio[SIM_MAX_THREADS];
	uint32_t assigned;
	uint32_t change[16];
	int nchange;
	int64_t floor;		/* lowest priority handed out so far */
};

void sim_pct_init(struct sim_pct *p, uint64_t seed, int depth, uint32_t k);
int sim_pick_pct(void *ctx, const struct sim_decision *d, uint32_t index);
/* DFS: move @p to the next schedule within @bound; false when done. */
bool sim_dfs_backtrack(struct sim_path *p, int bound, bool *pruned);

/* Progress and reports (report.c). */
struct sim_progress {
	int fd;			/* -1: off */
	double start, last;
	uint64_t last_execs;
	bool shown;
};

double sim_now(void);
void sim_progress_tick(struct sim_progress *pg,
		       const struct sim_program *prog,
		       const struct sim_opts *opts, int bound,
		       const struct sim_result *res);
void sim_progress_done(struct sim_progress *pg);
void sim_print_header(const struct sim_program *prog,
		      const struct sim_opts *opts,
		      const struct sim_failure *f, bool traced_above);
void sim_print_body(FILE *out);
void sim_print_footer(FILE *out, bool replayed);
/* Replay @f's schedule (traced if asked); true if it failed the same way. */
bool sim_replay_traced(const struct sim_program *prog,
		       const struct sim_opts *opts,
		       const struct sim_failure *f, bool traced);

/*
 * A child about to _exit(): write its gcov counters (in a --coverage
 * build; nothing otherwise), which only exit() would.
 */
void sim_coverage_flush(void);
/* Whether two failures are the same one: kind, title and place. */
bool sim_same_failure(const struct sim_failure *a,
		      const struct sim_failure *b);

/*
 * Crash isolation and crash reports (crash.c).
 *
 * A child of an isolated exploration that crashes cannot report: its
 * parent does, from what the child wrote on stderr (a sanitizer's report)
 * and from what it left in memory shared with the parent: the steps of a
 * traced execution, and as it died, the simulated thread that ran and
 * (with no sanitizer) the signal, its address and the return addresses
 * of the stack.
 */
#define SIM_STEPLOG		512	/* traced steps kept, the last ones */
#define SIM_CRASH_FRAMES	24	/* frames kept of each stack */
#define SIM_CRASH_PCS		24

/* One traced step (a line of the trace) or a thread's last point. */
struct sim_step_rec {
	uint32_t step;		/* the trace's line number; 0: not traced */
	int tid;
	int line;
	char thread[24];
	char func[64];
	char file[128];
	char what[96];
};

struct sim_crash_info {
	uint32_t nsteps;	/* steps recorded (the ring keeps the last) */
	bool died;
	int tid;		/* the thread that ran, -1: the set-up */
	char thread[24];
	uint32_t after_step;	/* trace lines printed before the crash */
	struct sim_step_rec last; /* that thread's last scheduling point */
	/* with no sanitizer: the signal, and the stack from its frame */
	int sig, code;
	uintptr_t addr;
	int npc;
	uintptr_t pc[SIM_CRASH_PCS];
	/* the stack's top two words: the caller, if it crashed at entry */
	uintptr_t sp[2];
	struct sim_step_rec steps[SIM_STEPLOG];
};

/*
 * Function, file and line of the instruction at @pc, by addr2line (cached;
 * "??" and 0 where the code has no debug information).  race_report.c.
 */
const struct sim_loc *sim_code_loc(const void *pc);

struct sim_crash_frame {
	char func[80];
	char file[160];		/* relative to the source tree if in it */
	int line;		/* 0: unknown */
	unsigned long off;	/* from a bare pc: the offset in func */
};

enum { SIM_STACK_ACCESS, SIM_STACK_ALLOC, SIM_STACK_FREE, SIM_NSTACKS };

struct sim_crash_stack {
	int n;
	struct sim_crash_frame f[SIM_CRASH_FRAMES];
};

/* A crash, read from a sanitizer's report or from a signal. */
struct sim_crash {
	char tool[40];		/* "AddressSanitizer" ...; "" for a signal */
	char error[SIM_TITLE_MAX]; /* the tool's name for it ("SEGV") */
	char kind[48];		/* KASAN's ("slab-use-after-free") */
	char headline[SIM_TITLE_MAX]; /* "BUG: KASAN: ... in FUNC" */
	char where[SIM_TITLE_MAX]; /* "FILE:LINE FUNC()" */
	char access[SIM_TITLE_MAX]; /* "Read of size 4 at addr ... by ..." */
	char located[SIM_TITLE_MAX]; /* where the address is in its object */
	char summary[SIM_TITLE_MAX]; /* the tool's SUMMARY line */
	struct sim_crash_stack stack[SIM_NSTACKS];
	const char *report;	/* the tool's report as printed, or NULL */
	size_t report_len;
	/* from the child as it died (valid if died) */
	bool died;
	int tid;
	char thread[24];
	uint32_t after_step;
	struct sim_step_rec last;
	int sig;
};

/*
 * Read a crash from @text, what the child wrote on stderr, its wait
 * @status and @ci (or NULL).  @c keeps pointers into @text.
 */
void sim_crash_parse(const char *text, int status,
		     const struct sim_crash_info *ci, struct sim_crash *c);
/*
 * The KASAN-shaped report of @c on @out, frames mapped onto the traced
 * steps of @ci (or NULL: none), then the tool's own report as printed.
 */
void sim_crash_print(FILE *out, const struct sim_crash *c,
		     const struct sim_crash_info *ci);
/* The {"fail":true,...} record of @c, as sim_trace_json_fail() writes. */
void sim_crash_json(FILE *out, const struct sim_crash *c,
		    const struct sim_crash_info *ci);
/* Forget the steps and the death of the last child: before a spawn. */
void sim_crash_info_reset(struct sim_crash_info *ci);
/* Record a traced step for a crash report (trace.c). */
void sim_crash_note_step(struct sim_thread *t, const struct sim_loc *loc,
			 const char *what);
void sim_clear_text(int fd);
/* The captured stderr, its last @len - 1 bytes at most; then emptied. */
void sim_read_tail(int fd, char *buf, size_t len);
pid_t sim_spawn(int err_fd, int *progress_fd);

#endif /* _SIM_ENGINE_H */
