/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel objects, reduced to what the device model needs: a name, a
 * parent, a reference count whose last put calls the release of the
 * object's type, and a directory in the simulated sysfs (see
 * <shims/devices.h>).  No ksets, uevents or namespaces.
 *
 * As in the kernel: kobject_get() and kobject_put() of an object never
 * initialised WARN; the last kobject_put() deletes the object from sysfs
 * if it is still there, calls ktype->release() and then frees the name.
 * The reference count is a refcount_t, so a put too many is reported as
 * the kernel's "refcount_t: underflow; use-after-free".  kobject_get()
 * and kobject_put() are macros that record their caller's line in the
 * trace; the functions of the same names exist for code that takes their
 * address.
 */
#ifndef _KOBJECT_H_
#define _KOBJECT_H_

#include <linux/compiler.h>
#include <linux/gfp.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/stdarg.h>
#include <linux/types.h>

struct attribute_group;
struct kernfs_node;
struct kobject;

struct kobj_type {
	void (*release)(struct kobject *kobj);
	const struct attribute_group **default_groups;
};

struct kobject {
	const char *name;
	struct list_head entry;
	struct kobject *parent;
	const struct kobj_type *ktype;
	struct kernfs_node *sd;		/* its sysfs directory */
	struct kref kref;
	unsigned int state_initialized:1;
	unsigned int state_in_sysfs:1;
};

/* /sys/kernel, the parent of kernel subsystems' own directories. */
extern struct kobject *kernel_kobj;

void kobject_init(struct kobject *kobj, const struct kobj_type *ktype);
__printf(3, 4) __must_check
int kobject_add(struct kobject *kobj, struct kobject *parent,
		const char *fmt, ...);
__printf(4, 5) __must_check
int kobject_init_and_add(struct kobject *kobj, const struct kobj_type *ktype,
			 struct kobject *parent, const char *fmt, ...);
void kobject_del(struct kobject *kobj);
struct kobject *__must_check kobject_create_and_add(const char *name,
						   struct kobject *parent);

__printf(2, 3) int kobject_set_name(struct kobject *kobj, const char *fmt,
				    ...);
__printf(2, 0) int kobject_set_name_vargs(struct kobject *kobj,
					  const char *fmt, va_list vargs);

static inline const char *kobject_name(const struct kobject *kobj)
{
	return kobj->name;
}

/* "/devices/virtual/vfio/7": the path under /sys, allocated. */
char *kobject_get_path(const struct kobject *kobj, gfp_t flag);

struct kobject *__kobject_get(struct kobject *kobj,
			      const struct sim_loc *loc);
struct kobject *__kobject_get_unless_zero(struct kobject *kobj,
					  const struct sim_loc *loc);
void __kobject_put(struct kobject *kobj, const struct sim_loc *loc);

struct kobject *kobject_get(struct kobject *kobj);
struct kobject *__must_check kobject_get_unless_zero(struct kobject *kobj);
void kobject_put(struct kobject *kobj);

#define kobject_get(kobj)	__kobject_get((kobj), SIM_AT(#kobj))
#define kobject_get_unless_zero(kobj)					\
	__kobject_get_unless_zero((kobj), SIM_AT(#kobj))
#define kobject_put(kobj)	__kobject_put((kobj), SIM_AT(#kobj))

#endif /* _KOBJECT_H_ */
