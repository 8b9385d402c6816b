// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kmalloc family.  Each object has a header with its size and
 * allocation site, linked on a per-execution list of live objects: the
 * leak check at the end of an execution walks it, and the end of every
 * execution drops whatever a failed execution left behind, so that memory
 * stays bounded over millions of executions.
 *
 * Where the objects come from (slab_arena.h): without ASan, one mapping
 * carved in order and never reused within an execution, so an object's
 * address is the same in every execution that replays the same prefix
 * (partial-order reduction names objects by address); with ASan, malloc,
 * whose quarantine and redzones report the shims' own bad accesses, and
 * objects named by their allocation's number.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/lockdep.h>
#include <linux/refcount.h>
#include <linux/slab.h>

#include "sim/explore.h"
#include "sim/race.h"
#include "shims/printk.h"

#include "sim/sanitizer.h"
#include "slab_arena.h"

#define SLAB_ALIVE	0x616c697665212121ull	/* "alive!!!" */
#define SLAB_FREED	0x6672656564212121ull	/* "freed!!!" */
#define POISON_FREE	0x6b

/*
 * Without ASan, the bytes after an object up to the next 8-byte boundary
 * and 16 more are a redzone the race detector checks the cores' accesses
 * against (KASAN's slab-out-of-bounds); with ASan, its own redzones are
 * there.
 */
#ifdef SIM_ASAN
#define SLAB_REDZONE(size)	((size_t)0)
#define SLAB_ARENA		0
#else
#define SLAB_REDZONE(size)	((size_t)(-(size) & 7) + 16)
#define SLAB_ARENA		1
#endif

struct slab_hdr {
	unsigned long long magic;
	struct slab_hdr *prev, *next;
	size_t size;
	const struct sim_loc *site;
	uint64_t race_handle;	/* sim_race_alloc()'s */
	uint64_t pad[2];	/* keep objects 16-byte aligned */
};

_Static_assert(sizeof(struct slab_hdr) % 16 == 0, "alignment");

static struct slab_hdr live = { .prev = &live, .next = &live };
static unsigned long nr_live, live_bytes;

/*
 * With ASan (malloc: addresses differ between executions), the live
 * objects sorted by address, each with its allocation's number in this
 * execution: the object names partial-order reduction compares across
 * executions (sim_register_object_name()).  The arena needs none.
 */
struct slab_span {
	uintptr_t start, end;
	uint64_t ordinal;
};

static struct slab_span *spans;
static size_t nr_spans, spans_cap;
static uint64_t nr_allocated;	/* this execution's allocations so far */

/* Index of the first span that ends after @a. */
static size_t span_search(uintptr_t a)
{
	size_t lo = 0, hi = nr_spans;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (spans[mid].end <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void span_add(const void *p, size_t size)
{
	uintptr_t a = (uintptr_t)p;
	size_t i;

	if (nr_spans == spans_cap) {
		spans_cap = spans_cap ? 2 * spans_cap : 256;
		spans = realloc(spans, spans_cap * sizeof(*spans));
		if (!spans)
			abort();
	}
	i = span_search(a);
	memmove(&spans[i + 1], &spans[i], (nr_spans - i) * sizeof(*spans));
	spans[i].start = a;
	spans[i].end = a + size;
	spans[i].ordinal = ++nr_allocated;
	nr_spans++;
}

static void span_del(const void *p)
{
	size_t i;

	if (!nr_spans)
		return;
	i = span_search((uintptr_t)p);
	if (i < nr_spans && spans[i].start == (uintptr_t)p) {
		memmove(&spans[i], &spans[i + 1],
			(nr_spans - i - 1) * sizeof(*spans));
		nr_spans--;
	}
}

/* Bit 63 marks a name: host addresses never have it. */
static uintptr_t slab_object_name(const void *addr)
{
	uintptr_t a = (uintptr_t)addr;
	size_t i = span_search(a);

	if (i == nr_spans || spans[i].start > a)
		return a;
	return (1ull << 63) | spans[i].ordinal << 32 | (a - spans[i].start);
}

static void list_unlink(struct slab_hdr *h)
{
	h->prev->next = h->next;
	h->next->prev = h->prev;
}

static void list_push(struct slab_hdr *head, struct slab_hdr *h)
{
	h->next = head->next;
	h->prev = head;
	head->next->prev = h;
	head->next = h;
}

/*
 * An exploration's first execution starts where the last one of the
 * previous ended, or after whatever was allocated outside executions
 * (freed by the first end): start every execution at the arena's start,
 * so that addresses are the same from the first.
 */
static void slab_begin(void)
{
	if (SLAB_ARENA && live.next == &live)
		slab_arena_reset();
}

static void slab_end(void)
{
	if (SLAB_ARENA) {
		live.prev = live.next = &live;
		slab_arena_reset();
	}
	while (live.next != &live) {
		struct slab_hdr *h = live.next;

		list_unlink(h);
		h->magic = 0;
		free(h);
	}
	nr_live = live_bytes = 0;
	nr_spans = 0;
	nr_allocated = 0;
}

static void slab_check(void)
{
	const struct slab_hdr *first = NULL;
	unsigned long shown = 0;

	if (!(sim_checks & SIM_CHECK_LEAKS) || live.next == &live)
		return;
	/* oldest first, as kmemleak lists them */
	for (const struct slab_hdr *h = live.prev; h != &live; h = h->prev) {
		const struct sim_loc *s = h->site;
		char refs[1024];

		if (!first)
			first = h;
		if (shown++ == 16) {
			sim_report("  ... and %lu more\n", nr_live - 16);
			break;
		}
		sim_report("unreferenced object #%lu (size %zu):\n"
			   "  allocated at %s:%d %s()\n", shown, h->size,
			   s->file, s->line, s->func);
		if (sim_refcount_describe(h + 1, h->size, refs, sizeof(refs)))
			sim_report("%s", refs);
	}
	sim_fail(SIM_FAIL_LEAK, first->site,
		 "memory leak: %lu object%s (%lu bytes) still allocated at "
		 "the end of the execution", nr_live,
		 nr_live == 1 ? "" : "s", live_bytes);
}

/*
 * The set-up's objects are carved from the arena: its used part is the
 * heap a snapshot keeps.  Objects from malloc (ASan) cannot be put back.
 */
static bool slab_snapshot(void)
{
	if (!SLAB_ARENA)
		return false;
	SIM_SNAPSHOT_KEEP(live);
	SIM_SNAPSHOT_KEEP(nr_live);
	SIM_SNAPSHOT_KEEP(live_bytes);
	slab_arena_keep();
	return true;
}

static void slab_dump(FILE *out)
{
	if (nr_live)
		fprintf(out, "slab: %lu live object%s, %lu bytes\n", nr_live,
			nr_live == 1 ? "" : "s", live_bytes);
}

static struct sim_exec_hook slab_hook = {
	.name = "slab",
	.order = SIM_HOOK_SLAB,
	.begin = slab_begin,
	.check = slab_check,
	.end = slab_end,
	.dump = slab_dump,
	.snapshot = slab_snapshot,
};

static void __attribute__((constructor)) slab_register(void)
{
	sim_register_exec_hook(&slab_hook);
	if (!SLAB_ARENA)
		sim_register_object_name(slab_object_name);
}

unsigned long sim_slab_live_objects(void)
{
	return nr_live;
}

unsigned long sim_slab_live_bytes(void)
{
	return live_bytes;
}

void *__sim_kmalloc(size_t size, gfp_t flags, const struct sim_loc *loc)
{
	struct slab_hdr *h;

	if (gfpflags_allow_blocking(flags))
		__might_sleep_at(loc);
	/* as in the kernel: zero-sized requests never reach the allocator */
	if (!size)
		return ZERO_SIZE_PTR;
	/* fault injection skips (and does not count) __GFP_NOFAIL */
	if (!(flags & __GFP_NOFAIL) && sim_should_fail_alloc()) {
		sim_trace_note("fail-nth: allocation fails", NULL,
			       (long)sim_alloc_count(), loc);
		return NULL;
	}
	if (size > SIZE_MAX / 2)
		h = NULL;	/* header and redzone would wrap around */
	else if (SLAB_ARENA)
		h = slab_arena_alloc(sizeof(*h) + size + SLAB_REDZONE(size));
	else
		h = malloc(sizeof(*h) + size);
	if (!h)
		sim_fail(SIM_FAIL_BUG, loc, "host out of memory (%zu bytes)",
			 size);
	h->magic = SLAB_ALIVE;
	h->size = size;
	h->site = loc;
	h->pad[0] = h->pad[1] = 0;
	list_push(&live, h);
	/* the names cost a sorted insert: only while a reduction asks */
	if (!SLAB_ARENA && sim_object_names_wanted())
		span_add(h + 1, size);
	nr_live++;
	live_bytes += size;
	if (flags & __GFP_ZERO)
		memset(h + 1, 0, size);
	else
		memset(h + 1, 0xa5, size);	/* uninitialised: not zero */
	h->race_handle = sim_race_alloc(h + 1, size, loc);
	if (SLAB_REDZONE(size))
		sim_race_redzone((char *)(h + 1) + size, SLAB_REDZONE(size));
	return h + 1;
}

static struct slab_hdr *header_of(const void *p, const char *op,
				  const struct sim_loc *loc)
{
	struct slab_hdr *h = (struct slab_hdr *)p - 1;

	if (h->magic == SLAB_ALIVE)
		return h;
	if (h->magic == SLAB_FREED)
		sim_fail(SIM_FAIL_UAF, loc, "BUG: double free: %s(%s) of an "
			 "object already freed", op,
			 loc && loc->expr ? loc->expr : "?");
	sim_fail(SIM_FAIL_BUG, loc, "BUG: %s(%p) of memory kmalloc did not "
		 "return", op, p);
}

void __sim_kfree(const void *p, const struct sim_loc *loc)
{
	struct slab_hdr *h;

	if (ZERO_OR_NULL_PTR(p))
		return;
	h = header_of(p, "kfree", loc);
	sim_trace_note("kfree", p, (long)h->size, loc);
	debug_check_no_locks_freed(p, h->size);
	sim_race_free(p, h->size, (uint32_t)h->race_handle, loc);
	list_unlink(h);
	nr_live--;
	live_bytes -= h->size;
	h->magic = SLAB_FREED;
	if (SLAB_ARENA) {
		/* kept, poisoned, until the end of the execution */
		memset(h + 1, POISON_FREE, h->size);
	} else {
		/* ASan's quarantine reports any later access to the object */
		span_del(p);
		free(h);
	}
}

void (kfree)(const void *p)
{
	__sim_kfree(p, NULL);
}

size_t __sim_ksize(const void *p)
{
	if (ZERO_OR_NULL_PTR(p))
		return 0;
	return header_of(p, "ksize", NULL)->size;
}

void *__sim_krealloc(const void *p, size_t size, gfp_t flags,
		     const struct sim_loc *loc)
{
	size_t old = p && !ZERO_OR_NULL_PTR(p) ? __sim_ksize(p) : 0;
	void *n;

	if (!size) {
		__sim_kfree(p, loc);
		return ZERO_SIZE_PTR;
	}
	n = __sim_kmalloc(size, flags, loc);
	if (!n)
		return NULL;
	if (old) {
		sim_race_access(p, old < size ? old : size, false, loc);
		memcpy(n, p, old < size ? old : size);
	}
	__sim_kfree(p, loc);
	return n;
}

char *__sim_kvasprintf(gfp_t flags, const struct sim_loc *loc,
		       const char *fmt, va_list ap)
{
	va_list aq;
	char *s;
	int n;

	/* the kernel's vsnprintf: %pe, %pV and friends */
	va_copy(aq, ap);
	n = sim_vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	s = __sim_kmalloc(n + 1, flags, loc);
	if (s)
		sim_vsnprintf(s, n + 1, fmt, ap);
	return s;
}

char *__sim_kasprintf(gfp_t flags, const struct sim_loc *loc,
		      const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = __sim_kvasprintf(flags, loc, fmt, ap);
	va_end(ap);
	return s;
}

char *__sim_kstrdup(const char *s, gfp_t flags, const struct sim_loc *loc)
{
	if (!s)
		return NULL;
	return __sim_kmemdup(s, strlen(s) + 1, flags, loc);
}

char *__sim_kstrndup(const char *s, size_t max, gfp_t flags,
		     const struct sim_loc *loc)
{
	size_t len;
	char *d;

	if (!s)
		return NULL;
	len = strnlen(s, max);
	d = __sim_kmalloc(len + 1, flags, loc);
	if (d) {
		memcpy(d, s, len);
		d[len] = 0;
	}
	return d;
}

void *__sim_kmemdup(const void *p, size_t len, gfp_t flags,
		    const struct sim_loc *loc)
{
	void *d = __sim_kmalloc(len, flags, loc);

	if (d) {
		sim_race_access(p, len, false, loc);
		memcpy(d, p, len);
	}
	return d;
}
