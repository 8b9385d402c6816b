// SPDX-License-Identifier: GPL-2.0-only
/*
 * Dynamic partial-order reduction, after an execution: the happens-before
 * order of its steps by vector clocks, its races, and for each the thread
 * that starts its reversal added to the decision before the first step
 * (dpor.c has the rest and the overview).
 */
#include <string.h>

#include "dpor_impl.h"
#include "engine.h"

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
		dpor_failing_races(d);
}
