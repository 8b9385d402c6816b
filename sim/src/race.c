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
#include <sys/mman.h>

#include "engine.h"
#include "race_impl.h"
#include "sim/sanitizer.h"

#ifdef SIM_ASAN
#include <sanitizer/asan_interface.h>

#ifdef __clang__
/* ASan's report entry points: gcc knows them, clang's header does not */
void __asan_report_load_n(void *addr, size_t size);
void __asan_report_store_n(void *addr, size_t size);
#endif
#endif

bool sim_race_on = true;

static uint32_t gen = 1;	/* this execution's stamp */

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

/* --- tables stamped with the execution ----------------------------------- */

/*
 * An open-addressing hash table whose entries begin with their key and the
 * stamp of the execution that wrote them: an entry of another execution
 * is free, so forgetting everything is bumping the stamp.
 */
struct stamped {
	uintptr_t key;
	uint32_t gen;
};

struct stamped_table {
	char *slots;
	size_t entry;		/* size of an entry (struct stamped first) */
	size_t first_cap;	/* a power of two */
	size_t cap, used;
};

static size_t hash_ptr(uintptr_t p)
{
	p ^= p >> 29;
	p *= 0xbf58476d1ce4e5b9ull;
	p ^= p >> 32;
	return (size_t)p;
}

/* The entry of @key in @slots, or the free one where it would go. */
static struct stamped *table_probe(const struct stamped_table *t,
				   char *slots, size_t cap, uintptr_t key)
{
	size_t i = hash_ptr(key) & (cap - 1);

	for (;;) {
		struct stamped *e = (struct stamped *)(slots + i * t->entry);

		if (e->gen != gen || e->key == key)
			return e;
		i = (i + 1) & (cap - 1);
	}
}

static void table_grow(struct stamped_table *t)
{
	size_t old_cap = t->cap;
	char *old = t->slots;

	t->cap = old_cap ? 2 * old_cap : t->first_cap;
	t->slots = calloc(t->cap, t->entry);
	if (!t->slots)
		abort();
	for (size_t i = 0; i < old_cap; i++) {
		struct stamped *e = (struct stamped *)(old + i * t->entry);

		if (e->gen == gen)
			memcpy(table_probe(t, t->slots, t->cap, e->key), e,
			       t->entry);
	}
	free(old);
}

/* The entry of @key, created zeroed if new (then *@fresh is set). */
static void *table_get(struct stamped_table *t, uintptr_t key, bool *fresh)
{
	struct stamped *e;

	if (2 * (t->used + 1) > t->cap)
		table_grow(t);
	e = table_probe(t, t->slots, t->cap, key);
	*fresh = e->gen != gen;
	if (*fresh) {
		memset(e, 0, t->entry);
		e->key = key;
		e->gen = gen;
		t->used++;
	}
	return e;
}

/* The entry of @key, or NULL: it was not written in this execution. */
static void *table_find(const struct stamped_table *t, uintptr_t key)
{
	struct stamped *e;

	if (!t->cap)
		return NULL;
	e = table_probe(t, t->slots, t->cap, key);
	return e->gen == gen ? e : NULL;
}

static void table_reset(struct stamped_table *t, bool wrapped)
{
	t->used = 0;
	if (wrapped && t->slots)
		memset(t->slots, 0, t->cap * t->entry);
}

/* --- vector clocks ------------------------------------------------------- */

typedef uint32_t race_vc[SIM_MAX_THREADS];

/* Each row is set when its thread starts (sim_race_thread_start()). */
static race_vc thread_vc[SIM_MAX_THREADS];
static unsigned int disabled[SIM_MAX_THREADS];
struct race_stack race_stacks[SIM_MAX_THREADS];

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
	struct stamped head;	/* key: the object's address */
	race_vc vc;		/* exclusive releases */
	race_vc shared;		/* readers' releases (rwsem up_read) */
};

static struct stamped_table syncs = {
	.entry = sizeof(struct sync_clock), .first_cap = 256,
};

static struct sync_clock *sync_clock(const void *obj)
{
	bool fresh;

	return table_get(&syncs, (uintptr_t)obj, &fresh);
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

/* --- shadow memory ------------------------------------------------------- */

#define GRANULE		8
#define CELLS		4

struct granule {
	struct stamped head;	/* key: address / GRANULE */
	bool freed;
	uint8_t redzone;	/* bytes no object owns (sim_race_redzone()) */
	struct race_cell cell[CELLS];	/* mask 0: empty */
};

static struct stamped_table shadow = {
	.entry = sizeof(struct granule), .first_cap = 4096,
};

/*
 * The slab shim's arena (sim_race_heap()): two bytes for each of its
 * granules say which of its bytes are a redzone, whether its object was
 * freed and whether the table above has its history, so that neither an
 * allocation's redzone nor a free needs the table.  What the last
 * execution used is cleared before the next.
 */
#define HEAP_REDZONE	0x00ffu		/* a byte mask, as granule.redzone */
#define HEAP_FREED	0x0100u
#define HEAP_HISTORY	0x0200u

static uintptr_t heap_base, heap_size;
static uint16_t *heap_shadow;
static size_t heap_used;	/* granules that may be non-zero */

void sim_race_heap(const void *base, size_t size)
{
	void *m = mmap(NULL, size / GRANULE * sizeof(*heap_shadow),
		       PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	/* without it, the arena's granules are in the table like others */
	if (m == MAP_FAILED)
		return;
	heap_shadow = m;
	heap_base = (uintptr_t)base;
	heap_size = size;
}

/* The heap shadow of the granule at @a, NULL outside the arena. */
static inline uint16_t *heap_granule(uintptr_t a)
{
	size_t i;

	if (a - heap_base >= heap_size)
		return NULL;
	i = (a - heap_base) / GRANULE;
	if (i >= heap_used)
		heap_used = i + 1;
	return &heap_shadow[i];
}

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

uint32_t __sim_race_alloc(const void *p, size_t size,
			  const struct sim_loc *loc)
{
	struct race_object *o;

	if (nr_objects == objects_cap) {
		objects_cap = objects_cap ? 2 * objects_cap : 256;
		objects = realloc(objects, objects_cap * sizeof(*objects));
		if (!objects)
			abort();
	}
	o = &objects[nr_objects++];
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
	return (uint32_t)nr_objects;
}

/* The newest object that covers @addr, live or freed; NULL if none. */
const struct race_object *race_object_at(uintptr_t addr)
{
	for (size_t i = nr_objects; i-- > 0;)
		if (addr - objects[i].start < objects[i].size)
			return &objects[i];
	return NULL;
}

const struct race_object *race_object_left_of(uintptr_t addr)
{
	for (size_t i = nr_objects; i-- > 0;) {
		uintptr_t end = objects[i].start + objects[i].size;

		/* the slab's redzones: at most 7 + 16 bytes */
		if (addr >= end && addr - end < 24)
			return &objects[i];
	}
	return NULL;
}

void __sim_race_free(const void *p, size_t size, uint32_t handle,
		     const struct sim_loc *loc)
{
	uintptr_t a = (uintptr_t)p;

	if (handle && handle <= nr_objects && objects[handle - 1].start == a) {
		struct race_object *o = &objects[handle - 1];

		o->free = loc;
		o->free_step = race_step();
		o->free_tid = sim_current_tid();
	}
	/*
	 * Outside the threads (set-up, teardown) nothing can race with the
	 * free nor use the object after it in the explored part: only the
	 * record of the free is kept, for reports.  Inside, a free is a
	 * write of the whole object: it races like one, and marks the
	 * object's granules freed.
	 */
	if (!sim_race_active())
		return;
	race_check(a, size, RACE_WRITE | RACE_FREE | RACE_LOC, loc);
	if (!heap_granule(a))
		freed_add(a, a + size);
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

	/* data_race(): not checked, but a free still marks the object */
	if (!size || (disabled[t] && !(flags & RACE_FREE)))
		return;
	/* a thread's own stack: its locals are not shared */
	if (addr - (uintptr_t)co->stack < co->stack_size)
		return;
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
		uint16_t *hs = heap_granule(a);
		unsigned int redzone;
		struct granule *g;
		bool fresh, freed;

		if (next > end)
			next = end;
		now.mask = (uint8_t)(((1u << (next - a)) - 1) << (a % GRANULE));
		if (flags & RACE_FREE) {
			/* only granules with a history: the rest is fresh */
			g = !hs || (*hs & HEAP_HISTORY) ?
				table_find(&shadow, a / GRANULE) : NULL;
			if (g) {
				if (!disabled[t])
					check_granule(g, &now);
				memset(g->cell, 0, sizeof(g->cell));
				g->freed = true;
			}
			if (hs)
				*hs |= HEAP_FREED;
			a = next;
			continue;
		}
		g = table_get(&shadow, a / GRANULE, &fresh);
		if (hs) {
			*hs |= HEAP_HISTORY;
			redzone = *hs & HEAP_REDZONE;
			freed = *hs & HEAP_FREED;
		} else {
			if (fresh && nr_freed && freed_contains(a))
				g->freed = true;
			redzone = g->redzone;
			freed = g->freed;
		}
		if (redzone & now.mask)
			race_report_oob(&now);
		if (freed) {
			const struct race_object *o = race_object_at(a);

			if (o && o->free)
				race_report_uaf(&now);
		}
		check_granule(g, &now);
		a = next;
	}
	/* after ours: a freed slab object gets the KASAN-shaped report */
	if (!(flags & RACE_FREE))
		asan_check(addr, size, flags);
}

void __sim_race_redzone(const void *p, size_t len)
{
	uintptr_t a = (uintptr_t)p, end = a + len;

	while (a < end) {
		uintptr_t next = (a / GRANULE + 1) * GRANULE;
		uint16_t *hs = heap_granule(a);
		struct granule *g;
		uint8_t mask;
		bool fresh;

		if (next > end)
			next = end;
		mask = (uint8_t)(((1u << (next - a)) - 1) << (a % GRANULE));
		if (hs) {
			*hs |= mask;
		} else {
			g = table_get(&shadow, a / GRANULE, &fresh);
			g->redzone |= mask;
		}
		a = next;
	}
}

void __sim_race_access(const void *p, size_t size, bool write,
		       const struct sim_loc *loc)
{
	race_check((uintptr_t)p, size, (write ? RACE_WRITE : 0) | RACE_LOC,
		   loc);
}

void __sim_race_atomic_access(const void *p, size_t size, bool write,
			      const struct sim_loc *loc)
{
	race_check((uintptr_t)p, size,
		   (write ? RACE_WRITE : 0) | RACE_MARKED | RACE_LOC, loc);
}

/* Called by the engine before each execution's set-up. */
void sim_race_begin(void)
{
	/* wrapped: stamps from 2^32 executions ago would match */
	bool wrapped = ++gen == 0;

	if (wrapped)
		gen = 1;
	table_reset(&shadow, wrapped);
	table_reset(&syncs, wrapped);
	if (heap_used)
		memset(heap_shadow, 0, heap_used * sizeof(*heap_shadow));
	heap_used = 0;
	nr_objects = 0;
	nr_freed = 0;
}

/* --- the set-up snapshot ------------------------------------------------- */

/*
 * A set-up runs outside the threads: it records objects (for reports) and
 * the arena's redzones, nothing in the tables.  Those are what an
 * execution started from a snapshot gets back (snapshot.c), saved as
 * counts, then the objects, then the heap shadow.
 */
struct race_saved {
	size_t nr_objects, heap_used;
};

void *sim_race_snapshot_save(void)
{
	size_t objs = nr_objects * sizeof(*objects);
	struct race_saved *r = malloc(sizeof(*r) + objs +
				      heap_used * sizeof(*heap_shadow));

	if (!r)
		return NULL;
	r->nr_objects = nr_objects;
	r->heap_used = heap_used;
	if (objs)
		memcpy(r + 1, objects, objs);
	if (heap_used)
		memcpy((char *)(r + 1) + objs, heap_shadow,
		       heap_used * sizeof(*heap_shadow));
	return r;
}

/* After sim_race_begin(): the state the snapshot's set-up left. */
void sim_race_snapshot_restore(const void *saved)
{
	const struct race_saved *r = saved;
	size_t objs = r->nr_objects * sizeof(*objects);

	if (r->nr_objects > objects_cap) {
		objects_cap = r->nr_objects;
		objects = realloc(objects, objects_cap * sizeof(*objects));
		if (!objects)
			abort();
	}
	if (objs)
		memcpy(objects, r + 1, objs);
	nr_objects = r->nr_objects;
	if (r->heap_used)
		memcpy(heap_shadow, (const char *)(r + 1) + objs,
		       r->heap_used * sizeof(*heap_shadow));
	heap_used = r->heap_used;
}
