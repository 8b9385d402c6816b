/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Lock classes and per-lock state shared by every sleeping and spinning
 * lock shim.  A struct lockdep_map is embedded in each lock; besides what
 * lockdep needs (the class) it records the owner, so that deadlock reports
 * can say who holds what.
 */
#ifndef __LINUX_LOCKDEP_TYPES_H
#define __LINUX_LOCKDEP_TYPES_H

#include <stdbool.h>

#include "sim/sched.h"

/* One static key per lock initialisation site, as in the kernel. */
struct lock_class_key {
	int dummy;
};

#define LOCKDEP_MAP_MAGIC	0x6c6f636b64657021ull	/* "lockdep!" */

enum lockdep_lock_type {
	LD_MUTEX,
	LD_SPINLOCK,
	LD_RWSEM,
	LD_MAP,		/* a lockdep_map used on its own */
};

struct lockdep_map {
	unsigned long long magic;	/* LOCKDEP_MAP_MAGIC once initialised */
	const struct lock_class_key *key; /* NULL: the map is its own key */
	const char *name;
	unsigned int type;		/* enum lockdep_lock_type */
	int class_id;			/* cached; valid for generation gen */
	unsigned int gen;
	int owner;			/* 0 free, 1 main, else tid + 2 */
	int readers;			/* rwsem read holders */
	int writers_waiting;
	bool novalidate;		/* lockdep_set_novalidate_class() */
	const struct sim_loc *acquired_at;
};

#define STATIC_LOCKDEP_MAP_INIT(_name, _type)				\
	{ .magic = LOCKDEP_MAP_MAGIC, .name = (_name), .type = (_type) }

#endif /* __LINUX_LOCKDEP_TYPES_H */
