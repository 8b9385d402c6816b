// SPDX-License-Identifier: GPL-2.0-only
/*
 * A release racing a get: the getter looks the object up under the lock
 * but takes its reference after dropping the lock; the releaser drops the
 * last reference, unpublishes and frees the object in between.  The fixed
 * version takes the reference under the lock with refcount_inc_not_zero()
 * and drops the last one with refcount_dec_and_mutex_lock(), the pattern
 * vfio uses for its groups.
 */
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/slab.h>

#include "targets/examples.h"

struct object {
	refcount_t users;
	int payload;
};

static DEFINE_MUTEX(table_lock);
static struct object *published;

static void object_put_buggy(struct object *obj)
{
	if (refcount_dec_and_test(&obj->users)) {
		mutex_lock(&table_lock);
		if (published == obj)
			published = NULL;
		mutex_unlock(&table_lock);
		kfree(obj);
	}
}

static void object_put_fixed(struct object *obj)
{
	if (refcount_dec_and_mutex_lock(&obj->users, &table_lock)) {
		if (published == obj)
			published = NULL;
		mutex_unlock(&table_lock);
		kfree(obj);
	}
}

static void getter(void *ctx)
{
	bool fixed = ctx != NULL;
	struct object *obj;

	mutex_lock(&table_lock);
	obj = published;
	if (fixed && obj && !refcount_inc_not_zero(&obj->users))
		obj = NULL;
	mutex_unlock(&table_lock);
	if (!obj)
		return;
	if (!fixed)
		refcount_inc(&obj->users);	/* too late: may be freed */
	obj->payload++;
	if (fixed)
		object_put_fixed(obj);
	else
		object_put_buggy(obj);
}

static void releaser(void *ctx)
{
	struct object *obj = published;

	if (ctx)
		object_put_fixed(obj);
	else
		object_put_buggy(obj);
}

static void setup(void *ctx)
{
	published = kzalloc(sizeof(*published), GFP_KERNEL);
	if (!published)
		return;		/* fail-nth hit the setup: nothing to race */
	refcount_set(&published->users, 1);
	sim_thread_create("getter", getter, ctx);
	sim_thread_create("releaser", releaser, ctx);
}

const struct sim_program refcount_uaf_program = {
	.name = "refcount-uaf",
	.setup = setup,
};

const struct sim_program refcount_uaf_fixed_program = {
	.name = "refcount-uaf-fixed",
	.setup = setup,
	.ctx = (void *)1,
};
