// SPDX-License-Identifier: GPL-2.0-only
/*
 * A lookup that outlives its lock: the reader finds the object under the
 * lock and uses it after dropping the lock, with no reference; the remover
 * unpublishes and frees it in between.  The use is a plain load of a
 * pointer out of the freed object and a store through it, which no shim
 * sees: AddressSanitizer reports the load (a heap use-after-free), and
 * without a sanitizer the pointer loaded is the slab's poison
 * (0x6b6b...), a non-canonical address, so the store is a general
 * protection fault, as in a kernel with slab poisoning.  The fixed
 * version does the work under the lock.
 */
#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "targets/examples.h"

struct entry {
	int *hits;		/* where the reader counts its lookups */
};

static DEFINE_MUTEX(entry_lock);
static struct entry *entry;
static atomic_t lookups;
static int hits;

static void lookup_reader(void *ctx)
{
	bool fixed = ctx != NULL;
	struct entry *e;

	mutex_lock(&entry_lock);
	e = entry;
	if (fixed && e)
		(*e->hits)++;
	mutex_unlock(&entry_lock);
	if (!e || fixed)
		return;
	atomic_inc(&lookups);	/* the remover may run here */
	(*e->hits)++;		/* e may be freed: use after free */
}

static void lookup_remover(void *ctx)
{
	struct entry *e;

	mutex_lock(&entry_lock);
	e = entry;
	entry = NULL;
	mutex_unlock(&entry_lock);
	kfree(e);
}

static void setup(void *ctx)
{
	atomic_set(&lookups, 0);
	hits = 0;
	entry = kmalloc(sizeof(*entry), GFP_KERNEL);
	if (!entry)
		return;		/* fail-nth hit the setup: nothing to race */
	entry->hits = &hits;
	sim_thread_create("reader", lookup_reader, ctx);
	sim_thread_create("remover", lookup_remover, ctx);
}

const struct sim_program lookup_uaf_program = {
	.name = "lookup-uaf",
	.setup = setup,
};

const struct sim_program lookup_uaf_fixed_program = {
	.name = "lookup-uaf-fixed",
	.setup = setup,
	.ctx = (void *)1,
};
