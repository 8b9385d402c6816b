/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Read-write semaphores.  Like the kernel's, a waiting writer blocks new
 * readers, so a recursive down_read() can deadlock against a writer.
 */
#ifndef _LINUX_RWSEM_H
#define _LINUX_RWSEM_H

#include <linux/lockdep.h>

struct rw_semaphore {
	struct lockdep_map dep_map;
};

#define __RWSEM_INITIALIZER(name)					\
	{ .dep_map = STATIC_LOCKDEP_MAP_INIT(#name, LD_RWSEM) }
#define DECLARE_RWSEM(name)						\
	struct rw_semaphore name = __RWSEM_INITIALIZER(name)

void __init_rwsem(struct rw_semaphore *sem, const char *name,
		  struct lock_class_key *key);
#define init_rwsem(sem)							\
	do {								\
		static struct lock_class_key __key;			\
		__init_rwsem((sem), #sem, &__key);			\
	} while (0)

int __down_read_common(struct rw_semaphore *sem, unsigned int flags,
		       const struct sim_loc *loc);
int __down_write_common(struct rw_semaphore *sem, int subclass,
			unsigned int flags, const struct sim_loc *loc);
int __down_read_trylock(struct rw_semaphore *sem, const struct sim_loc *loc);
int __down_write_trylock(struct rw_semaphore *sem,
			 const struct sim_loc *loc);
void __up_read(struct rw_semaphore *sem, const struct sim_loc *loc);
void __up_write(struct rw_semaphore *sem, const struct sim_loc *loc);
void __downgrade_write(struct rw_semaphore *sem, const struct sim_loc *loc);
int rwsem_is_locked(struct rw_semaphore *sem);

#define down_read(s)		((void)__down_read_common((s), 0, SIM_AT(#s)))
#define down_read_interruptible(s)					\
	__down_read_common((s), SIM_WAIT_INTERRUPTIBLE, SIM_AT(#s))
#define down_read_killable(s)						\
	__down_read_common((s), SIM_WAIT_KILLABLE, SIM_AT(#s))
#define down_write(s)							\
	((void)__down_write_common((s), 0, 0, SIM_AT(#s)))
#define down_write_nested(s, sub)					\
	((void)__down_write_common((s), (sub), 0, SIM_AT(#s)))
#define down_write_killable(s)						\
	__down_write_common((s), 0, SIM_WAIT_KILLABLE, SIM_AT(#s))
#define down_read_trylock(s)	__down_read_trylock((s), SIM_AT(#s))
#define down_write_trylock(s)	__down_write_trylock((s), SIM_AT(#s))
#define up_read(s)		__up_read((s), SIM_AT(#s))
#define up_write(s)		__up_write((s), SIM_AT(#s))
#define downgrade_write(s)	__downgrade_write((s), SIM_AT(#s))

#endif /* _LINUX_RWSEM_H */
