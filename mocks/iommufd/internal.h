/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A model of drivers/iommu/iommufd (the part the vfio core reaches).
 *
 * A context is created by opening /dev/iommu and freed by the release of
 * that file.  Its references are the file's references: whoever keeps a
 * context (a vfio group set to it, a bound device, an access) keeps the
 * file, so the context outlives the close() until the last of them puts it.
 * Objects (IOASes, devices, accesses) get ids from a per-context IDA and
 * live in a per-context xarray; everything about them is under the
 * context's mutex (the kernel uses the xarray's spinlock and per-object
 * counts; one sleeping lock gives the same exclusion, with scheduling
 * points where the kernel has them).
 *
 * Not modelled: IO page tables, hw_pagetables (attaching to an IOAS
 * records the IOAS, and the id is not rewritten to a hw_pagetable's),
 * page pinning and copying, MSI isolation (every group is isolated), the
 * shortterm users that make a destroy wait for ioctls in flight, and the
 * ioctls other than IOMMU_IOAS_ALLOC and IOMMU_DESTROY.
 *
 * The simulation keeps its own lists of live contexts, devices and
 * accesses, without locks (they change atomically between scheduling
 * points), for "mocks/iommufd.h" and to recognise an unbind of a device
 * that is not bound without touching freed memory.
 *
 * This header is what the files of mocks/iommufd share: the objects, the
 * simulation's lists, and the object helpers (everything under ictx->lock).
 */
#ifndef _MOCKS_IOMMUFD_INTERNAL_H
#define _MOCKS_IOMMUFD_INTERNAL_H

#include <stdio.h>

#include <linux/bug.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/iommu.h>
#include <linux/iommufd.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>

#include "mocks/iommufd.h"
#include "sim/sched.h"

enum iommufd_object_type {
	IOMMUFD_OBJ_IOAS,
	IOMMUFD_OBJ_DEVICE,
	IOMMUFD_OBJ_ACCESS,
};

struct iommufd_object {
	enum iommufd_object_type type;
	u32 id;
};

struct iommufd_ioas {
	struct iommufd_object obj;
	unsigned int users;		/* devices and accesses attached */
};

struct iommufd_ctx {
	struct file *file;
	struct mutex lock;		/* everything below */
	struct xarray objects;		/* id -> struct iommufd_object */
	struct ida ids;			/* from 1 */
	struct iommufd_ioas *vfio_ioas;
	bool no_iommu_mode;
	unsigned int nr_devices, nr_accesses, nr_ioas;
	struct list_head sim_node;	/* in iommufd_live_ctxs */
};

/* PASIDs one device may have attached at once (more: -ENOSPC). */
#define SIM_IOMMUFD_MAX_PASID_ATTACH	8

struct iommufd_device {
	struct iommufd_object obj;
	struct iommufd_ctx *ictx;
	struct device *dev;
	struct iommu_group *group;	/* a reference, until unbind */
	struct iommufd_ioas *ioas;	/* attached to; under ictx->lock */
	/* attachments at PASIDs (not IOMMU_NO_PASID); under ictx->lock */
	struct {
		ioasid_t pasid;
		struct iommufd_ioas *ioas;
	} pasid_attach[SIM_IOMMUFD_MAX_PASID_ATTACH];
	unsigned int nr_pasid_attach;
	struct list_head sim_node;	/* in iommufd_live_devices */
};

struct iommufd_access {
	struct iommufd_object obj;
	struct iommufd_ctx *ictx;
	const struct iommufd_access_ops *ops;
	void *data;
	struct iommufd_ioas *ioas;	/* under ictx->lock */
	struct list_head sim_node;	/* in iommufd_live_accesses */
};


/* The simulation's lists of live objects (sim.c), without locks. */
extern struct list_head iommufd_live_ctxs;
extern struct list_head iommufd_live_devices;
extern struct list_head iommufd_live_accesses;
extern unsigned int iommufd_nr_live_ctxs;
extern bool iommufd_registered;
/* CONFIG_IOMMUFD_NOIOMMU as the target says (sim_iommufd_set_noiommu()) */
extern bool iommufd_noiommu;
/* /dev/iommu and its files (ctx.c) */
extern struct miscdevice iommu_misc_dev;
extern const struct file_operations iommufd_fops;

/* ctx.c: objects of a context, under ictx->lock */
int iommufd_obj_add(struct iommufd_ctx *ictx, struct iommufd_object *obj,
	       enum iommufd_object_type type);
void iommufd_obj_del(struct iommufd_ctx *ictx, struct iommufd_object *obj);
struct iommufd_ioas *iommufd_ioas_lookup(struct iommufd_ctx *ictx, u32 id);
struct iommufd_ioas *iommufd_ioas_new(struct iommufd_ctx *ictx);
void iommufd_ioas_free(struct iommufd_ctx *ictx, struct iommufd_ioas *ioas);

#endif /* _MOCKS_IOMMUFD_INTERNAL_H */
