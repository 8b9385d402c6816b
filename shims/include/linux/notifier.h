/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Notifier chains, as far as the vfio core uses them: a group's blocking
 * notifier head is initialised and checked to be empty.  The chain is
 * protected by a real rw_semaphore, as in the kernel.
 */
#ifndef _LINUX_NOTIFIER_H
#define _LINUX_NOTIFIER_H

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/rwsem.h>
#include <linux/types.h>

struct notifier_block;

typedef int (*notifier_fn_t)(struct notifier_block *nb,
			     unsigned long action, void *data);

struct notifier_block {
	notifier_fn_t notifier_call;
	struct notifier_block __rcu *next;
	int priority;
};

struct blocking_notifier_head {
	struct rw_semaphore rwsem;
	struct notifier_block __rcu *head;
};

#define BLOCKING_INIT_NOTIFIER_HEAD(name)				\
	do {								\
		init_rwsem(&(name)->rwsem);				\
		(name)->head = NULL;					\
	} while (0)

#define NOTIFY_DONE		0x0000
#define NOTIFY_OK		0x0001
#define NOTIFY_STOP_MASK	0x8000
#define NOTIFY_BAD		(NOTIFY_STOP_MASK | 0x0002)
#define NOTIFY_STOP		(NOTIFY_OK | NOTIFY_STOP_MASK)

#endif /* _LINUX_NOTIFIER_H */
