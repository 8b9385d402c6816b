/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The linux target's mock vfio driver and mock type1 IOMMU backend:
 * kernel code written against a tree's <linux/vfio.h> (and, for the
 * backend, drivers/vfio/vfio.h), compiled with the tree's headers.
 */
#ifndef _SIM_MOCKVFIO_H
#define _SIM_MOCKVFIO_H

#include <linux/atomic.h>
#include <linux/types.h>

struct device;
struct module;

#define MOCKVFIO_MAX	8

/* Calls of each callback, per device (index in declaration order). */
struct mockvfio_stats {
	atomic_t init, release;
	atomic_t open_device, close_device;
	atomic_t bind_iommufd, unbind_iommufd;
	atomic_t attach_ioas, detach_ioas;
	atomic_t request, ioctl;
	/* ->ioctl calls while the device was not open (P10) */
	atomic_t ioctl_unopened;
	bool created, registered;
};

extern struct mockvfio_stats mockvfio_stats[MOCKVFIO_MAX];
extern struct module mockvfio_module;

/* Forget the previous execution (from the target's init). */
void mockvfio_reset(void);
/*
 * Allocate and register vfio device @index for the bus device @parent,
 * which the mock iommu driver has put in iommu group @group (-1: none).
 */
int mockvfio_probe(int index, struct device *parent, int group);
/*
 * vfio_unregister_group_dev() and the last vfio_put_device(): blocks
 * until the device's files are closed.  -ENODEV if not registered.
 */
int mockvfio_remove(int index);

/*
 * The registered vfio_device of declared device @index, NULL before its
 * registration and from the start of its removal.
 */
struct vfio_device;
struct vfio_device *mockvfio_vdev(int index);

/*
 * The vfio core's own invariants, read from its structures (the linux
 * adapter, adapter.c): fails the execution when one does not hold.
 */
void vfio_adapter_check(int ndevices);

/* The mock VFIO_TYPE1{,v2}_IOMMU backend of the container. */
extern struct module mocktype1_module;
int mocktype1_register(void);
void mocktype1_unregister(void);
extern atomic_t mocktype1_containers, mocktype1_groups;

#endif /* _SIM_MOCKVFIO_H */
