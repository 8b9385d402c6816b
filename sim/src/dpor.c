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

#include "dpor_impl.h"
#include "engine.h"

static void record_access(struct sim_dpor *d, const void *obj, bool write);
static bool assign_prefix(struct sim_dpor *d, bool reached);

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
	/*
	 * A step chosen at a fixed decision that only blocked did nothing a
	 * sleeper could see: it keeps them asleep (shards only; see
	 * docs/explorer.md, "Sharding").
	 */
	if (e->blocked && e->decision >= 0 &&
	    (uint32_t)e->decision < d->fixed)
		return;
	/* a sleeper stays asleep only while what runs is independent of it */
	for (int i = 0; i < d->ncur_sleep; i++)
		if (!sleeper_conflicts(d, &d->cur_sleep[i], e))
			d->cur_sleep[n++] = d->cur_sleep[i];
	d->ncur_sleep = n;
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
		if (!assign_prefix(d, true))
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
	e->touched = 0;
	e->blocked = 0;
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
	if (d->cur >= 0 && obj) {
		d->ev[d->cur].touched = 1;
		record_access(d, name_of(obj), write);
	}
}

bool sim_dpor_quiet(const struct sim_dpor *d)
{
	return d->cur >= 0 && !d->ev[d->cur].touched;
}

void sim_dpor_blocked(struct sim_dpor *d)
{
	if (d->cur >= 0)
		d->ev[d->cur].blocked = 1;
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
void dpor_failing_races(struct sim_dpor *d)
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
	d->nreached = 0;
	d->assigned = false;
	d->owned = false;
	d->deeper = false;
}

/*
 * The prefix of the current execution gets its number the first time it
 * is complete: at decision @fixed, or when the execution ends before it.
 */
static bool assign_prefix(struct sim_dpor *d, bool reached)
{
	uint64_t i;

	if (!d->fixed)
		return true;
	if (!d->assigned) {
		/* the prefixes reached, and those ended early, dealt apart */
		i = reached ? d->nreached : d->nprefix - d->nreached;
		d->assigned = true;
		d->owned = d->shard != SIM_DPOR_PROBE &&
			   i % d->nshards == d->shard;
		d->nowned += d->owned;
		d->nprefix++;
		d->nreached += reached;
	}
	return d->owned;
}

bool sim_dpor_owned(struct sim_dpor *d)
{
	return assign_prefix(d, false);
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

uint64_t sim_dpor_prefixes_reached(const struct sim_dpor *d)
{
	return d->nreached;
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
