// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scheduler: simulated threads, scheduling points, blocking and
 * failures.  Threads switch directly to one another (a point that keeps the
 * running thread costs no switch at all); the main context only starts an
 * execution and is switched back to when the execution ends or fails.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "sim/race.h"

#define SIM_STACK_SIZE	(256 * 1024)

struct sim_engine sim_engine;
struct sim_thread *sim_current;
unsigned int sim_checks = SIM_CHECK_ALL;

static struct sim_exec_hook *hooks;
static sim_owner_fn owner_fns[8];
static int nr_owner_fns;

static const char *const fail_kind_names[SIM_FAIL_NR] = {
	[SIM_FAIL_NONE] = "none",
	[SIM_FAIL_WARN] = "warning",
	[SIM_FAIL_BUG] = "bug",
	[SIM_FAIL_ASSERT] = "assertion",
	[SIM_FAIL_LOCKDEP] = "lockdep",
	[SIM_FAIL_REFCOUNT] = "refcount",
	[SIM_FAIL_DEADLOCK] = "deadlock",
	[SIM_FAIL_LIVELOCK] = "livelock",
	[SIM_FAIL_CRASH] = "crash",
	[SIM_FAIL_LEAK] = "leak",
	[SIM_FAIL_UAF] = "use-after-free",
	[SIM_FAIL_NONDETERMINISM] = "nondeterminism",
	[SIM_FAIL_DATA_RACE] = "data-race",
};

const char *sim_fail_kind_name(enum sim_fail_kind kind)
{
	if ((unsigned int)kind >= SIM_FAIL_NR)
		return "?";
	return fail_kind_names[kind];
}

enum sim_fail_kind sim_fail_kind_parse(const char *name)
{
	for (int i = 1; i < SIM_FAIL_NR; i++)
		if (!strcmp(name, fail_kind_names[i]))
			return i;
	return SIM_FAIL_NONE;
}

void sim_register_exec_hook(struct sim_exec_hook *hook)
{
	struct sim_exec_hook **pp = &hooks;

	while (*pp && (*pp)->order <= hook->order)
		pp = &(*pp)->next;
	hook->next = *pp;
	*pp = hook;
}

void sim_hooks_explore_begin(void)
{
	for (struct sim_exec_hook *h = hooks; h; h = h->next)
		if (h->explore_begin)
			h->explore_begin();
}

void sim_hooks_begin(void)
{
	for (struct sim_exec_hook *h = hooks; h; h = h->next)
		if (h->begin)
			h->begin();
}

bool sim_hooks_snapshot(void)
{
	for (struct sim_exec_hook *h = hooks; h; h = h->next) {
		if (h->snapshot) {
			if (!h->snapshot())
				return false;
		} else if (h->begin) {
			/* its state is reset: it may be the set-up's too */
			return false;
		}
	}
	return true;
}

void sim_hooks_restore(void)
{
	for (struct sim_exec_hook *h = hooks; h; h = h->next)
		if (h->restore)
			h->restore();
}

void sim_hooks_check(void)
{
	for (struct sim_exec_hook *h = hooks; h; h = h->next)
		if (h->check)
			h->check();
}

void sim_hooks_end(void)
{
	for (struct sim_exec_hook *h = hooks; h; h = h->next)
		if (h->end)
			h->end();
}

static void hooks_thread_exit(int tid)
{
	for (struct sim_exec_hook *h = hooks; h; h = h->next)
		if (h->thread_exit)
			h->thread_exit(tid);
}

static void hooks_dump(FILE *out)
{
	for (struct sim_exec_hook *h = hooks; h; h = h->next)
		if (h->dump)
			h->dump(out);
}

bool sim_hooks_dump_one(const char *name, FILE *out)
{
	for (struct sim_exec_hook *h = hooks; h; h = h->next) {
		if (h->dump && !strcmp(h->name, name)) {
			h->dump(out);
			return true;
		}
	}
	return false;
}

void sim_register_object_name(sim_object_name_fn fn)
{
	sim_engine.object_name = fn;
}

bool sim_object_names_wanted(void)
{
	return sim_engine.dpor != NULL;
}

void sim_register_owner_fn(sim_owner_fn fn)
{
	for (int i = 0; i < nr_owner_fns; i++)
		if (owner_fns[i] == fn)
			return;
	if (nr_owner_fns < (int)(sizeof(owner_fns) / sizeof(owner_fns[0])))
		owner_fns[nr_owner_fns++] = fn;
}

/* --- state regions ------------------------------------------------------ */

/* two per vfio core linked in, plus what tests register */
#define SIM_MAX_STATE_REGIONS	64

static struct state_region {
	void *start;
	size_t len;
	void *saved;		/* NULL until the first exploration saves it */
} state_regions[SIM_MAX_STATE_REGIONS];
static int nr_state_regions;

void sim_register_state(void *start, size_t len)
{
	struct state_region *r;

	if (nr_state_regions == SIM_MAX_STATE_REGIONS) {
		fprintf(stderr, "vfio-sim: more than %d state regions\n",
			SIM_MAX_STATE_REGIONS);
		abort();
	}
	sim_snapshot_forget();
	r = &state_regions[nr_state_regions++];
	r->start = start;
	r->len = len;
	r->saved = NULL;
}

void sim_unregister_state(void *start)
{
	for (int i = 0; i < nr_state_regions; i++) {
		if (state_regions[i].start != start)
			continue;
		sim_snapshot_forget();
		free(state_regions[i].saved);
		state_regions[i] = state_regions[--nr_state_regions];
		return;
	}
}

/*
 * At the start of the first exploration that sees a region: its contents
 * then (the state after the program's constructors) are what every run of
 * every later exploration starts from.  Saving again at a later
 * exploration would start it from whatever the previous one left, e.g. a
 * pointer to memory the slab hook freed at its last execution's end.
 */
void sim_state_save(void)
{
	for (int i = 0; i < nr_state_regions; i++) {
		struct state_region *r = &state_regions[i];

		if (r->saved)
			continue;
		r->saved = malloc(r->len);
		if (!r->saved)
			abort();
		memcpy(r->saved, r->start, r->len);
	}
}

/* The regions as the set-up left them, into the snapshot. */
void sim_state_keep(void)
{
	for (int i = 0; i < nr_state_regions; i++)
		sim_snapshot_keep(state_regions[i].start,
				  state_regions[i].len);
}

static void state_restore(void)
{
	for (int i = 0; i < nr_state_regions; i++)
		if (state_regions[i].saved)
			memcpy(state_regions[i].start, state_regions[i].saved,
			       state_regions[i].len);
}

uint64_t sim_execution(void)
{
	return sim_engine.execution;
}

bool sim_execution_restored(void)
{
	return sim_engine.restored;
}

uint64_t sim_steps(void)
{
	return sim_engine.steps;
}

/* --- threads ------------------------------------------------------------ */

static inline uint32_t bit(int tid)
{
	return 1u << tid;
}

static struct sim_thread *thread(int tid)
{
	return &sim_engine.threads[tid];
}

int sim_nr_threads(void)
{
	return sim_engine.nthreads;
}

const char *sim_thread_name(int tid)
{
	if (tid < 0 || tid >= sim_engine.nthreads)
		return "main";
	return thread(tid)->name;
}

bool sim_thread_done(int tid)
{
	return thread(tid)->state == SIM_T_DONE;
}

void sim_thread_set_data(int tid, void *data)
{
	thread(tid)->data = data;
}

void *sim_thread_data(int tid)
{
	if (tid < 0 || tid >= sim_engine.nthreads)
		return NULL;
	return thread(tid)->data;
}

void __sim_note_counter(const void *obj, long old, long delta,
			long threshold)
{
	if (sim_engine.dpor)
		sim_dpor_counter(sim_engine.dpor, obj, old, delta, threshold);
}

static void thread_entry(void);

int sim_thread_create(const char *name, sim_thread_fn fn, void *arg)
{
	struct sim_engine *e = &sim_engine;
	struct sim_thread *t;

	if (e->nthreads >= SIM_MAX_THREADS)
		sim_fail(SIM_FAIL_BUG, SIM_HERE, "more than %d threads",
			 SIM_MAX_THREADS);
	t = thread(e->nthreads);
	if (sim_coro_init(&t->coro, SIM_STACK_SIZE, thread_entry,
			  t->stack_dirty || !t->coro.stack))
		sim_fail(SIM_FAIL_BUG, SIM_HERE, "no memory for a stack");
	t->stack_dirty = false;
	t->tid = e->nthreads++;
	t->state = SIM_T_RUNNABLE;
	t->name = name;
	t->fn = fn;
	t->arg = arg;
	t->data = NULL;
	t->wait_obj = NULL;
	t->sig_pending = t->sig_fatal = false;
	t->last_op = SIM_OP_SPAWN;
	t->last_what = "start";
	t->last_loc = NULL;
	e->enabled |= bit(t->tid);
	if (sim_race_on)
		sim_race_thread_start(sim_current_tid(), t->tid);
	if (e->dpor && sim_current)
		sim_dpor_spawn(e->dpor, t->tid);
	return t->tid;
}

/* --- decisions ----------------------------------------------------------- */

static int next_enabled_after(uint32_t enabled, int tid)
{
	for (int i = 1; i <= SIM_MAX_THREADS; i++) {
		int c = (tid + i) % SIM_MAX_THREADS;

		if (enabled & bit(c))
			return c;
	}
	return -1;
}

int sim_default_choice(const struct sim_decision *d)
{
	if (d->cur >= 0 && (d->enabled & bit(d->cur)) && !d->yielded)
		return d->cur;
	/* round robin from the thread that stopped or yielded */
	if (d->cur >= 0) {
		int c = next_enabled_after(d->enabled & ~bit(d->cur), d->cur);

		if (c >= 0)
			return c;
		return d->cur;
	}
	return __builtin_ctz(d->enabled);
}

int sim_choice_cost(const struct sim_decision *d, int choice)
{
	if (d->cur < 0 || !(d->enabled & bit(d->cur)))
		return 0;
	if (d->yielded)
		return choice == d->cur;
	return choice != d->cur;
}

static void nondeterminism(uint32_t idx, uint32_t want_enabled, int choice)
{
	sim_fail(SIM_FAIL_NONDETERMINISM, NULL,
		 "decision %u: schedule wants T%d with runnable set 0x%x, "
		 "but the runnable set is 0x%x (is the program "
		 "deterministic, and does the schedule belong to it?)",
		 idx, choice, want_enabled, sim_engine.enabled);
}

/* Pick the thread that runs after a point of @cur (NULL: from main). */
static int decide(struct sim_thread *cur, bool yielded)
{
	struct sim_engine *e = &sim_engine;
	uint32_t enabled = e->enabled;
	struct sim_path *p = e->path;
	struct sim_decision *d;
	int choice = -1;

	e->last_preempt = false;
	if (e->dpor)
		sim_dpor_step_end(e->dpor);
	if (!(enabled & (enabled - 1))) {
		choice = __builtin_ctz(enabled);
		if (e->dpor)
			sim_dpor_step_begin(e->dpor, choice, -1);
		return choice;
	}
	if (p->len >= p->cap)
		sim_fail(SIM_FAIL_LIVELOCK, NULL,
			 "more than %u scheduling decisions in one execution",
			 p->cap);
	d = &p->d[p->len];
	if (p->len < p->prefix) {
		choice = d->choice;
		if ((d->enabled && d->enabled != enabled) || choice < 0 ||
		    !(enabled & bit(choice)))
			nondeterminism(p->len, d->enabled, choice);
	}
	d->enabled = enabled;
	d->cur = cur ? cur->tid : -1;
	d->yielded = yielded;
	d->preempts = 0;
	if (p->len) {
		struct sim_decision *prev = d - 1;

		d->preempts = prev->preempts + sim_choice_cost(prev,
							       prev->choice);
	}
	if (p->len >= p->prefix)
		choice = e->pick(e->pick_ctx, d, p->len);
	d->choice = choice;
	if (e->dpor)
		sim_dpor_step_begin(e->dpor, choice, (int)p->len);
	p->len++;
	e->last_preempt = sim_choice_cost(d, choice);
	return choice;
}

static void switch_to(struct sim_thread *from, int next, bool dying)
{
	struct sim_thread *to = thread(next);

	sim_current = to;
	sim_coro_switch(&from->coro, &to->coro, dying);
	/* resumed: whoever switched here set sim_current to us */
}

static void switch_to_main(struct sim_thread *from, bool dying)
{
	sim_current = NULL;
	sim_coro_switch(&from->coro, &sim_engine.main_coro, dying);
}

static void deadlock(void) __attribute__((noreturn));

/*
 * Nothing is runnable: let time pass for the longest timed waiter, or
 * report a deadlock.
 */
static void no_runnable_thread(void)
{
	struct sim_engine *e = &sim_engine;
	struct sim_thread *oldest = NULL;

	for (int i = 0; i < e->nthreads; i++) {
		struct sim_thread *t = thread(i);

		if (t->state == SIM_T_BLOCKED &&
		    (t->wait_flags & SIM_WAIT_TIMED) &&
		    (!oldest || t->wait_seq < oldest->wait_seq))
			oldest = t;
	}
	if (!oldest)
		deadlock();
	oldest->state = SIM_T_RUNNABLE;
	oldest->wait_result = SIM_WAIT_TIMEOUT;
	/* time passed because everything else stopped: depends on all */
	if (e->dpor)
		sim_dpor_pending_global(e->dpor, oldest->tid);
	oldest->wait_obj = NULL;
	e->enabled |= bit(oldest->tid);
}

static void describe_owner(const void *obj, char *buf, size_t len)
{
	buf[0] = 0;
	for (int i = 0; i < nr_owner_fns; i++)
		if (owner_fns[i](obj, buf, len))
			return;
}

static void deadlock(void)
{
	struct sim_engine *e = &sim_engine;
	struct sim_thread *me = sim_current;
	int blocked = 0;

	for (int i = 0; i < e->nthreads; i++) {
		struct sim_thread *t = thread(i);
		const struct sim_loc *l = t->wait_loc;
		char owner[160];

		if (t->state != SIM_T_BLOCKED)
			continue;
		blocked++;
		describe_owner(t->wait_obj, owner, sizeof(owner));
		sim_report("INFO: task %s:T%d blocked forever (every live "
			   "thread is blocked).\n", t->name, t->tid);
		sim_report("  waiting in %s", t->wait_what);
		if (l)
			sim_report(" at %s:%d %s()", l->file, l->line,
				   l->func);
		sim_report("\n");
		if (owner[0])
			sim_report("  %s\n", owner);
	}
	sim_fail(SIM_FAIL_DEADLOCK, me ? me->wait_loc : NULL,
		 "%d thread%s blocked forever, none can run",
		 blocked, blocked == 1 ? "" : "s");
}

void __sim_point(enum sim_op op, const void *obj, const char *what,
		 const struct sim_loc *loc)
{
	struct sim_engine *e = &sim_engine;
	struct sim_thread *t = sim_current;
	int next;

	t->last_op = op;
	t->last_what = what;
	t->last_loc = loc;
	if (++e->steps > e->max_steps)
		sim_fail(SIM_FAIL_LIVELOCK, loc,
			 "step bound exceeded: more than %llu scheduling "
			 "points (livelock?)",
			 (unsigned long long)e->max_steps);
	if (e->prog->invariant && (sim_checks & SIM_CHECK_INVARIANTS))
		e->prog->invariant(e->prog->ctx);
	if (e->dpor) {
		if (op == SIM_OP_YIELD)
			sim_dpor_yield(e->dpor, t->tid);
		else
			sim_dpor_pending_access(e->dpor, t->tid, obj,
						op != SIM_OP_READ);
	}
	next = decide(t, op == SIM_OP_YIELD);
	if (next != t->tid)
		switch_to(t, next, false);
	if (__builtin_expect(e->trace != NULL, 0))
		sim_trace_point(t, op, obj, what, loc, 0, e->last_preempt);
}

void sim_yield(const struct sim_loc *loc)
{
	sim_point(SIM_OP_YIELD, NULL, "yield", loc);
}

enum sim_wait_result sim_block(const void *obj, const char *what,
			       unsigned int flags, const struct sim_loc *loc)
{
	struct sim_engine *e = &sim_engine;
	struct sim_thread *t = sim_current;
	bool quiet = e->dpor && sim_dpor_quiet(e->dpor);
	int next;

	if (!t)
		sim_fail(SIM_FAIL_BUG, loc,
			 "%s would block outside a simulated thread", what);
	if (e->dpor) {
		/* blocking on @obj, and being woken, is a step on it */
		sim_dpor_access(e->dpor, obj, true);
		sim_dpor_pending_access(e->dpor, t->tid, obj, true);
		if (flags & (SIM_WAIT_INTERRUPTIBLE | SIM_WAIT_KILLABLE)) {
			sim_dpor_access(e->dpor, &t->sig_pending, false);
			sim_dpor_pending_access(e->dpor, t->tid,
						&t->sig_pending, false);
		}
	}
	if (((flags & SIM_WAIT_INTERRUPTIBLE) && t->sig_pending) ||
	    ((flags & SIM_WAIT_KILLABLE) && t->sig_fatal))
		return SIM_WAIT_SIGNAL;
	t->state = SIM_T_BLOCKED;
	t->wait_obj = obj;
	t->wait_what = what;
	t->wait_loc = loc;
	t->wait_flags = flags;
	t->wait_seq = ++e->wait_seq;
	t->wait_result = SIM_WAIT_WOKEN;
	e->enabled &= ~bit(t->tid);
	if (quiet && (flags & SIM_WAIT_UNSEEN))
		sim_dpor_blocked(e->dpor);
	if (e->trace)
		sim_trace_point(t, SIM_OP_BLOCK, obj, what, loc, 0, false);
	if (!e->enabled)
		no_runnable_thread();
	next = decide(t, false);
	if (next != t->tid)
		switch_to(t, next, false);
	if (e->trace)
		sim_trace_point(t, SIM_OP_WAKEUP, obj, what, loc,
				t->wait_result, false);
	return t->wait_result;
}

static int wake(const void *obj, bool all)
{
	struct sim_engine *e = &sim_engine;
	struct sim_thread *oldest = NULL;
	int n = 0;

	if (e->dpor)
		sim_dpor_access(e->dpor, obj, true);
	for (int i = 0; i < e->nthreads; i++) {
		struct sim_thread *t = thread(i);

		if (t->state != SIM_T_BLOCKED || t->wait_obj != obj)
			continue;
		if (!all) {
			if (!oldest || t->wait_seq < oldest->wait_seq)
				oldest = t;
			continue;
		}
		t->state = SIM_T_RUNNABLE;
		t->wait_obj = NULL;
		e->enabled |= bit(t->tid);
		sim_race_wake(sim_current_tid(), t->tid);
		n++;
	}
	if (oldest) {
		oldest->state = SIM_T_RUNNABLE;
		oldest->wait_obj = NULL;
		e->enabled |= bit(oldest->tid);
		sim_race_wake(sim_current_tid(), oldest->tid);
		n = 1;
	}
	return n;
}

int sim_waiters(const void *obj)
{
	int n = 0;

	for (int i = 0; i < sim_engine.nthreads; i++)
		n += thread(i)->state == SIM_T_BLOCKED &&
		     thread(i)->wait_obj == obj;
	return n;
}

int sim_wake_all(const void *obj)
{
	return wake(obj, true);
}

int sim_wake_one(const void *obj)
{
	return wake(obj, false);
}

void sim_thread_kill(int tid, bool fatal)
{
	struct sim_thread *t = thread(tid);

	if (sim_engine.dpor)
		sim_dpor_access(sim_engine.dpor, &t->sig_pending, true);
	t->sig_pending = true;
	t->sig_fatal |= fatal;
	if (t->state == SIM_T_BLOCKED &&
	    ((t->wait_flags & SIM_WAIT_INTERRUPTIBLE) ||
	     ((t->wait_flags & SIM_WAIT_KILLABLE) && fatal))) {
		t->state = SIM_T_RUNNABLE;
		t->wait_result = SIM_WAIT_SIGNAL;
		t->wait_obj = NULL;
		sim_engine.enabled |= bit(tid);
	}
}

bool sim_signal_pending(void)
{
	if (!sim_current)
		return false;
	sim_note_access(&sim_current->sig_pending, false);
	return sim_current->sig_pending;
}

bool sim_fatal_signal_pending(void)
{
	if (!sim_current)
		return false;
	sim_note_access(&sim_current->sig_pending, false);
	return sim_current->sig_fatal;
}

void __sim_note_access(const void *obj, bool write)
{
	if (sim_engine.dpor)
		sim_dpor_access(sim_engine.dpor, obj, write);
}

static void thread_entry(void)
{
	struct sim_engine *e = &sim_engine;
	struct sim_thread *t;
	int next;

	sim_coro_started();
	t = sim_current;
	if (e->trace)
		sim_trace_point(t, SIM_OP_SPAWN, NULL, "start", NULL, 0,
				false);
	t->fn(t->arg);
	hooks_thread_exit(t->tid);
	t->state = SIM_T_DONE;
	t->last_op = SIM_OP_EXIT;
	t->last_what = "exit";
	e->enabled &= ~bit(t->tid);
	if (e->trace)
		sim_trace_point(t, SIM_OP_EXIT, NULL, "exit", NULL, 0, false);
	for (int i = 0; i < e->nthreads; i++) {
		if (thread(i)->state != SIM_T_DONE) {
			if (!e->enabled)
				no_runnable_thread();
			next = decide(t, false);
			switch_to(t, next, true);
			__builtin_unreachable();
		}
	}
	switch_to_main(t, true);
	__builtin_unreachable();
}

/* --- failures ------------------------------------------------------------ */

void sim_report(const char *fmt, ...)
{
	struct sim_engine *e = &sim_engine;
	va_list ap;
	int n;

	for (;;) {
		size_t room = e->report_cap - e->report_len;

		va_start(ap, fmt);
		n = vsnprintf(e->report ? e->report + e->report_len : NULL,
			      room, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
		if ((size_t)n < room) {
			e->report_len += n;
			return;
		}
		/* reports are bounded: 1 MiB is far beyond any splat */
		if (e->report_cap >= (1u << 20))
			return;
		e->report_cap = e->report_cap ? e->report_cap * 2 : 4096;
		e->report = realloc(e->report, e->report_cap);
		if (!e->report)
			abort();
	}
}

void sim_fail(enum sim_fail_kind kind, const struct sim_loc *loc,
	      const char *fmt, ...)
{
	struct sim_engine *e = &sim_engine;
	struct sim_thread *t = sim_current;
	va_list ap;

	if (e->fail_kind == SIM_FAIL_NONE) {
		if (e->dpor)
			sim_dpor_failing(e->dpor);
		e->fail_kind = kind;
		va_start(ap, fmt);
		vsnprintf(e->fail_title, sizeof(e->fail_title), fmt, ap);
		va_end(ap);
		if (loc)
			snprintf(e->fail_where, sizeof(e->fail_where),
				 "%s:%d %s()", loc->file, loc->line,
				 loc->func);
		else
			e->fail_where[0] = 0;
	}
	if (!e->prog) {
		fprintf(stderr, "vfio-sim: %s: %s (%s) outside any "
			"execution\n", sim_fail_kind_name(kind),
			e->fail_title, e->fail_where);
		abort();
	}
	if (e->trace) {
		sim_trace_flush();
		fprintf(e->trace, "         !! %s: %s\n",
			sim_fail_kind_name(e->fail_kind), e->fail_title);
		sim_trace_json_fail();
	}
	if (t) {
		switch_to_main(t, true);
		__builtin_unreachable();
	}
	longjmp(e->main_jmp, 1);
}

/* --- executions ---------------------------------------------------------- */

void sim_engine_abandon(void)
{
	struct sim_engine *e = &sim_engine;

	e->abandoned = true;
	if (sim_current)
		switch_to_main(sim_current, true);
	longjmp(e->main_jmp, 1);
}

void sim_engine_reset(void)
{
	struct sim_engine *e = &sim_engine;

	/* threads a failure abandoned left frames on their stacks */
	for (int i = 0; i < e->nthreads; i++)
		if (thread(i)->state != SIM_T_DONE)
			thread(i)->stack_dirty = true;
	e->nthreads = 0;
	e->enabled = 0;
	e->steps = 0;
	e->wait_seq = 0;
	e->allocs = 0;
	e->fail_kind = SIM_FAIL_NONE;
	e->abandoned = false;
	e->fail_title[0] = 0;
	e->fail_where[0] = 0;
	e->report_len = 0;
	if (e->report)
		e->report[0] = 0;
	e->trace_last_tid = -1;
	e->trace_lines = 0;
	e->path->len = 0;
	sim_trace_reset();
}

void sim_engine_run(void)
{
	struct sim_engine *e = &sim_engine;
	const struct sim_program *prog = e->prog;
	struct snap_entry *snap;

	sim_engine_reset();
	e->execution++;
	sim_current = NULL;
	snap = sim_snapshot_usable(prog);
	e->restored = snap != NULL;
	if (snap) {
		sim_snapshot_restore(prog, snap);
	} else {
		state_restore();
		sim_race_begin();
		sim_hooks_begin();
	}
	if (setjmp(e->main_jmp) == 0) {
		e->in_setup = true;
		if (!e->restored) {
			prog->setup(prog->ctx);
			if (prog->start)
				sim_snapshot_take(prog);
		}
		if (prog->start)
			prog->start(prog->ctx);
		e->in_setup = false;
		if (e->enabled) {
			int first = decide(NULL, false);

			sim_current = thread(first);
			sim_coro_switch(&e->main_coro, &thread(first)->coro,
					false);
		}
		if (e->fail_kind == SIM_FAIL_NONE && !e->abandoned) {
			if (prog->teardown)
				prog->teardown(prog->ctx);
			sim_hooks_check();
		}
	}
	e->in_setup = false;
	sim_current = NULL;
	sim_trace_flush();
	sim_hooks_end();
}

void sim_engine_release(void)
{
	struct sim_engine *e = &sim_engine;

	for (int i = 0; i < SIM_MAX_THREADS; i++) {
		sim_coro_free(&thread(i)->coro);
		thread(i)->tid = 0;
		thread(i)->state = SIM_T_DONE;
	}
	free(e->report);
	e->report = NULL;
	e->report_cap = e->report_len = 0;
}

/* Called by the explorer to print the threads' state into a report. */
void sim_trace_threads(FILE *out)
{
	struct sim_engine *e = &sim_engine;

	fprintf(out, "threads:\n");
	for (int i = 0; i < e->nthreads; i++) {
		struct sim_thread *t = thread(i);
		const struct sim_loc *l;
		const char *state;
		const char *what;

		switch (t->state) {
		case SIM_T_DONE:
			fprintf(out, "  T%d %-12s ended\n", t->tid, t->name);
			continue;
		case SIM_T_BLOCKED:
			state = "blocked in";
			what = t->wait_what;
			l = t->wait_loc;
			break;
		default:
			state = "at";
			what = t->last_what;
			l = t->last_loc;
			break;
		}
		fprintf(out, "  T%d %-12s %s %s", t->tid, t->name, state,
			what ? what : "?");
		if (l)
			fprintf(out, " %s:%d %s()", l->file, l->line, l->func);
		fprintf(out, "\n");
	}
	hooks_dump(out);
}
