// SPDX-License-Identifier: GPL-2.0-only
/*
 * Data races on plain memory, for the race detector (docs/race-detector.md).
 * This file is built with the detector's instrumentation, as the cores are.
 *
 * - check-then-act: a claim flag tested and set under a mutex by one
 *   thread and without it by the other.  No scheduling point falls between
 *   the test and the set, so no interleaving shows two owners: only the
 *   missing happens-before edge does.  The fixed one locks in both.
 * - publish: a structure filled with plain stores and its pointer
 *   published; with smp_store_release()/smp_load_acquire() the reader's
 *   plain loads are ordered after the writer's stores; with WRITE_ONCE()/
 *   READ_ONCE() (relaxed) they are not.
 * - refcount-handoff: each of two threads writes its part of an object and
 *   drops its reference; the one that drops the last reads both parts and
 *   frees it.  refcount_dec_and_test() orders that; a thread that writes
 *   after its put races with the last one (or writes freed memory).
 */
#include <asm/barrier.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/slab.h>

#include "targets/examples.h"

/* --- check-then-act ------------------------------------------------------ */

struct claim {
	struct mutex lock;
	bool claimed;
	int owner;
};

static struct claim *claim;

static void claim_locked(void *arg)
{
	mutex_lock(&claim->lock);
	if (!claim->claimed) {
		claim->claimed = true;
		claim->owner = 1;
	}
	mutex_unlock(&claim->lock);
}

static void claim_unlocked(void *arg)
{
	if (!claim->claimed) {
		claim->claimed = true;
		claim->owner = 2;
	}
}

static void claim_setup(void *ctx)
{
	claim = kzalloc(sizeof(*claim), GFP_KERNEL);
	if (!claim)
		return;
	mutex_init(&claim->lock);
	sim_thread_create("locked", claim_locked, NULL);
	sim_thread_create(ctx ? "locked-too" : "unlocked",
			  ctx ? claim_locked : claim_unlocked, NULL);
}

static void claim_teardown(void *ctx)
{
	kfree(claim);
	claim = NULL;
}

const struct sim_program race_check_then_act_program = {
	.name = "race-check-then-act",
	.setup = claim_setup,
	.teardown = claim_teardown,
};

const struct sim_program race_check_then_act_fixed_program = {
	.name = "race-check-then-act-fixed",
	.setup = claim_setup,
	.teardown = claim_teardown,
	.ctx = (void *)1,
};

/* --- publish ------------------------------------------------------------- */

struct config {
	int size;
	int flags;
};

static struct config *published_config;
static struct config *config_storage;

static void publisher(void *ctx)
{
	struct config *c = config_storage;

	c->size = 4096;
	c->flags = 3;
	if (ctx)
		smp_store_release(&published_config, c);
	else
		WRITE_ONCE(published_config, c);
}

static void reader(void *ctx)
{
	struct config *c = ctx ? smp_load_acquire(&published_config) :
				 READ_ONCE(published_config);

	if (c)
		WARN_ON(c->size != 4096 || c->flags != 3);
}

static void publish_setup(void *ctx)
{
	published_config = NULL;
	config_storage = kzalloc(sizeof(*config_storage), GFP_KERNEL);
	if (!config_storage)
		return;
	sim_thread_create("publisher", publisher, ctx);
	sim_thread_create("reader", reader, ctx);
}

static void publish_teardown(void *ctx)
{
	kfree(config_storage);
	config_storage = NULL;
}

const struct sim_program race_publish_relaxed_program = {
	.name = "race-publish-relaxed",
	.setup = publish_setup,
	.teardown = publish_teardown,
};

const struct sim_program race_publish_acquire_program = {
	.name = "race-publish-acquire",
	.setup = publish_setup,
	.teardown = publish_teardown,
	.ctx = (void *)1,
};

/* --- refcount hand-off --------------------------------------------------- */

struct halves {
	refcount_t users;
	int part[2];
};

static struct halves *halves;
static int halves_sum;

static void halves_put(struct halves *h)
{
	if (refcount_dec_and_test(&h->users)) {
		halves_sum = h->part[0] + h->part[1];
		kfree(h);
	}
}

static void half_worker(void *arg)
{
	long i = (long)arg & 1;
	bool late = (long)arg & 2;
	struct halves *h = halves;

	if (late) {
		/* bug: after its put, the object is no longer this thread's */
		halves_put(h);
		h->part[i] = (int)i + 1;
		return;
	}
	h->part[i] = (int)i + 1;
	halves_put(h);
}

static void halves_setup(void *ctx)
{
	halves_sum = 0;
	halves = kzalloc(sizeof(*halves), GFP_KERNEL);
	if (!halves)
		return;
	refcount_set(&halves->users, 2);
	sim_thread_create("half-0", half_worker, (void *)0);
	sim_thread_create("half-1", half_worker, ctx ? (void *)3 : (void *)1);
}

static void halves_teardown(void *ctx)
{
	WARN(halves && halves_sum != 3, "hand-off lost a part: sum %d",
	     halves_sum);
	halves = NULL;
}

const struct sim_program race_refcount_handoff_program = {
	.name = "race-refcount-handoff",
	.setup = halves_setup,
	.teardown = halves_teardown,
};

const struct sim_program race_refcount_late_write_program = {
	.name = "race-refcount-late-write",
	.setup = halves_setup,
	.teardown = halves_teardown,
	.ctx = (void *)1,
};
