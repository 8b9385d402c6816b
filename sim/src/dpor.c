// SPDX-License-Identifier: GPL-2.0-only
/*
 * Dynamic partial-order reduction: source sets with sleep sets (Source-DPOR,
 * Abdulla, Aronis, Jonsson, Sagonas, POPL 2014), stateless, on the
 * explorer's decision stack.  docs/explorer.md states the dependency
 * relation and why the reduction loses no behaviour.
 *
 * A step is what one thread runs between two scheduling points: the
 * operation it announced at the first (a lock, a refcount, a READ_ONCE ...)
 * and the plain code after it.  Each step records the objects it touched,
 * each as a read or a write: the announced operation's object, the objects
 * it blocked on or woke, and what shims declare with sim_note_access().
 * Two steps of different threads are dependent when they touch one object
 * and one of them writes it, or when one is global (a timeout).  Counter
 * updates (sim_note_counter()) are the exception: two additions to one
 * counter commute unless some order of them makes one of them see the
 * value it tests (a put that drops the last reference), see
 * classify_counters().
 *
 * After every execution the happens-before order of its steps is computed
 * with vector clocks (per object: the last write and the reads since), and
 * every race (two dependent steps of different threads with nothing
 * ordering them in between) adds to the decision before the first step a
 * thread that starts a reversal of the race, unless one such thread is
 * there already.  Sleep sets cut the executions that would only reorder
 * independent steps already explored.
 */
#include <string.h>

#include "dpor.h"
#include "engine.h"

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
	uint8_t global;
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

static void record_access(struct sim_dpor *d, const void *obj, bool write);

size_t sim_dpor_size(void)
{
	return sizeof(struct sim_dpor) +
	       SIM_PATH_CAP * sizeof(struct dpor_node) +
	       DPOR_SLEEPERS * sizeof(struct dpor_sleeper) +
	       DPOR_SLEEP_ACC * sizeof(struct dpor_access) +
	       DPOR_EVENTS * sizeof(struct dpor_event) +
	       DPOR_ACCESSES * sizeof(struct dpor_access) +
	       (size_t)DPOR_EVENTS * SIM_MAX_THREADS * sizeof(uint32_t) +
	       DPOR_HASH * sizeof(struct dpor_slot) +
	       DPOR_ACCESSES * sizeof(struct dpor_read) +
	       2 * DPOR_ACCESSES * sizeof(int32_t) +
	       DPOR_ACCESSES * sizeof(struct dpor_segment);
}

struct sim_dpor *sim_dpor_init(void *mem)
{
	struct sim_dpor *d = mem;
	char *p = (char *)(d + 1);

#define CARVE(field, n)							\
	do {								\
		d->field = (void *)p;					\
		p += (size_t)(n) * sizeof(*d->field);			\
	} while (0)
	CARVE(nodes, SIM_PATH_CAP);
	CARVE(sleepers, DPOR_SLEEPERS);
	CARVE(sleep_acc, DPOR_SLEEP_ACC);
	CARVE(ev, DPOR_EVENTS);
	CARVE(acc, DPOR_ACCESSES);
	CARVE(vc, (size_t)DPOR_EVENTS * SIM_MAX_THREADS);
	CARVE(slots, DPOR_HASH);
	CARVE(reads, DPOR_ACCESSES);
	CARVE(acc_segment, DPOR_ACCESSES);
	CARVE(seg_next, DPOR_ACCESSES);
	CARVE(segments, DPOR_ACCESSES);
#undef CARVE
	d->backtrack_node = -1;
	return d;
}

/* --- during an execution ------------------------------------------------ */

void sim_dpor_execution_begin(struct sim_dpor *d)
{
	d->nev = 0;
	d->nacc = 0;
	d->cur = -1;
	d->failing = -1;
	d->nthreads = 0;
	memset(d->th, 0, sizeof(d->th));
	for (int i = 0; i < SIM_MAX_THREADS; i++)
		d->th[i].spawn_event = -1;
	d->spinning = 0;
	d->spin_watch = 0;
	d->ncur_sleep = 0;
	/* a backtrack in the fixed decisions starts a new prefix */
	if (d->backtrack_node < (int32_t)d->fixed)
		d->assigned = false;
}

static bool accesses_conflict(const struct dpor_access *a, unsigned int na,
			      const struct dpor_access *b, unsigned int nb)
{
	for (unsigned int i = 0; i < na; i++)
		for (unsigned int j = 0; j < nb; j++)
			if (a[i].obj == b[j].obj && (a[i].write | b[j].write))
				return true;
	return false;
}

static bool sleeper_conflicts(const struct sim_dpor *d,
			      const struct dpor_sleeper *s,
			      const struct dpor_event *e)
{
	if (s->global || e->global)
		return true;
	return accesses_conflict(&d->sleep_acc[s->acc], s->nacc,
				 &d->acc[e->acc], e->nacc);
}

void sim_dpor_step_end(struct sim_dpor *d)
{
	const struct dpor_event *e;
	int n = 0;

	if (d->cur < 0)
		return;
	e = &d->ev[d->cur];
	d->cur = -1;
	/* a sleeper stays asleep only while what runs is independent of it */
	for (int i = 0; i < d->ncur_sleep; i++)
		if (!sleeper_conflicts(d, &d->cur_sleep[i], e))
			d->cur_sleep[n++] = d->cur_sleep[i];
	d->ncur_sleep = n;
}

static uint32_t sleep_mask(const struct dpor_sleeper *s, int n)
{
	uint32_t m = 0;

	for (int i = 0; i < n; i++)
		m |= bit(s[i].tid);
	return m;
}

int sim_dpor_pick(void *ctx, const struct sim_decision *dec, uint32_t index)
{
	struct sim_dpor *d = ctx;
	uint32_t choosable = dec->enabled & ~d->spinning;
	uint32_t cand;
	int def;

	/* the prefix is complete: another shard's is not explored here */
	if (d->fixed && index == d->fixed) {
		d->deeper = true;
		if (!sim_dpor_owned(d))
			sim_engine_abandon();
	}
	/*
	 * Every runnable thread spins on values nobody will change: let
	 * them spin, the step bound reports the livelock as without DPOR.
	 */
	if (!choosable)
		choosable = dec->enabled;
	cand = choosable & ~sleep_mask(d->cur_sleep, d->ncur_sleep);
	if (!cand)
		sim_engine_abandon();
	d->pick_choosable = choosable;
	def = sim_default_choice(dec);
	if (cand & bit(def))
		return def;
	return __builtin_ctz(cand);
}

static void new_node(struct sim_dpor *d, int decision, int tid)
{
	struct dpor_node *n = &d->nodes[decision];

	n->backtrack = n->done = bit(tid);
	n->choosable = d->pick_choosable;
	/* a fixed decision: every choice, whatever races are found */
	if ((uint32_t)decision < d->fixed)
		n->backtrack |= n->choosable;
	n->event = d->nev - 1;
	n->sleeper = d->nsleepers;
	n->nsleeper = d->ncur_sleep;
	if (d->nsleepers + d->ncur_sleep > DPOR_SLEEPERS)
		sim_fail(SIM_FAIL_LIVELOCK, NULL,
			 "partial-order reduction: more than %u sleep set "
			 "entries on the stack", DPOR_SLEEPERS);
	memcpy(&d->sleepers[d->nsleepers], d->cur_sleep,
	       d->ncur_sleep * sizeof(d->cur_sleep[0]));
	d->nsleepers += d->ncur_sleep;
	n->acc_end = d->nsleep_acc;
}

void sim_dpor_step_begin(struct sim_dpor *d, int tid, int decision)
{
	struct dpor_thread *t = &d->th[tid];
	struct dpor_event *e;

	if (d->nev == DPOR_EVENTS)
		sim_fail(SIM_FAIL_LIVELOCK, NULL,
			 "partial-order reduction: more than %u steps in "
			 "one execution", DPOR_EVENTS);
	/* a sleeping thread forced to run: this execution adds nothing */
	if (decision < 0 && (sleep_mask(d->cur_sleep, d->ncur_sleep) &
			     bit(tid)))
		sim_engine_abandon();
	e = &d->ev[d->nev++];
	e->tid = (int8_t)tid;
	e->decision = decision;
	e->idx = ++t->nsteps;
	e->acc = d->nacc;
	e->nacc = 0;
	e->global = t->pending_global;
	d->cur = d->nev - 1;
	if ((uint32_t)tid >= d->nthreads)
		d->nthreads = tid + 1;
	for (int i = 0; i < t->npending; i++)
		record_access(d, t->pending[i].obj, t->pending[i].write);
	t->npending = 0;
	t->pending_global = false;
	if (decision < 0)
		return;
	if (decision == d->backtrack_node) {
		/* the changed decision: its sleepers but the new choice */
		const struct dpor_node *n = &d->nodes[decision];

		d->ncur_sleep = 0;
		for (uint32_t i = 0; i < n->nsleeper; i++)
			if (d->sleepers[n->sleeper + i].tid != tid)
				d->cur_sleep[d->ncur_sleep++] =
					d->sleepers[n->sleeper + i];
		d->nodes[decision].event = d->nev - 1;
	} else if (decision > d->backtrack_node) {
		new_node(d, decision, tid);
	}
}

/* A write by the running step wakes the threads spinning on @obj. */
static void spin_write(struct sim_dpor *d, int me, const void *obj)
{
	for (uint32_t m = d->spin_watch & ~bit(me); m; m &= m - 1) {
		struct dpor_thread *t = &d->th[__builtin_ctz(m)];

		for (int i = 0; i < t->nspin; i++) {
			if (t->spin[i] != obj)
				continue;
			t->spin_dirty = true;
			d->spinning &= ~bit(__builtin_ctz(m));
			break;
		}
	}
}

static void spin_note(struct sim_dpor *d, int tid, const void *obj,
		      bool write)
{
	struct dpor_thread *t = &d->th[tid];

	if (write) {
		t->spin_dirty = true;
		if (d->spin_watch)
			spin_write(d, tid, obj);
		return;
	}
	if (t->spin_dirty)
		return;
	for (int i = 0; i < t->nspin; i++)
		if (t->spin[i] == obj)
			return;
	if (t->nspin == DPOR_SPIN_READS) {
		t->spin_dirty = true;
		return;
	}
	t->spin[t->nspin++] = obj;
	d->spin_watch |= bit(tid);
}

/* The object's name across executions (sim_register_object_name()). */
static const void *name_of(const void *obj)
{
	sim_object_name_fn fn = sim_engine.object_name;

	return fn ? (const void *)fn(obj) : obj;
}

/* The running step touches the object named @obj. */
static void record_access(struct sim_dpor *d, const void *obj, bool write)
{
	struct dpor_event *e;

	if (d->cur < 0 || !obj)
		return;
	e = &d->ev[d->cur];
	spin_note(d, e->tid, obj, write);
	if (e->global)
		return;
	/* the same object again: keep one entry, a write if either is */
	for (unsigned int i = 0; i < e->nacc; i++) {
		struct dpor_access *a = &d->acc[e->acc + i];

		if (a->obj == obj) {
			a->write |= write;
			a->merged = 1;
			a->counter = 0;
			return;
		}
	}
	if (e->nacc == DPOR_STEP_ACC || d->nacc == DPOR_ACCESSES) {
		/* too much to track: dependent with everything */
		e->global = 1;
		return;
	}
	d->acc[d->nacc] = (struct dpor_access){
		.obj = obj, .tid = e->tid, .write = write,
	};
	d->nacc++;
	e->nacc++;
}

void sim_dpor_access(struct sim_dpor *d, const void *obj, bool write)
{
	if (d->cur >= 0 && obj)
		record_access(d, name_of(obj), write);
}

void sim_dpor_counter(struct sim_dpor *d, const void *obj, long old,
		      long delta, long thresh)
{
	const struct dpor_event *e;

	if (d->cur < 0 || !obj)
		return;
	e = &d->ev[d->cur];
	obj = name_of(obj);
	for (unsigned int i = 0; i < e->nacc; i++) {
		struct dpor_access *a = &d->acc[e->acc + i];

		if (a->obj != obj)
			continue;
		/* the announced update alone, in ranges the fields hold */
		if (a->merged || a->counter || !a->write ||
		    old < INT16_MIN / 2 || old > INT16_MAX / 2 ||
		    delta < -127 || delta > 127 ||
		    (thresh != SIM_COUNTER_BLIND &&
		     (thresh < -127 || thresh > 127)))
			return;
		a->counter = 1;
		a->old = (int16_t)old;
		a->delta = (int8_t)delta;
		a->thresh = thresh == SIM_COUNTER_BLIND ? DPOR_BLIND :
			    (int8_t)thresh;
		return;
	}
}

void sim_dpor_pending_access(struct sim_dpor *d, int tid, const void *obj,
			     bool write)
{
	struct dpor_thread *t = &d->th[tid];

	if (!obj || t->npending == 2)
		return;
	obj = name_of(obj);
	t->pending[t->npending].obj = obj;
	t->pending[t->npending].write = write;
	t->npending++;
}

void sim_dpor_pending_global(struct sim_dpor *d, int tid)
{
	d->th[tid].pending_global = true;
}

void sim_dpor_failing(struct sim_dpor *d)
{
	if (d->cur < 0)
		return;
	d->ev[d->cur].global = 1;
	d->failing = d->cur;
}

/*
 * The execution failed at a step: the threads that could have run instead
 * may fail differently (their next steps race with it, though they never
 * ran).  Try each of them there.
 */
static void failing_races(struct sim_dpor *d)
{
	const struct dpor_event *e = &d->ev[d->failing];
	struct dpor_node *n;

	if (e->decision < 0)
		return;
	n = &d->nodes[e->decision];
	n->backtrack |= n->choosable &
			~sleep_mask(&d->sleepers[n->sleeper], n->nsleeper);
}

void sim_dpor_spawn(struct sim_dpor *d, int child)
{
	d->th[child].spawn_event = d->cur;
}

/*
 * Spin-assume (as GenMC does for spin loops): a thread that yields after
 * only reading, reading nothing another thread wrote meanwhile, would read
 * the same values again; it sleeps until some other thread writes one of
 * them.  Its extra iterations would only repeat states already reached.
 */
void sim_dpor_yield(struct sim_dpor *d, int tid)
{
	struct dpor_thread *t = &d->th[tid];

	/* it ran although it spins (everyone spins): same wait set */
	if (d->spinning & bit(tid))
		return;
	if (!t->spin_dirty && t->nspin) {
		d->spinning |= bit(tid);	/* spin[] is what it waits on */
		return;
	}
	/* the next iteration is a new window */
	t->nspin = 0;
	t->spin_dirty = false;
	d->spin_watch &= ~bit(tid);
}

/* --- after an execution: races ------------------------------------------ */

static inline uint32_t *vc_of(struct sim_dpor *d, int32_t ev)
{
	return &d->vc[(size_t)ev * d->nthreads];
}

static struct dpor_slot *slot_of(struct sim_dpor *d, const void *obj)
{
	uint64_t h = (uint64_t)(uintptr_t)obj * 0x9e3779b97f4a7c15ull;
	uint32_t i = (uint32_t)(h >> 40) & (DPOR_HASH - 1);

	for (;;) {
		struct dpor_slot *s = &d->slots[i];

		if (s->gen != d->gen) {
			s->gen = d->gen;
			s->obj = obj;
			s->last_write = -1;
			s->reads = -1;
			s->adds = -1;
			s->segment = -1;
			return s;
		}
		if (s->obj == obj)
			return s;
		i = (i + 1) & (DPOR_HASH - 1);
	}
}

/*
 * Step @e races with the later step @j.  Reversing it means running, at
 * the decision that chose @e, a thread that starts v: the steps between
 * them that do not happen after @e, then @j.  Such a thread is an initial
 * of v: its first step in v has nothing of v before it.  If an initial is
 * explored at that decision already, the reversal is covered.
 */
static void race(struct sim_dpor *d, int32_t e, int32_t j)
{
	const struct dpor_event *ee = &d->ev[e];
	struct dpor_node *n;
	uint32_t first[SIM_MAX_THREADS];
	uint32_t seen = 0, initials = 0, covered, asleep, add;

	if (ee->decision < 0)
		return;		/* nothing else could run there */
	n = &d->nodes[ee->decision];
	covered = n->backtrack | n->done;
	for (int32_t k = e + 1; k <= j; k++) {
		const struct dpor_event *ek = &d->ev[k];
		const uint32_t *vk = vc_of(d, k);
		bool initial = true;

		if (k < j && vk[ee->tid] >= ee->idx)
			continue;	/* happens after @e: not in v */
		if (seen & bit(ek->tid))
			continue;	/* not its thread's first in v */
		for (uint32_t m = seen; m; m &= m - 1) {
			int r = __builtin_ctz(m);

			if (vk[r] >= first[r]) {
				initial = false;
				break;
			}
		}
		seen |= bit(ek->tid);
		first[ek->tid] = ek->idx;
		if (!initial)
			continue;
		if (covered & bit(ek->tid))
			return;
		initials |= bit(ek->tid);
	}
	asleep = sleep_mask(&d->sleepers[n->sleeper], n->nsleeper);
	add = initials & ~asleep & n->choosable;
	if (add)
		n->backtrack |= bit(__builtin_ctz(add));
	else if (initials & ~asleep)
		/* no initial can be chosen there (it spins): try them all */
		n->backtrack |= n->choosable;
}

/*
 * Whether the updates of segment @g commute.  Every reordering keeps each
 * thread's updates in program order, so the lowest value update u of
 * thread t can find is the value before the segment, plus what t's
 * updates before u added, plus for every other thread the lowest sum of
 * a prefix of its updates (it may have run just those).  If that is above
 * u's threshold for every u, no order changes what any update finds at
 * or below its threshold (their results, their warnings), and the value
 * after them is the same sum: the segment's updates are independent of
 * each other.  Otherwise they stay writes, as any other update.
 */
static bool segment_commutes(const struct sim_dpor *d,
			     const struct dpor_segment *g)
{
	int32_t sum[SIM_MAX_THREADS], low[SIM_MAX_THREADS];
	int32_t need[SIM_MAX_THREADS];
	uint32_t seen = 0, tests = 0;
	int32_t lows = 0;

	for (int32_t ai = g->first; ai >= 0; ai = d->seg_next[ai]) {
		const struct dpor_access *a = &d->acc[ai];
		int t = a->tid;

		if (!(seen & bit(t))) {
			seen |= bit(t);
			sum[t] = low[t] = 0;
		}
		if (a->thresh != DPOR_BLIND) {
			/* u is safe when init + sum[t] + others > thresh */
			int32_t n = a->thresh - sum[t];

			if (!(tests & bit(t)) || n > need[t])
				need[t] = n;
			tests |= bit(t);
		}
		sum[t] += a->delta;
		if (sum[t] < low[t])
			low[t] = sum[t];
	}
	for (uint32_t m = seen; m; m &= m - 1)
		lows += low[__builtin_ctz(m)];
	for (uint32_t m = tests; m; m &= m - 1) {
		int t = __builtin_ctz(m);

		if (g->init + lows - low[t] <= need[t])
			return false;
	}
	return true;
}

/*
 * Which counter updates commute in this execution.  A segment is the
 * updates of one counter between two other accesses to it or global
 * steps: those stay ordered with the segment's updates, so a reordering
 * of the execution permutes each segment's updates among themselves.  The
 * bound of segment_commutes() holds for this execution's segment; a
 * reversal of two of its updates that DPOR skips reorders updates of the
 * segment only, which the bound covers, whatever the rest of the
 * execution does differently after it.
 */
static void classify_counters(struct sim_dpor *d)
{
	uint32_t epoch = 0;

	d->gen++;
	d->nsegments = 0;
	for (uint32_t j = 0; j < d->nev; j++) {
		const struct dpor_event *ej = &d->ev[j];

		/* ordered with everything: a boundary */
		if (ej->global) {
			epoch++;
			continue;
		}
		for (unsigned int i = 0; i < ej->nacc; i++) {
			int32_t ai = (int32_t)(ej->acc + i);
			const struct dpor_access *a = &d->acc[ai];
			struct dpor_slot *s = slot_of(d, a->obj);
			struct dpor_segment *g;

			d->acc_segment[ai] = -1;
			if (!a->counter) {
				s->segment = -1;
				continue;
			}
			d->seg_next[ai] = -1;
			if (s->segment < 0 ||
			    d->segments[s->segment].epoch != epoch) {
				s->segment = (int32_t)d->nsegments++;
				d->segments[s->segment] = (struct dpor_segment){
					.init = a->old, .epoch = epoch,
					.first = ai, .last = ai,
				};
			} else {
				g = &d->segments[s->segment];
				d->seg_next[g->last] = ai;
				g->last = ai;
			}
			d->acc_segment[ai] = s->segment;
		}
	}
	for (uint32_t k = 0; k < d->nsegments; k++)
		d->segments[k].commute = segment_commutes(d, &d->segments[k]);
}

static inline bool commutes(const struct sim_dpor *d, uint32_t ai)
{
	int32_t k = d->acc_segment[ai];

	return k >= 0 && d->segments[k].commute;
}

static void add_read(struct sim_dpor *d, int32_t *list, int32_t j)
{
	d->reads[d->nreads].event = j;
	d->reads[d->nreads].next = *list;
	*list = (int32_t)d->nreads++;
}

void sim_dpor_analyse(struct sim_dpor *d)
{
	int32_t last[SIM_MAX_THREADS];
	int32_t latest[SIM_MAX_THREADS];
	int32_t last_global = -1;
	uint32_t nt = d->nthreads;

	classify_counters(d);
	d->gen++;
	d->nreads = 0;
	for (uint32_t q = 0; q < nt; q++)
		last[q] = -1;
	for (int32_t j = 0; j < (int32_t)d->nev; j++) {
		const struct dpor_event *ej = &d->ev[j];
		uint32_t *vj = vc_of(d, j);
		uint32_t have = 0;
		int tid = ej->tid;

#define CONSIDER(c)							\
		do {							\
			int32_t __c = (c);				\
			int __p = d->ev[__c].tid;			\
									\
			if (__p != tid && (!(have & bit(__p)) ||	\
					   __c > latest[__p])) {	\
				latest[__p] = __c;			\
				have |= bit(__p);			\
			}						\
		} while (0)

		if (last[tid] >= 0)
			memcpy(vj, vc_of(d, last[tid]), nt * sizeof(*vj));
		else if (d->th[tid].spawn_event >= 0)
			memcpy(vj, vc_of(d, d->th[tid].spawn_event),
			       nt * sizeof(*vj));
		else
			memset(vj, 0, nt * sizeof(*vj));
		vj[tid] = ej->idx;
		if (ej->global) {
			for (uint32_t q = 0; q < nt; q++)
				if (last[q] >= 0)
					CONSIDER(last[q]);
		} else {
			if (last_global >= 0)
				CONSIDER(last_global);
			for (unsigned int i = 0; i < ej->nacc; i++) {
				uint32_t ai = ej->acc + i;
				const struct dpor_access *a = &d->acc[ai];
				struct dpor_slot *s = slot_of(d, a->obj);
				bool add = commutes(d, ai);
				int32_t r;

				if (s->last_write >= 0)
					CONSIDER(s->last_write);
				/* updates that commute: not with each other */
				if (!add)
					for (r = s->adds; r >= 0;
					     r = d->reads[r].next)
						CONSIDER(d->reads[r].event);
				if (!a->write)
					continue;
				for (r = s->reads; r >= 0;
				     r = d->reads[r].next)
					CONSIDER(d->reads[r].event);
			}
		}
#undef CONSIDER
		/*
		 * The latest dependent step of each other thread races with
		 * @j unless something else already orders them.
		 */
		if ((uint32_t)j >= d->first_new) {
			for (uint32_t m = have; m; m &= m - 1) {
				int p = __builtin_ctz(m);
				int32_t e = latest[p];
				uint32_t other = vj[p];

				for (uint32_t o = have & ~bit(p); o;
				     o &= o - 1) {
					uint32_t v = vc_of(d,
						latest[__builtin_ctz(o)])[p];

					if (v > other)
						other = v;
				}
				if (other < d->ev[e].idx)
					latest[p] = -2 - e;	/* a race */
			}
		}
		for (uint32_t m = have; m; m &= m - 1) {
			int p = __builtin_ctz(m);
			int32_t e = latest[p] < -1 ? -2 - latest[p] : latest[p];
			const uint32_t *ve = vc_of(d, e);

			for (uint32_t q = 0; q < nt; q++)
				if (ve[q] > vj[q])
					vj[q] = ve[q];
		}
		for (uint32_t m = have; m; m &= m - 1) {
			int p = __builtin_ctz(m);

			if (latest[p] < -1)
				race(d, -2 - latest[p], j);
		}
		/* @j is now what later steps of these objects depend on */
		if (ej->global) {
			last_global = j;
		} else {
			for (unsigned int i = 0; i < ej->nacc; i++) {
				uint32_t ai = ej->acc + i;
				const struct dpor_access *a = &d->acc[ai];
				struct dpor_slot *s = slot_of(d, a->obj);

				if (commutes(d, ai)) {
					add_read(d, &s->adds, j);
				} else if (a->write) {
					s->last_write = j;
					s->reads = -1;
					s->adds = -1;
				} else {
					add_read(d, &s->reads, j);
				}
			}
		}
		last[tid] = j;
	}
	if (d->failing >= 0)
		failing_races(d);
}

/* --- sharding ------------------------------------------------------------ */

void sim_dpor_shard(struct sim_dpor *d, unsigned int depth,
		    unsigned int shard, unsigned int nshards)
{
	d->fixed = depth;
	d->shard = shard;
	d->nshards = nshards;
}

void sim_dpor_restart(struct sim_dpor *d)
{
	d->nsleepers = 0;
	d->nsleep_acc = 0;
	d->first_new = 0;
	d->backtrack_node = -1;
	d->nprefix = 0;
	d->nowned = 0;
	d->assigned = false;
	d->owned = false;
	d->deeper = false;
}

/*
 * The prefix of the current execution gets its number the first time it
 * is complete: at decision @fixed, or when the execution ends before it.
 */
bool sim_dpor_owned(struct sim_dpor *d)
{
	if (!d->fixed)
		return true;
	if (!d->assigned) {
		d->assigned = true;
		d->owned = d->shard != SIM_DPOR_PROBE &&
			   d->nprefix % d->nshards == d->shard;
		d->nowned += d->owned;
		d->nprefix++;
	}
	return d->owned;
}

uint64_t sim_dpor_prefixes(const struct sim_dpor *d, uint64_t *owned,
			   bool *deeper)
{
	if (owned)
		*owned = d->nowned;
	if (deeper)
		*deeper = d->deeper;
	return d->nprefix;
}

/* --- the next execution -------------------------------------------------- */

bool sim_dpor_backtrack(struct sim_dpor *d, struct sim_path *path)
{
	while (path->len > 0) {
		uint32_t i = path->len - 1;
		struct dpor_node *n = &d->nodes[i];
		const struct dpor_event *e = &d->ev[n->event];
		struct dpor_sleeper *s;
		uint32_t cand;

		/* deeper decisions are gone, and their sleepers with them */
		d->nsleepers = n->sleeper + n->nsleeper;
		d->nsleep_acc = n->acc_end;
		/* the choice explored here sleeps for its siblings */
		if (d->nsleepers == DPOR_SLEEPERS ||
		    d->nsleep_acc + e->nacc > DPOR_SLEEP_ACC)
			return false;
		s = &d->sleepers[d->nsleepers++];
		s->tid = e->tid;
		s->global = e->global;
		s->nacc = e->nacc;
		s->acc = d->nsleep_acc;
		memcpy(&d->sleep_acc[d->nsleep_acc], &d->acc[e->acc],
		       e->nacc * sizeof(*d->acc));
		d->nsleep_acc += e->nacc;
		n->nsleeper++;
		n->acc_end = d->nsleep_acc;
		cand = n->backtrack & ~n->done & n->choosable &
		       ~sleep_mask(&d->sleepers[n->sleeper], n->nsleeper);
		if (cand) {
			int t = __builtin_ctz(cand);

			n->done |= bit(t);
			path->d[i].choice = (int8_t)t;
			path->len = path->prefix = i + 1;
			d->backtrack_node = (int32_t)i;
			d->first_new = n->event;
			return true;
		}
		path->len--;
	}
	return false;
}

unsigned int sim_dpor_pending(const struct sim_dpor *d,
			      const struct sim_path *path)
{
	unsigned int pending = 0;

	for (uint32_t i = 0; i < path->len; i++) {
		const struct dpor_node *n = &d->nodes[i];

		pending += !!(n->backtrack & ~n->done & n->choosable);
	}
	return pending;
}
