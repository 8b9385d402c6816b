/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Doing something once.  In the kernel "once" means once per boot; here
 * every execution is a fresh boot, so the flag of each call site is
 * re-armed when an execution begins.  Otherwise the first execution of an
 * exploration would print a message and a replay of a later one would
 * not, and the logs of two runs of one schedule would differ.
 */
#ifndef _LINUX_ONCE_LITE_H
#define _LINUX_ONCE_LITE_H

#include <linux/compiler.h>
#include <linux/types.h>

/*
 * Bumped when an execution begins; never 0.  An execution started from a
 * set-up snapshot (sim/sched.h) also counts as fired what that set-up
 * fired: a flag stamped with __sim_once_setup_epoch (0: none).
 */
extern unsigned long __sim_once_epoch;
extern unsigned long __sim_once_setup_epoch;

static inline bool __sim_once_fired(unsigned long stamp)
{
	return stamp == __sim_once_epoch ||
	       (stamp && stamp == __sim_once_setup_epoch);
}

/* True the first time it runs in an execution with @condition true. */
#define __ONCE_LITE_IF(condition)					\
	({								\
		static unsigned long __once_fired_epoch;		\
		bool __once_cond = !!(condition);			\
		bool __once_first = false;				\
									\
		if (unlikely(__once_cond &&				\
			     !__sim_once_fired(__once_fired_epoch))) {	\
			__once_fired_epoch = __sim_once_epoch;		\
			__once_first = true;				\
		}							\
		unlikely(__once_first);					\
	})

#define DO_ONCE_LITE_IF(condition, func, ...)				\
	({								\
		bool __once_ret = !!(condition);			\
									\
		if (__ONCE_LITE_IF(__once_ret))				\
			func(__VA_ARGS__);				\
		unlikely(__once_ret);					\
	})

#define DO_ONCE_LITE(func, ...)						\
	DO_ONCE_LITE_IF(true, func, ##__VA_ARGS__)

#endif /* _LINUX_ONCE_LITE_H */
