// SPDX-License-Identifier: GPL-2.0-only
/*
 * An off-by-one bound check: a table of slots indexed by a number the
 * caller passes in, checked with '>' where '>=' was meant, so the last
 * check lets one slot past the end through.  Built with the race
 * detector's instrumentation, as the cores are: the cores carry no ASan,
 * and the write lands in the allocator's redzone (slab-out-of-bounds,
 * from ASan's shadow or, without ASan, the detector's redzones).  The
 * fixed one checks with '>='.
 */
#include <linux/errno.h>
#include <linux/slab.h>

#include "targets/examples.h"

struct slot_table {
	int nr;
	int slot[];
};

static struct slot_table *table;

static int slot_set(int idx, int val, bool fixed)
{
	if (idx < 0 || (fixed ? idx >= table->nr : idx > table->nr))
		return -EINVAL;
	table->slot[idx] = val;
	return 0;
}

static void slot_writer(void *arg)
{
	bool fixed = arg != NULL;

	/* every index the caller may ask for, the bad one last */
	for (int i = 0; i <= table->nr; i++)
		slot_set(i, i + 1, fixed);
}

static void slot_setup(void *ctx)
{
	int nr = 5;

	table = kzalloc(sizeof(*table) + nr * sizeof(table->slot[0]),
			GFP_KERNEL);
	if (!table)
		return;
	table->nr = nr;
	sim_thread_create("writer", slot_writer, ctx);
}

static void slot_teardown(void *ctx)
{
	kfree(table);
	table = NULL;
}

const struct sim_program slab_oob_program = {
	.name = "slab-oob",
	.setup = slot_setup,
	.teardown = slot_teardown,
};

const struct sim_program slab_oob_fixed_program = {
	.name = "slab-oob-fixed",
	.setup = slot_setup,
	.teardown = slot_teardown,
	.ctx = (void *)1,
};
