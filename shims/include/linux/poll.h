/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * STUB: poll tables.  No file of the simulated vfio core polls (only
 * virqfd, which is not compiled, registers on one); the types exist so
 * that headers embedding a poll_table compile.  poll_wait() with a real
 * table WARNs: waiting through poll() is not simulated.
 */
#ifndef _LINUX_POLL_H
#define _LINUX_POLL_H

#include <linux/compiler.h>
#include <linux/fs.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include <linux/eventpoll.h>

#include "shims/stub.h"

struct poll_table_struct;

typedef void (*poll_queue_proc)(struct file *file, wait_queue_head_t *wq,
				struct poll_table_struct *pt);

typedef struct poll_table_struct {
	poll_queue_proc _qproc;
	__poll_t _key;
} poll_table;

static inline void poll_wait(struct file *filp, wait_queue_head_t *wait_address,
			     poll_table *p)
{
	if (p && p->_qproc && wait_address)
		SIM_STUB_REACHED("poll_wait()");
}

static inline void init_poll_funcptr(poll_table *pt, poll_queue_proc qproc)
{
	pt->_qproc = qproc;
	pt->_key = ~(__poll_t)0;
}

#endif /* _LINUX_POLL_H */
