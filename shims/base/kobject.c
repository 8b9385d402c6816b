// SPDX-License-Identifier: GPL-2.0-only
/*
 * kobjects: a reference count, a name, a parent and a sysfs directory.
 * The last kobject_put() removes the directory if the owner did not,
 * calls the type's release and then frees the name, as lib/kobject.c
 * does.  Getting or putting an object never initialised WARNs.
 */
#include <linux/bug.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "base.h"

/* /sys/kernel: a static object, set up again by every execution. */
static struct kobject kernel_kobj_static;
struct kobject *kernel_kobj = &kernel_kobj_static;

void kobject_keep_static(void)
{
	SIM_SNAPSHOT_KEEP(kernel_kobj_static);
}

void kobject_reset_static(void)
{
	struct kobject *k = &kernel_kobj_static;

	memset(k, 0, sizeof(*k));
	k->name = "kernel";
	INIT_LIST_HEAD(&k->entry);
	kref_init(&k->kref);
	k->sd = kn_top(SYSFS_KERNEL);
	k->state_initialized = 1;
	k->state_in_sysfs = 1;
}

void kobject_init(struct kobject *kobj, const struct kobj_type *ktype)
{
	if (!kobj) {
		pr_err("kobject: invalid kobject pointer!\n");
		dump_stack();
		return;
	}
	if (!ktype) {
		pr_err("kobject: '%s': must have a ktype to be initialized "
		       "properly!\n", kobj->name ? kobj->name : "(null)");
		dump_stack();
		return;
	}
	if (kobj->state_initialized)
		pr_err("kobject: '%s': tried to init an initialized object, "
		       "something is seriously wrong.\n",
		       kobj->name ? kobj->name : "(null)");
	kref_init(&kobj->kref);
	INIT_LIST_HEAD(&kobj->entry);
	kobj->state_in_sysfs = 0;
	kobj->state_initialized = 1;
	kobj->ktype = ktype;
}

int kobject_set_name_vargs(struct kobject *kobj, const char *fmt,
			   va_list vargs)
{
	char *s;

	if (kobj->name && !fmt)
		return 0;
	s = kvasprintf(GFP_KERNEL, fmt, vargs);
	if (!s)
		return -ENOMEM;
	/* a '/' cannot be in a sysfs name: the kernel makes it a '!' */
	strreplace(s, '/', '!');
	kfree(kobj->name);
	kobj->name = s;
	return 0;
}

int kobject_set_name(struct kobject *kobj, const char *fmt, ...)
{
	va_list vargs;
	int ret;

	va_start(vargs, fmt);
	ret = kobject_set_name_vargs(kobj, fmt, vargs);
	va_end(vargs);
	return ret;
}

/*
 * Create @kobj's directory in @dir (its parent's, or a glue directory),
 * taking a reference on kobj->parent as kobject_add() does.
 */
int kobject_add_in(struct kobject *kobj, struct kernfs_node *dir)
{
	struct kobject *parent;
	int err;

	if (!kobj->name || !kobj->name[0]) {
		WARN(1, "kobject: attempted to be registered with empty "
		     "name!\n");
		return -EINVAL;
	}
	parent = kobject_get(kobj->parent);
	err = kn_create_dir(dir, kobj->name, &kobj->sd);
	if (err) {
		kobject_put(parent);
		kobj->parent = NULL;
		kobj->sd = NULL;
		if (err == -EEXIST)
			pr_err("kobject_add_internal failed for %s with "
			       "-EEXIST, don't try to register things with "
			       "the same name in the same directory.\n",
			       kobject_name(kobj));
		else
			pr_err("kobject_add_internal failed for %s (error: "
			       "%d)\n", kobject_name(kobj), err);
		return err;
	}
	kobj->state_in_sysfs = 1;
	return 0;
}

static int kobject_add_varg(struct kobject *kobj, struct kobject *parent,
			    const char *fmt, va_list vargs)
{
	struct kernfs_node *dir;
	int err;

	err = kobject_set_name_vargs(kobj, fmt, vargs);
	if (err) {
		pr_err("kobject: can not set name properly!\n");
		return err;
	}
	kobj->parent = parent;
	dir = parent ? parent->sd : kn_top(SYSFS_ROOT);
	return kobject_add_in(kobj, dir);
}

int kobject_add(struct kobject *kobj, struct kobject *parent,
		const char *fmt, ...)
{
	va_list args;
	int err;

	if (!kobj)
		return -EINVAL;
	if (!kobj->state_initialized) {
		pr_err("kobject '%s': tried to add an uninitialized "
		       "object, something is seriously wrong.\n",
		       kobject_name(kobj));
		dump_stack();
		return -EINVAL;
	}
	va_start(args, fmt);
	err = kobject_add_varg(kobj, parent, fmt, args);
	va_end(args);
	return err;
}

int kobject_init_and_add(struct kobject *kobj, const struct kobj_type *ktype,
			 struct kobject *parent, const char *fmt, ...)
{
	va_list args;
	int err;

	kobject_init(kobj, ktype);
	va_start(args, fmt);
	err = kobject_add_varg(kobj, parent, fmt, args);
	va_end(args);
	return err;
}

static void __kobject_del(struct kobject *kobj)
{
	kn_remove_dir(kobj->sd);
	kobj->sd = NULL;
	kobj->state_in_sysfs = 0;
	kobj->parent = NULL;
}

void kobject_del(struct kobject *kobj)
{
	struct kobject *parent;

	if (!kobj)
		return;
	parent = kobj->parent;
	__kobject_del(kobj);
	kobject_put(parent);
}

static void dynamic_kobj_release(struct kobject *kobj)
{
	kfree(kobj);
}

static const struct kobj_type dynamic_kobj_ktype = {
	.release = dynamic_kobj_release,
};

struct kobject *kobject_create_and_add(const char *name,
				       struct kobject *parent)
{
	struct kobject *kobj = kzalloc(sizeof(*kobj), GFP_KERNEL);

	if (!kobj)
		return NULL;
	kobject_init(kobj, &dynamic_kobj_ktype);
	if (kobject_add(kobj, parent, "%s", name)) {
		kobject_put(kobj);
		return NULL;
	}
	return kobj;
}

char *kobject_get_path(const struct kobject *kobj, gfp_t flag)
{
	char *path, *rel;

	if (!kobj->sd)
		return NULL;
	path = kn_path(kobj->sd);
	if (!path)
		return NULL;
	/* the kernel's path is relative to the sysfs mount */
	rel = kstrdup(path + strlen("/sys"), flag);
	kfree(path);
	return rel;
}

/* --- references ---------------------------------------------------------- */

struct kobject *__kobject_get(struct kobject *kobj, const struct sim_loc *loc)
{
	if (kobj) {
		if (!kobj->state_initialized)
			__sim_warn_printf(loc, "kobject: '%s': is not "
					  "initialized, yet kobject_get() is "
					  "being called.",
					  kobject_name(kobj));
		__refcount_add(1, &kobj->kref.refcount, NULL, loc);
	}
	return kobj;
}

struct kobject *__kobject_get_unless_zero(struct kobject *kobj,
					  const struct sim_loc *loc)
{
	if (!kobj)
		return NULL;
	if (!kobj->state_initialized)
		__sim_warn_printf(loc, "kobject: '%s': is not initialized, "
				  "yet kobject_get() is being called.",
				  kobject_name(kobj));
	if (!__refcount_add_not_zero(1, &kobj->kref.refcount, NULL, loc))
		return NULL;
	return kobj;
}

static void kobject_cleanup(struct kobject *kobj, const struct sim_loc *loc)
{
	struct kobject *parent = kobj->parent;
	const struct kobj_type *t = kobj->ktype;
	const char *name = kobj->name;

	/* remove from sysfs if the owner did not */
	if (kobj->state_in_sysfs)
		__kobject_del(kobj);
	else
		parent = NULL;	/* not ours to put */
	if (t && t->release)
		t->release(kobj);
	kfree(name);
	if (parent)
		__kobject_put(parent, loc);
}

void __kobject_put(struct kobject *kobj, const struct sim_loc *loc)
{
	if (!kobj)
		return;
	if (!kobj->state_initialized)
		__sim_warn_printf(loc, "kobject: '%s': is not initialized, yet "
				  "kobject_put() is being called.",
				  kobject_name(kobj));
	if (__refcount_sub_and_test(1, &kobj->kref.refcount, NULL, loc))
		kobject_cleanup(kobj, loc);
}

#undef kobject_get
#undef kobject_get_unless_zero
#undef kobject_put

struct kobject *kobject_get(struct kobject *kobj)
{
	return __kobject_get(kobj, SIM_AT("kobj"));
}

struct kobject *kobject_get_unless_zero(struct kobject *kobj)
{
	return __kobject_get_unless_zero(kobj, SIM_AT("kobj"));
}

void kobject_put(struct kobject *kobj)
{
	__kobject_put(kobj, SIM_AT("kobj"));
}
