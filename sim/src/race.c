// SPDX-License-Identifier: GPL-2.0-only
/*
 * The data-race detector: vector clocks from the shims' synchronisation,
 * and shadow memory that remembers, for every 8-byte granule the cores
 * touched in this execution, a few earlier accesses (who, when in that
 * thread's clock, which bytes, where in the code).  docs/race-detector.md
 * gives the rules; race_report.c prints what it finds.
 *
 * Everything is per execution: a generation number stamped on each table
 * entry makes the reset at the start of an execution O(1).
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "race_impl.h"
#include "sim/sanitizer.h"

#ifdef SIM_ASAN
#include <sanitizer/asan_interface.h>
#endif

bool sim_race_on = true;

/* --- vector clocks ------------------------------------------------------- */

typedef uint32_t race_vc[SIM_MAX_THREADS];

static race_vc thread_vc[SIM_MAX_THREADS];
static unsigned int disabled[SIM_MAX_THREADS];
struct race_stack race_stacks[SIM_MAX_THREADS];
static uint32_t gen = 1;	/* this execution's stamp */
static unsigned long long nr_checked;

static inline int nthreads(void)
{
	return sim_engine.nthreads;
}

static void vc_join(race_vc into, const race_vc from)
{
	for (int i = 0; i < nthreads(); i++)
		if (from[i] > into[i])
			into[i] = from[i];
}

/* --- synchronisation objects --------------------------------------------- */

struct sync_clock {
	const void *obj;
	uint32_t gen;
	race_vc vc;		/* exclusive releases */
	race_vc shared;		/* readers' releases (rwsem up_read) */
};

static struct sync_clock *syncs;
static size_t syncs_cap, syncs_used;

static size_t hash_ptr(uintptr_t p)
{
	p ^= p >> 29;
	p *= 0xbf58476d1ce4e5b9ull;
	p ^= p >> 32;
	return (size_t)p;
}

static struct sync_clock *sync_probe(struct sync_clock *tab, size_t cap,
				     const void *obj)
{
	size_t i = hash_ptr((uintptr_t)obj) & (cap - 1);

	while (tab[i].gen == gen && tab[i].obj != obj)
		i = (i + 1) & (cap - 1);
	return &tab[i];
}

static void syncs_grow(void)
{
	size_t old_cap = syncs_cap;
	struct sync_clock *old = syncs;

	syncs_cap = old_cap ? 2 * old_cap : 256;
	syncs = calloc(syncs_cap, sizeof(*syncs));
	if (!syncs)
		abort();
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].gen == gen)
			*sync_probe(syncs, syncs_cap, old[i].obj) = old[i];
	free(old);
}

static struct sync_clock *sync_clock(const void *obj)
{
	struct sync_clock *s;

	if (2 * (syncs_used + 1) > syncs_cap)
		syncs_grow();
	s = sync_probe(syncs, syncs_cap, obj);
	if (s->gen != gen) {
		memset(s, 0, sizeof(*s));
		s->obj = obj;
		s->gen = gen;
		syncs_used++;
	}
	return s;
}

void __sim_hb_release(const void *obj, bool shared)
{
	int t = current_tid();
	struct sync_clock *s = sync_clock(obj);

	vc_join(shared ? s->shared : s->vc, thread_vc[t]);
	thread_vc[t][t]++;
}

void __sim_hb_acquire(const void *obj, bool shared)
{
	int t = current_tid();
	struct sync_clock *s = sync_clock(obj);

	vc_join(thread_vc[t], s->vc);
	if (!shared)
		vc_join(thread_vc[t], s->shared);
}

void sim_race_thread_start(int parent, int child)
{
	memset(thread_vc[child], 0, sizeof(thread_vc[child]));
	disabled[child] = 0;
	race_stacks[child].depth = 0;
	if (parent >= 0) {
		memcpy(thread_vc[child], thread_vc[parent], sizeof(race_vc));
		thread_vc[parent][parent]++;
	}
	thread_vc[child][child] = 1;
}

void sim_race_wake(int waker, int woken)
{
	if (!sim_race_on || waker < 0)
		return;
	vc_join(thread_vc[woken], thread_vc[waker]);
	thread_vc[waker][waker]++;
}

void sim_race_disable_current(void)
{
	if (sim_current)
		disabled[current_tid()]++;
}

void sim_race_enable_current(void)
{
	if (sim_current && disabled[current_tid()])
		disabled[current_tid()]--;
}

unsigned long long sim_race_accesses(void)
{
	return nr_checked;
}

/* --- shadow memory ------------------------------------------------------- */

#define GRANULE		8
#define CELLS		4

struct granule {
	uintptr_t key;		/* address / GRANULE */
	uint32_t gen;
	bool freed;
	struct race_cell cell[CELLS];	/* mask 0: empty */
};

static struct granule *shadow;
static size_t shadow_cap, shadow_used;

static struct granule *shadow_probe(struct granule *tab, size_t cap,
				    uintptr_t key)
{
	size_t i = hash_ptr(key) & (cap - 1);

	while (tab[i].gen == gen && tab[i].key != key)
		i = (i + 1) & (cap - 1);
	return &tab[i];
}

static void shadow_grow(void)
{
	size_t old_cap = shadow_cap;
	struct granule *old = shadow;

	shadow_cap = old_cap ? 2 * old_cap : 4096;
	shadow = calloc(shadow_cap, sizeof(*shadow));
	if (!shadow)
		abort();
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].gen == gen)
			*shadow_probe(shadow, shadow_cap, old[i].key) = old[i];
	free(old);
}

/* The granule of @key, created if new (then *@fresh is set). */
static struct granule *granule(uintptr_t key, bool *fresh)
{
	struct granule *g;

	if (2 * (shadow_used + 1) > shadow_cap)
		shadow_grow();
	g = shadow_probe(shadow, shadow_cap, key);
	*fresh = g->gen != gen;
	if (*fresh) {
		memset(g, 0, sizeof(*g));
		g->key = key;
		g->gen = gen;
		shadow_used++;
	}
	return g;
}

/* Looks up without creating: NULL when the granule has no history. */
static struct granule *granule_find(uintptr_t key)
{
	struct granule *g;

	if (!shadow_cap)
		return NULL;
	g = shadow_probe(shadow, shadow_cap, key);
	return g->gen == gen ? g : NULL;
}

static uint32_t race_step(void);

/*
 * The objects freed by the threads in this execution, sorted by address:
 * a granule first touched after its object's free starts out freed.  (The
 * granules that have a history are marked at the free itself.)
 */
struct freed_span {
	uintptr_t start, end;
};

static struct freed_span *freed;
static size_t nr_freed, freed_cap;

static size_t freed_search(uintptr_t a)
{
	size_t lo = 0, hi = nr_freed;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (freed[mid].end <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void freed_add(uintptr_t start, uintptr_t end)
{
	size_t i;

	if (nr_freed == freed_cap) {
		freed_cap = freed_cap ? 2 * freed_cap : 64;
		freed = realloc(freed, freed_cap * sizeof(*freed));
		if (!freed)
			abort();
	}
	i = freed_search(start);
	memmove(&freed[i + 1], &freed[i], (nr_freed - i) * sizeof(*freed));
	freed[i].start = start;
	freed[i].end = end;
	nr_freed++;
}

static bool freed_contains(uintptr_t a)
{
	size_t i = freed_search(a);

	return i < nr_freed && freed[i].start <= a;
}

/* --- objects ------------------------------------------------------------- */

static struct race_object *objects;
static size_t nr_objects, objects_cap;

/* Object start address -> index + 1 in objects[], for the frees. */
struct object_slot {
	uintptr_t start;
	uint32_t gen;
	uint32_t index;
};

static struct object_slot *object_index;
static size_t object_index_cap;

static struct object_slot *object_probe(struct object_slot *tab, size_t cap,
					uintptr_t start)
{
	size_t i = hash_ptr(start) & (cap - 1);

	while (tab[i].gen == gen && tab[i].start != start)
		i = (i + 1) & (cap - 1);
	return &tab[i];
}

static void object_index_add(uintptr_t start, uint32_t index)
{
	struct object_slot *slot;

	if (2 * nr_objects > object_index_cap) {
		size_t old_cap = object_index_cap;
		struct object_slot *old = object_index;

		object_index_cap = old_cap ? 2 * old_cap : 1024;
		object_index = calloc(object_index_cap,
				      sizeof(*object_index));
		if (!object_index)
			abort();
		for (size_t i = 0; i < old_cap; i++)
			if (old[i].gen == gen)
				*object_probe(object_index, object_index_cap,
					      old[i].start) = old[i];
		free(old);
	}
	slot = object_probe(object_index, object_index_cap, start);
	slot->start = start;
	slot->gen = gen;
	slot->index = index;	/* a newer object at the same address wins */
}

void __sim_race_alloc(const void *p, size_t size, const struct sim_loc *loc)
{
	struct race_object *o;

	if (nr_objects == objects_cap) {
		objects_cap = objects_cap ? 2 * objects_cap : 256;
		objects = realloc(objects, objects_cap * sizeof(*objects));
		if (!objects)
			abort();
	}
	o = &objects[nr_objects++];
	object_index_add((uintptr_t)p, (uint32_t)(nr_objects - 1));
	o->start = (uintptr_t)p;
	o->size = size;
	o->alloc = loc;
	o->free = NULL;
	o->free_step = 0;
	o->free_tid = -1;
	/*
	 * Addresses are not reused within an execution (the slab shim keeps
	 * freed objects in quarantine until its end), so a new object's
	 * granules have no history to forget.
	 */
}

/* The newest object that covers @addr, live or freed; NULL if none. */
const struct race_object *race_object_at(uintptr_t addr)
{
	for (size_t i = nr_objects; i-- > 0;)
		if (addr - objects[i].start < objects[i].size)
			return &objects[i];
	return NULL;
}

void __sim_race_free(const void *p, size_t size, const struct sim_loc *loc)
{
	uintptr_t a = (uintptr_t)p;
	struct object_slot *slot;

	/*
	 * Outside the threads (set-up, teardown) nothing can race with the
	 * free nor use the object after it in the explored part: only the
	 * record of the free is kept, for reports.
	 */
	if (object_index_cap) {
		slot = object_probe(object_index, object_index_cap, a);
		if (slot->gen == gen) {
			struct race_object *o = &objects[slot->index];

			o->free = loc;
			o->free_step = race_step();
			o->free_tid = sim_current_tid();
		}
	}
	if (!sim_race_active())
		return;
	/*
	 * A free is a write of the whole object: it races like one.  The
	 * check marks the object's granules freed.
	 */
	if (!disabled[current_tid()]) {
		race_check(a, size, RACE_WRITE | RACE_FREE | RACE_LOC, loc);
	} else {
		for (uintptr_t k = a / GRANULE; k <= (a + size - 1) / GRANULE;
		     k++) {
			struct granule *g = granule_find(k);

			if (g) {
				memset(g->cell, 0, sizeof(g->cell));
				g->freed = true;
			}
		}
	}
	freed_add(a, a + size);
}

/*
 * Where in the execution: the trace's step number when a trace is being
 * printed (the failing schedule's replay), so that the report and the
 * trace agree; else the count of scheduling points.
 */
static uint32_t race_step(void)
{
	return sim_engine.trace ? sim_engine.trace_lines :
				  (uint32_t)sim_engine.steps;
}

/* --- the check ----------------------------------------------------------- */

/*
 * KCSAN's default rule (CONFIG_KCSAN_ASSUME_PLAIN_WRITES_ATOMIC): an
 * aligned plain write of at most a word is taken as atomic, so it does not
 * race with a marked read.
 */
static bool plain_write_atomic(const struct race_cell *c)
{
	return (c->flags & (RACE_WRITE | RACE_MARKED | RACE_FREE)) ==
		       RACE_WRITE && c->size <= 8 &&
	       !(c->addr & (c->size - 1));
}

static bool conflict(const struct race_cell *old, const struct race_cell *now)
{
	if (!((old->flags | now->flags) & RACE_WRITE))
		return false;
	if (old->flags & now->flags & RACE_MARKED)
		return false;
	if ((old->flags & RACE_MARKED) && !(old->flags & RACE_WRITE) &&
	    plain_write_atomic(now))
		return false;
	if ((now->flags & RACE_MARKED) && !(now->flags & RACE_WRITE) &&
	    plain_write_atomic(old))
		return false;
	return true;
}

static void check_granule(struct granule *g, struct race_cell *now)
{
	const uint32_t *vc = thread_vc[now->tid];
	struct race_cell *slot = NULL;

	for (int i = 0; i < CELLS; i++) {
		struct race_cell *c = &g->cell[i];
		bool before;

		if (!(c->mask & now->mask))
			continue;
		before = c->tid == now->tid || c->clock <= vc[c->tid];
		if (!before && conflict(c, now) && !race_suppressed(c, now))
			race_report(c, now);
		if (!before)
			continue;
		/* ordered before this access: superseded where it overlaps */
		if (now->flags & RACE_WRITE)
			c->mask &= ~now->mask;
		else if (!(c->flags & RACE_WRITE) && !(c->mask & ~now->mask))
			c->mask = 0;
	}
	for (int i = 0; i < CELLS && !slot; i++)
		if (!g->cell[i].mask)
			slot = &g->cell[i];
	if (!slot) {
		/* full: forget the oldest one, which may hide a later race */
		memmove(&g->cell[0], &g->cell[1],
			(CELLS - 1) * sizeof(g->cell[0]));
		slot = &g->cell[CELLS - 1];
	}
	*slot = *now;
}

#ifdef SIM_ASAN
/* Core objects carry no ASan instrumentation: ask ASan's shadow here. */
static void asan_check(uintptr_t addr, size_t size, unsigned int flags)
{
	if (!__asan_region_is_poisoned((void *)addr, size))
		return;
	if (flags & RACE_WRITE)
		__asan_report_store_n((void *)addr, size);
	else
		__asan_report_load_n((void *)addr, size);
}
#else
static inline void asan_check(uintptr_t addr, size_t size,
			      unsigned int flags)
{
}
#endif

void race_check(uintptr_t addr, size_t size, unsigned int flags,
		const void *pc)
{
	int t = current_tid();
	const struct sim_coro *co = &sim_engine.threads[t].coro;
	struct race_cell now;
	uintptr_t end = addr + size;

	if (!size || disabled[t])
		return;
	/* a thread's own stack: its locals are not shared */
	if (addr - (uintptr_t)co->stack < co->stack_size)
		return;
	nr_checked++;
	now.pc = pc;
	now.caller = race_caller(t);
	now.clock = thread_vc[t][t];
	now.step = race_step();
	now.tid = (uint8_t)t;
	now.size = size > 255 ? 255 : (uint8_t)size;
	now.flags = (uint8_t)flags;
	now.addr = addr;
	for (uintptr_t a = addr; a < end;) {
		uintptr_t next = (a / GRANULE + 1) * GRANULE;
		struct granule *g;
		bool fresh;

		if (next > end)
			next = end;
		now.mask = (uint8_t)(((1u << (next - a)) - 1) << (a % GRANULE));
		if (flags & RACE_FREE) {
			/* only granules with a history: the rest is fresh */
			g = granule_find(a / GRANULE);
			if (g) {
				check_granule(g, &now);
				memset(g->cell, 0, sizeof(g->cell));
				g->freed = true;
			}
			a = next;
			continue;
		}
		g = granule(a / GRANULE, &fresh);
		if (fresh && nr_freed && freed_contains(a))
			g->freed = true;
		if (g->freed) {
			const struct race_object *o = race_object_at(a);

			if (o && o->free)
				race_report_uaf(&now, o);
		}
		check_granule(g, &now);
		a = next;
	}
	/* after ours: a freed slab object gets the KASAN-shaped report */
	if (!(flags & RACE_FREE))
		asan_check(addr, size, flags);
}

void __sim_race_access(const void *p, size_t size, bool write,
		       const struct sim_loc *loc)
{
	race_check((uintptr_t)p, size, (write ? RACE_WRITE : 0) | RACE_LOC,
		   loc);
}

/* Called by the engine before each execution's set-up. */
void sim_race_begin(void)
{
	if (++gen == 0) {
		/* wrapped: stamps from 2^32 executions ago would match */
		if (shadow)
			memset(shadow, 0, shadow_cap * sizeof(*shadow));
		if (syncs)
			memset(syncs, 0, syncs_cap * sizeof(*syncs));
		gen = 1;
	}
	shadow_used = syncs_used = 0;
	nr_objects = 0;
	nr_freed = 0;
	memset(thread_vc, 0, sizeof(thread_vc));
	memset(disabled, 0, sizeof(disabled));
	for (int i = 0; i < SIM_MAX_THREADS; i++)
		race_stacks[i].depth = 0;
}
