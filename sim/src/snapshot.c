// SPDX-License-Identifier: GPL-2.0-only
/*
 * The set-up snapshot: the state a program's setup() built, kept after
 * one execution and put back at the start of the next ones instead of
 * running setup() again (struct sim_program's start()).
 *
 * What is kept is a list of blocks of memory with their contents: the
 * kernel globals (the state regions), and whatever each layer's hook
 * names (sim_snapshot_keep()): its statics, the part of its tables in
 * use, the slab arena up to its top.  Putting it back is the hooks'
 * begin() (each layer's reset, as before a set-up), then a copy of every
 * block, then the hooks' restore() for what a copy cannot express (the
 * lockdep graph of another exploration).  The race detector's and the
 * engine's own per-execution state are saved beside.
 *
 * The snapshot is only taken from a set-up that ended normally with no
 * injected allocation failure, and only used where a set-up would have
 * run the same way: no trace being printed (a traced replay shows the
 * set-up's steps), the same checks, and a fail-nth that falls after the
 * set-up's allocations.  tests/world/test_snapshot compares the memory
 * of a program started from the snapshot with one that ran its set-up.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "race_impl.h"

struct snap_block {
	void *p;
	size_t len;
	size_t off;		/* in data */
};

static struct {
	bool valid;
	void *key;
	size_t key_len;
	unsigned int checks;
	struct snap_block *blocks;
	size_t nr_blocks, blocks_cap;
	char *data;
	size_t data_len, data_cap;
	uint64_t allocs, steps, wait_seq;
	char prog[SIM_PROGRAM_SAVE_MAX];
} snap;

static bool collecting;
static bool keep_failed;

void sim_snapshot_keep(const void *p, size_t len)
{
	struct snap_block *b;

	if (!collecting) {
		fprintf(stderr, "vfio-sim: sim_snapshot_keep() outside a "
			"snapshot\n");
		abort();
	}
	if (!len)
		return;
	if (snap.nr_blocks == snap.blocks_cap) {
		snap.blocks_cap = snap.blocks_cap ? 2 * snap.blocks_cap : 64;
		snap.blocks = realloc(snap.blocks,
				      snap.blocks_cap * sizeof(*snap.blocks));
		if (!snap.blocks)
			abort();
	}
	if (snap.data_len + len > snap.data_cap) {
		while (snap.data_len + len > snap.data_cap)
			snap.data_cap = snap.data_cap ? 2 * snap.data_cap :
							65536;
		snap.data = realloc(snap.data, snap.data_cap);
		if (!snap.data) {
			keep_failed = true;
			snap.data_cap = snap.data_len = 0;
			return;
		}
	}
	b = &snap.blocks[snap.nr_blocks++];
	b->p = (void *)p;
	b->len = len;
	b->off = snap.data_len;
	memcpy(snap.data + snap.data_len, p, len);
	snap.data_len += len;
}

void sim_snapshot_forget(void)
{
	snap.valid = false;
	free(snap.key);
	snap.key = NULL;
	snap.key_len = 0;
}

static bool same_key(const struct sim_program *prog)
{
	return snap.key_len == prog->setup_key_len &&
	       !memcmp(snap.key, prog->setup_key, snap.key_len);
}

bool sim_snapshot_usable(const struct sim_program *prog)
{
	struct sim_engine *e = &sim_engine;

	if (!snap.valid || !prog->start || e->no_snapshot || e->trace ||
	    snap.checks != sim_checks || !same_key(prog))
		return false;
	/* an injected failure inside the set-up: it must run */
	return !e->path->fail_nth || (uint64_t)e->path->fail_nth > snap.allocs;
}

void sim_snapshot_take(const struct sim_program *prog)
{
	struct sim_engine *e = &sim_engine;
	int n;

	if (!prog->start || !prog->save || e->no_snapshot ||
	    e->fail_kind != SIM_FAIL_NONE || e->abandoned ||
	    sim_alloc_failed())
		return;
	if (snap.valid && same_key(prog) && snap.checks == sim_checks)
		return;
	sim_snapshot_forget();
	n = prog->save(prog->ctx, snap.prog, sizeof(snap.prog));
	if (n < 0)
		return;
	snap.nr_blocks = 0;
	snap.data_len = 0;
	keep_failed = false;
	collecting = true;
	sim_state_keep();
	if (!sim_hooks_snapshot() || !sim_race_snapshot())
		keep_failed = true;
	collecting = false;
	if (keep_failed)
		return;
	snap.key = malloc(prog->setup_key_len + 1);
	if (!snap.key)
		return;
	memcpy(snap.key, prog->setup_key, prog->setup_key_len);
	snap.key_len = prog->setup_key_len;
	snap.checks = sim_checks;
	snap.allocs = e->allocs;
	snap.steps = e->steps;
	snap.wait_seq = e->wait_seq;
	snap.valid = true;
}

void sim_snapshot_restore(const struct sim_program *prog)
{
	struct sim_engine *e = &sim_engine;

	sim_race_begin();
	sim_race_restore();
	sim_hooks_begin();
	for (size_t i = 0; i < snap.nr_blocks; i++)
		memcpy(snap.blocks[i].p, snap.data + snap.blocks[i].off,
		       snap.blocks[i].len);
	sim_hooks_restore();
	e->allocs = snap.allocs;
	e->steps = snap.steps;
	e->wait_seq = snap.wait_seq;
	prog->restore(prog->ctx, snap.prog);
}

size_t sim_snapshot_bytes(void)
{
	return snap.valid ? snap.data_len : 0;
}
