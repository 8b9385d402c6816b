/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The deterministic scheduler as seen by the shims and by test programs.
 *
 * Simulated threads are coroutines on one OS thread.  A thread runs until it
 * reaches a scheduling point (every lock, unlock, atomic, refcount and
 * completion operation calls sim_point() first); there the active strategy
 * decides which enabled thread runs next.  Code that runs outside a simulated
 * thread (setup and teardown hooks) is sequential: sim_point() is a no-op
 * there.
 */
#ifndef _SIM_SCHED_H
#define _SIM_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SIM_MAX_THREADS		32

/*
 * Where an operation was called from, and the text of its argument
 * ("&group->group_lock"); one static object per call site.
 */
struct sim_loc {
	const char *file;
	int line;
	const char *func;
	const char *expr;
};

#define SIM_AT(expr_text)						\
	({								\
		static const struct sim_loc __sim_loc = {		\
			__FILE__, __LINE__, __func__, expr_text		\
		};							\
		&__sim_loc;						\
	})
#define SIM_HERE	SIM_AT(NULL)

/* What a scheduling point is about to do; recorded in the trace. */
enum sim_op {
	SIM_OP_YIELD,
	SIM_OP_LOCK,
	SIM_OP_TRYLOCK,
	SIM_OP_UNLOCK,
	SIM_OP_ATOMIC,
	SIM_OP_REFCOUNT,
	SIM_OP_WAIT,
	SIM_OP_WAKE,
	SIM_OP_READ,
	SIM_OP_WRITE,
	SIM_OP_SPAWN,
	SIM_OP_EXIT,
	SIM_OP_BLOCK,
	SIM_OP_WAKEUP,
	SIM_OP_ALLOC,
	SIM_OP_FREE,
	SIM_OP_USER,
	SIM_OP_NR
};

enum sim_fail_kind {
	SIM_FAIL_NONE,
	SIM_FAIL_WARN,		/* WARN_ON / WARN */
	SIM_FAIL_BUG,		/* BUG_ON / BUG */
	SIM_FAIL_ASSERT,	/* failed SIM_ASSERT or invariant */
	SIM_FAIL_LOCKDEP,	/* lock order, recursion, bad unlock, held lock */
	SIM_FAIL_REFCOUNT,	/* refcount_t saturation / underflow / UAF */
	SIM_FAIL_DEADLOCK,	/* every live thread blocked */
	SIM_FAIL_LIVELOCK,	/* step bound exceeded */
	SIM_FAIL_CRASH,		/* signal or sanitizer abort */
	SIM_FAIL_LEAK,		/* memory left allocated at the end */
	SIM_FAIL_UAF,		/* use of freed memory seen by a shim */
	SIM_FAIL_NONDETERMINISM, /* a replayed prefix behaved differently */
	SIM_FAIL_DATA_RACE,	/* unordered conflicting plain accesses */
	SIM_FAIL_NR
};

const char *sim_fail_kind_name(enum sim_fail_kind kind);
/* Inverse of sim_fail_kind_name(); SIM_FAIL_NONE when unknown. */
enum sim_fail_kind sim_fail_kind_parse(const char *name);

/*
 * Global switches read on hot paths.  sim_checks selects the checkers that
 * run (SIM_CHECK_*); tests and the benchmark turn them off to measure the
 * engine alone.
 */
#define SIM_CHECK_LOCKDEP	(1u << 0)
#define SIM_CHECK_LEAKS		(1u << 1)
#define SIM_CHECK_INVARIANTS	(1u << 2)
#define SIM_CHECK_POISON	(1u << 3)
#define SIM_CHECK_ALL		0xffu
extern unsigned int sim_checks;

struct sim_thread;
extern struct sim_thread *sim_current;	/* NULL outside simulated threads */

/* Threads. */
typedef void (*sim_thread_fn)(void *arg);
int sim_thread_create(const char *name, sim_thread_fn fn, void *arg);
/*
 * The running thread's id, -1 outside simulated threads.  Inline: the
 * shims ask on every lock, allocation and checked access.  A struct
 * sim_thread begins with its id (sim/src/engine.h asserts it).
 */
static inline int sim_current_tid(void)
{
	return sim_current ? *(const int *)sim_current : -1;
}
const char *sim_thread_name(int tid);
int sim_nr_threads(void);
bool sim_thread_done(int tid);
/* Opaque per-thread pointer for higher layers (the simulated process). */
void sim_thread_set_data(int tid, void *data);
void *sim_thread_data(int tid);

/* A scheduling point: the strategy may switch to another thread here. */
void __sim_point(enum sim_op op, const void *obj, const char *what,
		 const struct sim_loc *loc);
static inline void sim_point(enum sim_op op, const void *obj,
			     const char *what, const struct sim_loc *loc)
{
	if (sim_current)
		__sim_point(op, obj, what, loc);
}

/*
 * The current step reads or writes @obj, shared with other threads, with
 * no scheduling point of its own (a counter a shim keeps, the kernel log):
 * partial-order reduction orders the steps that touch one object and one
 * of which writes it, and reorders freely every other pair.
 */
void __sim_note_access(const void *obj, bool write);
static inline void sim_note_access(const void *obj, bool write)
{
	if (sim_current)
		__sim_note_access(obj, write);
}

/*
 * The operation the current step announced on @obj was an update of a
 * counter: it found @old, added @delta (0 if it refused), and what it did
 * and returned depended on @old only through whether @old was at most
 * @threshold (a put that may drop the last reference tests 1, a get that
 * refuses or warns on 0 tests 0; SIM_COUNTER_BLIND: it returns nothing
 * and checks nothing).  Partial-order reduction lets such updates of one
 * counter commute while no order of them reaches a threshold.  An
 * operation that returns the value itself must not say this.
 */
#define SIM_COUNTER_BLIND	(-2147483647L - 1)
void __sim_note_counter(const void *obj, long old, long delta,
			long threshold);
static inline void sim_note_counter(const void *obj, long old, long delta,
				    long threshold)
{
	if (sim_current)
		__sim_note_counter(obj, old, delta, threshold);
}

/* A voluntary yield (cpu_relax, cond_resched): others run first. */
void sim_yield(const struct sim_loc *loc);

/*
 * Blocking.  sim_block() parks the current thread on @obj until another
 * thread calls sim_wake_*(@obj); the caller re-checks its condition.  With
 * a timeout, the wait ends with SIM_WAIT_TIMEOUT when nothing else can run
 * (time only passes when every thread is blocked).  Interruptible waits end
 * with SIM_WAIT_SIGNAL when the thread has a signal pending.
 */
enum sim_wait_flags {
	SIM_WAIT_TIMED = 1 << 0,
	SIM_WAIT_INTERRUPTIBLE = 1 << 1,
	SIM_WAIT_KILLABLE = 1 << 2,
	/*
	 * The condition is no access the reduction sees (a scenario's
	 * variable), and the setter wakes every waiter (sim_wake_all()): a
	 * wait that blocks before the setter's wake only delays the
	 * waiter.  Sharded DPOR uses it (docs/explorer.md, "Sharding").
	 */
	SIM_WAIT_UNSEEN = 1 << 3,
};

enum sim_wait_result {
	SIM_WAIT_WOKEN,
	SIM_WAIT_TIMEOUT,
	SIM_WAIT_SIGNAL,
};

enum sim_wait_result sim_block(const void *obj, const char *what,
			       unsigned int flags, const struct sim_loc *loc);
/* Number of threads blocked on @obj. */
int sim_waiters(const void *obj);
/* Wake every thread blocked on @obj; returns how many. */
int sim_wake_all(const void *obj);
/* Wake the longest-waiting thread blocked on @obj; returns 1 if any. */
int sim_wake_one(const void *obj);

/* Signals: a pending signal ends interruptible waits. */
void sim_thread_kill(int tid, bool fatal);
bool sim_signal_pending(void);
bool sim_fatal_signal_pending(void);

/*
 * Owner hints for hung-task style deadlock reports: a blocking primitive
 * describes who holds @obj.  Called by the deadlock reporter.
 */
typedef int (*sim_owner_fn)(const void *obj, char *buf, size_t len);
void sim_register_owner_fn(sim_owner_fn fn);

/*
 * A name for the object at @addr that is the same in every execution that
 * created it the same way (the allocator: which allocation of this
 * execution, and the offset in it), or @addr itself.  Partial-order
 * reduction compares objects across executions by these names: the host
 * allocator may place one object at different addresses in two
 * executions (ASan's quarantine does).
 */
typedef uintptr_t (*sim_object_name_fn)(const void *addr);
void sim_register_object_name(sim_object_name_fn fn);
/* Whether names are asked for in this execution (a DPOR exploration). */
bool sim_object_names_wanted(void);

/*
 * Failure: ends the current execution.  The message should say what went
 * wrong; @loc says where.  Never returns.
 */
void sim_fail(enum sim_fail_kind kind, const struct sim_loc *loc,
	      const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));
/*
 * A kernel-shaped multi-line report (lockdep splat, refcount warning ...)
 * that precedes the failure; appended to the failure's report body.
 */
void sim_report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define SIM_ASSERT(cond)						\
	do {								\
		if (!(cond))						\
			sim_fail(SIM_FAIL_ASSERT, SIM_HERE,		\
				 "assertion failed: %s", #cond);	\
	} while (0)

/*
 * The order in which the per-execution hooks run, every hook of the
 * program in one place (each layer registers its own, README.md Layout).
 * Each step (begin, check, end, thread_exit, dump) runs the hooks in this
 * order:
 * - the scenario first (its dump leads a report);
 * - the simulated userspace: at the end of an execution every process
 *   still alive exits, so that release paths run before any end check;
 * - tasks: a thread ending runs its task work (deferred fputs) before the
 *   lock checker looks at what it still holds;
 * - the kernel primitives, which have no order among themselves (their
 *   positions only fix the order of report sections);
 * - the subsystem mocks, iommufd before kvm (a context holds files a VM
 *   may hold), both before the iommu core (groups outlive both);
 * - the device model, then modules (unloaded once the files that pin them
 *   are gone);
 * - the allocator last: its end frees the heap and checks for leaks, so
 *   every other hook may still look at heap objects.
 */
enum sim_hook_order {
	SIM_HOOK_SCENARIO,
	SIM_HOOK_WORLD,
	SIM_HOOK_TASKS,
	SIM_HOOK_ANON_INODES,
	SIM_HOOK_BUG,
	SIM_HOOK_LIBFS,
	SIM_HOOK_LOCKDEP,
	SIM_HOOK_ONCE,
	SIM_HOOK_PRINTK,
	SIM_HOOK_REFCOUNT,
	SIM_HOOK_IOMMUFD,
	SIM_HOOK_KVM,
	SIM_HOOK_IOMMU,
	SIM_HOOK_DEVICES,
	SIM_HOOK_MODULES,
	SIM_HOOK_SLAB,
	SIM_HOOK_TARGET,
};

/* Per-execution hooks of the layers (reset state, end checks). */
struct sim_exec_hook {
	const char *name;
	/* when it runs: enum sim_hook_order (equals: registration order) */
	int order;
	/* once at the start of an exploration (lockdep's graph lives on) */
	void (*explore_begin)(void);
	/* before setup of every execution */
	void (*begin)(void);
	/* after teardown of an execution that did not fail: end checks */
	void (*check)(void);
	/* after every execution, failed or not: release everything */
	void (*end)(void);
	/* a thread is about to end (its function returned) */
	void (*thread_exit)(int tid);
	/* print this module's state into a failure report */
	void (*dump)(FILE *out);
	/*
	 * Set-up snapshots (struct sim_program's start()).  snapshot() runs
	 * after a set-up: it names the memory whose contents the set-up
	 * changed (sim_snapshot_keep()), or returns false when this layer's
	 * state cannot be put back (the program then runs every set-up).  An
	 * execution that starts from the snapshot runs begin(), then gets
	 * the kept memory back, then restore() for anything else.  A layer
	 * whose state a set-up may change must have snapshot(): the engine
	 * takes no snapshot while a hook with begin() has none.
	 */
	bool (*snapshot)(void);
	void (*restore)(void);
	struct sim_exec_hook *next;
};
void sim_register_exec_hook(struct sim_exec_hook *hook);

/* From a hook's snapshot(): keep the @len bytes at @p as they are now. */
void sim_snapshot_keep(const void *p, size_t len);
#define SIM_SNAPSHOT_KEEP(var)	sim_snapshot_keep(&(var), sizeof(var))

/*
 * Memory in which the code under test keeps state (its globals: a kernel
 * file's .data and .bss).  It is saved when an exploration starts and
 * restored before every execution, so that each execution starts from the
 * same state whatever the previous one left behind (a failed execution
 * abandons its threads mid-way, and statics would keep pointing at memory
 * the allocator has taken back).  Regions must stay valid while registered.
 */
void sim_register_state(void *start, size_t len);
void sim_unregister_state(void *start);

/* Number of the current execution in this exploration, from 1. */
uint64_t sim_execution(void);
/* Whether this execution started from a set-up snapshot (tests). */
bool sim_execution_restored(void);
/* Scheduling points so far in the current execution. */
uint64_t sim_steps(void);

/*
 * Whether this execution is traced (a replay that reports): callers that
 * format text only for sim_trace_note() can skip the work otherwise.
 */
bool sim_tracing(void);
/* Record a user-defined operation in the trace (not a scheduling point). */
void sim_trace_note(const char *what, const void *obj, long value,
		    const struct sim_loc *loc);

#endif /* _SIM_SCHED_H */
