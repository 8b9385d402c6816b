/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Wait queues: wait_event*() re-check their condition at a scheduling
 * point each time they are woken; wake_up*() wakes every waiter.
 */
#ifndef _LINUX_WAIT_H
#define _LINUX_WAIT_H

#include <linux/jiffies.h>
#include <linux/types.h>

#include "sim/sched.h"

#ifndef ERESTARTSYS
#define ERESTARTSYS	512
#endif

struct wait_queue_head {
	int waiters_hint;
};
typedef struct wait_queue_head wait_queue_head_t;

/*
 * A wait queue entry, for the structures that embed one (a poll table's
 * callback entry).  Waits here do not queue entries: wait_event*() parks
 * on the head itself, so nothing adds or wakes an entry.
 */
struct wait_queue_entry;
typedef int (*wait_queue_func_t)(struct wait_queue_entry *wq_entry,
				 unsigned int mode, int flags, void *key);

struct wait_queue_entry {
	unsigned int flags;
	void *private;
	wait_queue_func_t func;
	struct list_head entry;
};
typedef struct wait_queue_entry wait_queue_entry_t;

#define __WAIT_QUEUE_HEAD_INITIALIZER(name)	{ 0 }
#define DECLARE_WAIT_QUEUE_HEAD(name)					\
	struct wait_queue_head name = __WAIT_QUEUE_HEAD_INITIALIZER(name)
#define init_waitqueue_head(wq)	((void)((wq)->waiters_hint = 0))

#define wake_up(wq)							\
	do {								\
		sim_point(SIM_OP_WAKE, (wq), "wake_up", SIM_AT(#wq));	\
		sim_wake_all(wq);					\
	} while (0)
#define wake_up_all(wq)			wake_up(wq)
#define wake_up_interruptible(wq)	wake_up(wq)
#define wake_up_interruptible_all(wq)	wake_up(wq)
#define waitqueue_active(wq)		(!!sim_waiters(wq))

/* The common loop: evaluates to 0, -ERESTARTSYS, or 1/0 for timeouts. */
#define __sim_wait_event(wq, cond, flags, name)				\
	({								\
		long __ret = 0;						\
		for (;;) {						\
			sim_point(SIM_OP_WAIT, (wq), name, SIM_AT(#cond)); \
			if (cond) {					\
				__ret = 1;				\
				break;					\
			}						\
			enum sim_wait_result __r = sim_block((wq), name,	\
					(flags), SIM_AT(#cond));	\
			if (__r == SIM_WAIT_SIGNAL) {			\
				__ret = -ERESTARTSYS;			\
				break;					\
			}						\
			if (__r == SIM_WAIT_TIMEOUT) {			\
				__ret = (cond) ? 1 : 0;			\
				break;					\
			}						\
		}							\
		__ret;							\
	})

#define wait_event(wq, cond)						\
	((void)__sim_wait_event(&(wq), cond, 0, "wait_event"))
#define wait_event_interruptible(wq, cond)				\
	({								\
		long __w = __sim_wait_event(&(wq), cond,		\
			SIM_WAIT_INTERRUPTIBLE, "wait_event_interruptible"); \
		(int)(__w < 0 ? __w : 0);				\
	})
#define wait_event_killable(wq, cond)					\
	({								\
		long __w = __sim_wait_event(&(wq), cond,		\
			SIM_WAIT_KILLABLE, "wait_event_killable");	\
		(int)(__w < 0 ? __w : 0);				\
	})
/* Returns 0 if @cond is still false after the timeout, else >= 1. */
#define wait_event_timeout(wq, cond, timeout)				\
	({								\
		long __t = (long)(timeout);				\
		long __w = __sim_wait_event(&(wq), cond,		\
			SIM_WAIT_TIMED, "wait_event_timeout");		\
		__w ? (__t > 0 ? __t : 1) : 0;				\
	})
#define wait_event_interruptible_timeout(wq, cond, timeout)		\
	({								\
		long __t = (long)(timeout);				\
		long __w = __sim_wait_event(&(wq), cond,		\
			SIM_WAIT_TIMED | SIM_WAIT_INTERRUPTIBLE,	\
			"wait_event_interruptible_timeout");		\
		__w < 0 ? __w : __w ? (__t > 0 ? __t : 1) : 0;		\
	})

#endif /* _LINUX_WAIT_H */
