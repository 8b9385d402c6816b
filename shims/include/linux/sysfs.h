/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sysfs attributes as drivers declare them.  The simulated sysfs is
 * read-only: show() callbacks run when a scenario reads the file (see
 * sim_sysfs_read() in <shims/devices.h>), store() callbacks are never
 * called.  Binary attributes and is_visible() are not modelled.
 */
#ifndef _SYSFS_H_
#define _SYSFS_H_

#include <linux/compiler.h>
/* as in the kernel, where sysfs.h includes kernfs.h, which includes idr.h */
#include <linux/idr.h>
#include <linux/stringify.h>
#include <linux/types.h>

struct kobject;

/* The size of the buffer a show() callback writes into. */
#define SIM_SYSFS_BUF_SIZE	4096

struct attribute {
	const char *name;
	umode_t mode;
};

struct attribute_group {
	const char *name;	/* a subdirectory, or NULL */
	umode_t (*is_visible)(struct kobject *kobj, struct attribute *attr,
			      int n);
	struct attribute **attrs;
};

#define __ATTR(_name, _mode, _show, _store) {				\
	.attr = { .name = __stringify(_name), .mode = (_mode) },	\
	.show = _show,							\
	.store = _store,						\
}
#define __ATTR_RO(_name)	__ATTR(_name, 0444, _name##_show, NULL)
#define __ATTR_RO_MODE(_name, _mode)					\
	__ATTR(_name, (_mode), _name##_show, NULL)
#define __ATTR_RW(_name)						\
	__ATTR(_name, 0644, _name##_show, _name##_store)
#define __ATTR_RW_MODE(_name, _mode)					\
	__ATTR(_name, (_mode), _name##_show, _name##_store)
#define __ATTR_WO(_name)	__ATTR(_name, 0200, NULL, _name##_store)
#define __ATTR_NULL		{ .attr = { .name = NULL } }

#define __ATTRIBUTE_GROUPS(_name)					\
	static const struct attribute_group *_name##_groups[] = {	\
		&_name##_group,						\
		NULL,							\
	}

#define ATTRIBUTE_GROUPS(_name)						\
	static const struct attribute_group _name##_group = {		\
		.attrs = _name##_attrs,					\
	};								\
	__ATTRIBUTE_GROUPS(_name)

/* Format into a show() buffer: at most SIM_SYSFS_BUF_SIZE - 1 bytes. */
__printf(2, 3) int sysfs_emit(char *buf, const char *fmt, ...);
__printf(3, 4) int sysfs_emit_at(char *buf, int at, const char *fmt, ...);

#endif /* _SYSFS_H_ */
