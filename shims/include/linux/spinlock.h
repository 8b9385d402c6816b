/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spinlocks.  A contended spinlock is modelled as blocking (not spinning),
 * so that waiting costs no steps; sleeping while holding one is reported as
 * the kernel's "sleeping function called from invalid context".  There are
 * no interrupts in the simulation: the _irq/_irqsave/_bh forms behave as
 * the plain ones.
 */
#ifndef __LINUX_SPINLOCK_H
#define __LINUX_SPINLOCK_H

#include <linux/lockdep.h>
#include <linux/spinlock_types.h>

void __spin_lock_init(spinlock_t *lock, const char *name,
		      struct lock_class_key *key);
#define spin_lock_init(lock)						\
	do {								\
		static struct lock_class_key __key;			\
		__spin_lock_init((lock), #lock, &__key);		\
	} while (0)
#define raw_spin_lock_init(lock)	spin_lock_init(lock)

void __spin_lock(spinlock_t *lock, int subclass, const struct sim_loc *loc);
int __spin_trylock(spinlock_t *lock, const struct sim_loc *loc);
void __spin_unlock(spinlock_t *lock, const struct sim_loc *loc);
int __spin_is_locked(spinlock_t *lock);

#define spin_lock(l)		__spin_lock((l), 0, SIM_AT(#l))
#define spin_lock_nested(l, s)	__spin_lock((l), (s), SIM_AT(#l))
#define spin_lock_bh(l)		spin_lock(l)
#define spin_lock_irq(l)	spin_lock(l)
#define spin_lock_irqsave(l, flags)					\
	do {								\
		(flags) = 0;						\
		spin_lock(l);						\
	} while (0)
#define spin_trylock(l)		__spin_trylock((l), SIM_AT(#l))
#define spin_unlock(l)		__spin_unlock((l), SIM_AT(#l))
#define spin_unlock_bh(l)	spin_unlock(l)
#define spin_unlock_irq(l)	spin_unlock(l)
#define spin_unlock_irqrestore(l, flags)				\
	do {								\
		(void)(flags);						\
		spin_unlock(l);						\
	} while (0)
#define spin_is_locked(l)	__spin_is_locked(l)
#define assert_spin_locked(l)	lockdep_assert_held(l)

#define raw_spin_lock(l)	spin_lock(l)
#define raw_spin_unlock(l)	spin_unlock(l)
#define raw_spin_lock_irqsave(l, f)	spin_lock_irqsave(l, f)
#define raw_spin_unlock_irqrestore(l, f) spin_unlock_irqrestore(l, f)

#endif /* __LINUX_SPINLOCK_H */
