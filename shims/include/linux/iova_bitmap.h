/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * STUB: the IOVA bitmap that reports dirty pages to user space.  Dirty
 * tracking (VFIO_DEVICE_FEATURE_DMA_LOGGING_REPORT) is not simulated:
 * every operation WARNs, failing the execution that gets there, and
 * fails as a kernel built without CONFIG_IOMMUFD_DRIVER does.
 */
#ifndef _LINUX_IOVA_BITMAP_H
#define _LINUX_IOVA_BITMAP_H

#include <linux/err.h>
#include <linux/errno.h>
#include <linux/types.h>

#include "shims/stub.h"

struct iova_bitmap;

typedef int (*iova_bitmap_fn_t)(struct iova_bitmap *bitmap,
				unsigned long iova, size_t length,
				void *opaque);

static inline struct iova_bitmap *iova_bitmap_alloc(unsigned long iova,
						    size_t length,
						    unsigned long page_size,
						    u64 __user *data)
{
	SIM_STUB_REACHED("iova_bitmap_alloc()");
	return ERR_PTR(-EOPNOTSUPP);
}

static inline void iova_bitmap_free(struct iova_bitmap *bitmap)
{
	SIM_STUB_REACHED("iova_bitmap_free()");
}

static inline int iova_bitmap_for_each(struct iova_bitmap *bitmap,
				       void *opaque, iova_bitmap_fn_t fn)
{
	SIM_STUB_REACHED("iova_bitmap_for_each()");
	return -EOPNOTSUPP;
}

static inline void iova_bitmap_set(struct iova_bitmap *bitmap,
				   unsigned long iova, size_t length)
{
	SIM_STUB_REACHED("iova_bitmap_set()");
}

#endif /* _LINUX_IOVA_BITMAP_H */
