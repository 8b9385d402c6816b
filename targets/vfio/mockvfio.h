/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The linux target's mock vfio driver and mock type1 IOMMU backend:
 * kernel code written against a tree's <linux/vfio.h> (and, for the
 * backend, drivers/vfio/vfio.h), compiled with the tree's headers.
 */
#ifndef _SIM_MOCKVFIO_H
#define _SIM_MOCKVFIO_H

#include <linux/atomic.h>
#include <linux/ioctl.h>
#include <linux/types.h>
#include <linux/uuid.h>

struct device;
struct module;

#define MOCKVFIO_MAX	8

/*
 * The mock driver's own device ioctl (VFIO_TYPE ';', VFIO_BASE + 90):
 * the id of the VM in the device's kvm pointer as open_device() left it
 * (sim_kvm ids count from 1), 0 without one.
 */
#define MOCKVFIO_GET_KVM	_IO(';', 100 + 90)

/* Calls of each callback, per device (index in declaration order). */
struct mockvfio_stats {
	atomic_t init, release;
	atomic_t open_device, close_device;
	atomic_t bind_iommufd, unbind_iommufd;
	atomic_t attach_ioas, detach_ioas;
	/* at a PASID (cores that have pasid_attach_ioas) */
	atomic_t pasid_attach_ioas, pasid_detach_ioas;
	atomic_t match_token, region_info;
	atomic_t request, ioctl;
	/* ->ioctl calls while the device was not open (P10) */
	atomic_t ioctl_unopened;
	/*
	 * open_device / close_device calls made without the caller holding
	 * the device's dev_set->lock (P6); plain ints, so that counting
	 * makes no scheduling point
	 */
	int unlocked_open, unlocked_close;
	/* group-path open_device calls with neither container nor iommufd */
	int open_without_iommu;
	/*
	 * open_device / attach_ioas calls failed on purpose (open_fails,
	 * attach_fails)
	 */
	int open_failed, attach_failed;
	/* vfio_alloc_device() calls that succeeded (probes, re-probes) */
	int created;
	bool registered;
};

extern struct mockvfio_stats mockvfio_stats[MOCKVFIO_MAX];
extern struct module mockvfio_module;

/* Forget the previous execution (from the target's init). */
void mockvfio_reset(void);
/* Into the set-up snapshot: the devices the module init probed. */
void mockvfio_keep(void);
/* How a device is registered (device keys of the target). */
struct mockvfio_config {
	/* vfio_register_emulated_iommu_dev() and the emulated callbacks */
	bool emulated;
	/* vfio_assign_device_set() cookie from ->init, NULL: a set alone */
	void *dev_set;
	/*
	 * the token BIND_IOMMUFD must present (match_token_uuid, cores
	 * that have it), as vfio-pci's VF token: none when !has_token
	 */
	bool has_token;
	uuid_t token;
	/* the first open_fails open_device() calls fail with -EIO */
	int open_fails;
	/* the first attach_fails attach_ioas() calls fail with -EIO */
	int attach_fails;
	/*
	 * open_device() and close_device() take the device's VM's
	 * kvm->lock (when the core gave it one), as vfio-ap's do
	 */
	bool kvm_lock;
};

/*
 * Allocate and register vfio device @index for the bus device @parent
 * (in its iommu group, if the mock iommu driver put it in one).
 */
int mockvfio_probe(int index, struct device *parent,
		   const struct mockvfio_config *cfg);
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
 * The vfio_device of declared device @index while mockvfio_remove() is
 * inside vfio_unregister_group_dev(), else NULL.
 */
struct vfio_device *mockvfio_leaving_vdev(int index);

/*
 * The driver's request() calls for @vdev (this registration's: a device
 * registered again is a new vfio_device); only unregister's wait makes
 * them.
 */
int mockvfio_requests(const struct vfio_device *vdev);

/*
 * The vfio core's own invariants, read from its structures (the linux
 * adapter, adapter.c): fails the execution when one does not hold.
 */
void vfio_adapter_check(int ndevices);

/*
 * The mock VFIO_TYPE1{,v2}_IOMMU backend of the container: a module whose
 * init registers it with vfio and whose exit unregisters it
 * (sim_module_load(), sim_module_unload(): rmmod refuses while a
 * container holds the module).
 */
extern struct module mocktype1_module;
extern atomic_t mocktype1_containers, mocktype1_groups;

#endif /* _SIM_MOCKVFIO_H */
