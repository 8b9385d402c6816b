// SPDX-License-Identifier: GPL-2.0-only
/*
 * Set-up snapshots: the state a program's setup() built, kept after one
 * execution and put back at the start of later ones instead of running
 * setup() again (struct sim_program's start(); docs/explorer.md).
 *
 * A snapshot is a list of blocks of memory with their contents: the
 * kernel globals (the state regions), and whatever each layer's hook
 * names (sim_snapshot_keep()): its statics, the part of its tables in
 * use, the slab arena up to its top.  Putting it back is the hooks'
 * begin() (each layer's reset, as before a set-up), then a copy of every
 * block, then the hooks' restore() for what a copy cannot express (the
 * lockdep graph of another exploration).  The race detector's and the
 * engine's own per-execution state are saved beside.
 *
 * Snapshots are kept by the program's set-up key, a few at a time (the
 * least recently used goes): a fuzzer's inputs that declare the same
 * devices and processes share one.  A snapshot is only taken from a
 * set-up that ended normally with no injected allocation failure, and
 * only used where a set-up would have run the same way: no trace being
 * printed (a traced replay shows the set-up's steps), the same checks,
 * and a fail-nth that falls after the set-up's allocations.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "race_impl.h"

#define SNAP_ENTRIES	64

struct snap_block {
	void *p;
	size_t len;
	size_t off;		/* in data */
};

struct snap_entry {
	bool valid;
	void *key;
	size_t key_len;
	/* what the set-up recorded depends on these too */
	unsigned int checks;
	bool race_on;
	struct snap_block *blocks;
	size_t nr_blocks, blocks_cap;
	char *data;
	size_t data_len, data_cap;
	void *race;		/* sim_race_snapshot_save()'s */
	uint64_t allocs, steps, wait_seq;
	uint64_t last_use;
	char prog[SIM_PROGRAM_SAVE_MAX];
};

static struct snap_entry entries[SNAP_ENTRIES];
static struct snap_entry *collecting;
static bool keep_failed;
static uint64_t uses;
/* how many were taken, and executions started from one */
uint64_t sim_snapshot_taken, sim_snapshot_restored;

void sim_snapshot_keep(const void *p, size_t len)
{
	struct snap_entry *s = collecting;
	struct snap_block *b;

	if (!s) {
		fprintf(stderr, "vfio-sim: sim_snapshot_keep() outside a "
			"snapshot\n");
		abort();
	}
	if (!len || keep_failed)
		return;
	if (s->nr_blocks == s->blocks_cap) {
		s->blocks_cap = s->blocks_cap ? 2 * s->blocks_cap : 64;
		s->blocks = realloc(s->blocks,
				    s->blocks_cap * sizeof(*s->blocks));
		if (!s->blocks)
			abort();
	}
	if (s->data_len + len > s->data_cap) {
		while (s->data_len + len > s->data_cap)
			s->data_cap = s->data_cap ? 2 * s->data_cap : 65536;
		s->data = realloc(s->data, s->data_cap);
		if (!s->data)
			abort();
	}
	b = &s->blocks[s->nr_blocks++];
	b->p = (void *)p;
	b->len = len;
	b->off = s->data_len;
	memcpy(s->data + s->data_len, p, len);
	s->data_len += len;
}

static void entry_drop(struct snap_entry *s)
{
	s->valid = false;
	free(s->key);
	s->key = NULL;
	s->key_len = 0;
	free(s->race);
	s->race = NULL;
}

void sim_snapshot_forget(void)
{
	for (int i = 0; i < SNAP_ENTRIES; i++)
		entry_drop(&entries[i]);
}

static struct snap_entry *entry_of(const struct sim_program *prog)
{
	for (int i = 0; i < SNAP_ENTRIES; i++) {
		struct snap_entry *s = &entries[i];

		if (s->valid && s->key_len == prog->setup_key_len &&
		    s->checks == sim_checks && s->race_on == sim_race_on &&
		    !memcmp(s->key, prog->setup_key, s->key_len))
			return s;
	}
	return NULL;
}

/* The snapshot an execution of @prog starts from, or NULL: a set-up. */
struct snap_entry *sim_snapshot_usable(const struct sim_program *prog)
{
	struct sim_engine *e = &sim_engine;
	struct snap_entry *s;

	if (!prog->start || e->no_snapshot || e->trace)
		return NULL;
	s = entry_of(prog);
	/* an injected failure inside the set-up: it must run */
	if (!s || (e->path->fail_nth &&
		   (uint64_t)e->path->fail_nth <= s->allocs))
		return NULL;
	return s;
}

void sim_snapshot_take(const struct sim_program *prog)
{
	struct sim_engine *e = &sim_engine;
	struct snap_entry *s = &entries[0];

	if (!prog->start || !prog->save || e->no_snapshot ||
	    (e->single_execution && !prog->setup_shared) ||
	    e->fail_kind != SIM_FAIL_NONE || e->abandoned ||
	    sim_alloc_failed() || entry_of(prog))
		return;
	/* a free entry, or the one used longest ago */
	for (int i = 0; i < SNAP_ENTRIES && s->valid; i++)
		if (!entries[i].valid || entries[i].last_use < s->last_use)
			s = &entries[i];
	entry_drop(s);
	if (prog->save(prog->ctx, s->prog, sizeof(s->prog)) < 0)
		return;
	s->nr_blocks = 0;
	s->data_len = 0;
	keep_failed = false;
	collecting = s;
	sim_state_keep();
	if (!sim_hooks_snapshot())
		keep_failed = true;
	collecting = NULL;
	if (keep_failed) {
		entry_drop(s);
		return;
	}
	s->race = sim_race_snapshot_save();
	s->key = malloc(prog->setup_key_len + 1);
	if (!s->race || !s->key) {
		entry_drop(s);
		return;
	}
	memcpy(s->key, prog->setup_key, prog->setup_key_len);
	s->key_len = prog->setup_key_len;
	s->checks = sim_checks;
	s->race_on = sim_race_on;
	s->allocs = e->allocs;
	s->steps = e->steps;
	s->wait_seq = e->wait_seq;
	s->last_use = ++uses;
	s->valid = true;
	sim_snapshot_taken++;
}

void sim_snapshot_restore(const struct sim_program *prog,
			  struct snap_entry *s)
{
	struct sim_engine *e = &sim_engine;

	s->last_use = ++uses;
	sim_snapshot_restored++;
	sim_race_begin();
	sim_race_snapshot_restore(s->race);
	sim_hooks_begin();
	for (size_t i = 0; i < s->nr_blocks; i++)
		memcpy(s->blocks[i].p, s->data + s->blocks[i].off,
		       s->blocks[i].len);
	sim_hooks_restore();
	e->allocs = s->allocs;
	e->steps = s->steps;
	e->wait_seq = s->wait_seq;
	prog->restore(prog->ctx, s->prog);
}
