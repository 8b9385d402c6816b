// SPDX-License-Identifier: GPL-2.0-only
/*
 * The memory of a parsed scenario: every name, text and table the parser
 * makes is carved from the scenario's arena, a list of chunks freed at
 * once by sim_scenario_free().  A fuzzer parses a scenario per input; one
 * calloc() and free() per token was a tenth of its time.
 *
 * The first chunk is part of struct sim_scenario itself, so a small
 * scenario allocates nothing more.  Allocations are zeroed and aligned
 * for any object.  The newest allocation can grow in place (a string
 * built one escape at a time, a table of segments).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define ALIGN		16
#define CHUNK_MIN	8192

struct scn_chunk {
	struct scn_chunk *next;
	size_t size, used;
	_Alignas(ALIGN) unsigned char data[];
};

static size_t round_up(size_t n)
{
	return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

void scn_arena_init(struct scn_arena *a)
{
	a->base = a->inline_buf;
	a->size = sizeof(a->inline_buf);
	a->used = 0;
	a->last = NULL;
	a->chunks = NULL;
}

void scn_arena_release(struct scn_arena *a)
{
	struct scn_chunk *c = a->chunks;

	while (c) {
		struct scn_chunk *next = c->next;

		free(c);
		c = next;
	}
	scn_arena_init(a);
}

static bool new_chunk(struct scn_arena *a, size_t size)
{
	size_t want = size > CHUNK_MIN ? size : CHUNK_MIN;
	struct scn_chunk *c = malloc(sizeof(*c) + want);

	if (!c)
		return false;
	c->next = a->chunks;
	c->size = want;
	c->used = 0;
	a->chunks = c;
	a->base = c->data;
	a->size = want;
	a->used = 0;
	a->last = NULL;
	return true;
}

void *scn_arena_alloc(struct scn_arena *a, size_t size)
{
	size_t n = round_up(size ? size : 1);
	void *p;

	if (n > a->size - a->used && !new_chunk(a, n))
		return NULL;
	p = a->base + a->used;
	a->used += n;
	a->last = p;
	memset(p, 0, n);
	return p;
}

void *scn_arena_grow(struct scn_arena *a, void *old, size_t old_size,
		     size_t size)
{
	unsigned char *o = old;
	void *p;

	if (!old)
		return scn_arena_alloc(a, size);
	if (size <= old_size)
		return old;
	/* the newest allocation, with room after it: in place */
	if (o == a->last &&
	    round_up(size) <= a->size - (size_t)(o - a->base)) {
		size_t n = round_up(size);

		memset(o + old_size, 0, n - old_size);
		a->used = (o - a->base) + n;
		return old;
	}
	p = scn_arena_alloc(a, size);
	if (p)
		memcpy(p, old, old_size);
	return p;
}
