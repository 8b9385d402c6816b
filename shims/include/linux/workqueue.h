/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * STUB: work items and workqueues.  No code path of the simulated vfio
 * core queues work (only virqfd, which is not compiled, does); the types
 * exist so that headers embedding a work_struct compile.  Queueing,
 * flushing or cancelling work WARNs: asynchronous work is not simulated.
 */
#ifndef _LINUX_WORKQUEUE_H
#define _LINUX_WORKQUEUE_H

#include <linux/list.h>
#include <linux/types.h>

#include "shims/stub.h"

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	struct list_head entry;
	work_func_t func;
};

struct workqueue_struct;

#define INIT_WORK(_work, _func)						\
	do {								\
		INIT_LIST_HEAD(&(_work)->entry);			\
		(_work)->func = (_func);				\
	} while (0)

#define DECLARE_WORK(n, f)						\
	struct work_struct n = { LIST_HEAD_INIT((n).entry), (f) }

static inline bool queue_work(struct workqueue_struct *wq,
			      struct work_struct *work)
{
	SIM_STUB_REACHED("queue_work()");
	return false;
}

static inline bool schedule_work(struct work_struct *work)
{
	SIM_STUB_REACHED("schedule_work()");
	return false;
}

static inline bool flush_work(struct work_struct *work)
{
	SIM_STUB_REACHED("flush_work()");
	return false;
}

static inline bool cancel_work_sync(struct work_struct *work)
{
	SIM_STUB_REACHED("cancel_work_sync()");
	return false;
}

static inline void flush_workqueue(struct workqueue_struct *wq)
{
	SIM_STUB_REACHED("flush_workqueue()");
}

#endif /* _LINUX_WORKQUEUE_H */
