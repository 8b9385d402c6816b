/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * STUB: interval trees.  The vfio core builds one only to start dirty
 * page logging (VFIO_DEVICE_FEATURE_DMA_LOGGING_START on a device whose
 * driver has log_ops), and device migration and dirty tracking are not
 * simulated: every operation WARNs, failing the execution that gets
 * there, and finds nothing.
 */
#ifndef _LINUX_INTERVAL_TREE_H
#define _LINUX_INTERVAL_TREE_H

#include <linux/rbtree_types.h>

#include "shims/stub.h"

struct interval_tree_node {
	struct rb_node rb;
	unsigned long start;
	unsigned long last;
	unsigned long __subtree_last;
};

static inline void interval_tree_insert(struct interval_tree_node *node,
					struct rb_root_cached *root)
{
	SIM_STUB_REACHED("interval_tree_insert()");
}

static inline void interval_tree_remove(struct interval_tree_node *node,
					struct rb_root_cached *root)
{
	SIM_STUB_REACHED("interval_tree_remove()");
}

static inline struct interval_tree_node *
interval_tree_iter_first(struct rb_root_cached *root, unsigned long start,
			 unsigned long last)
{
	SIM_STUB_REACHED("interval_tree_iter_first()");
	return NULL;
}

static inline struct interval_tree_node *
interval_tree_iter_next(struct interval_tree_node *node, unsigned long start,
			unsigned long last)
{
	SIM_STUB_REACHED("interval_tree_iter_next()");
	return NULL;
}

#endif /* _LINUX_INTERVAL_TREE_H */
