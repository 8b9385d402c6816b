/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The simulation's side of the iommufd mock: registering /dev/iommu, the
 * part of the iommufd uapi its ioctl implements, and state for invariants
 * and end checks.  Kernel code never calls these.
 *
 * The readers below take no lock and make no scheduling point: the state
 * they look at changes atomically between scheduling points.  Everything
 * is forgotten at the end of every execution (the slab shim frees what is
 * left, and reports it as a leak).
 */
#ifndef _MOCKS_IOMMUFD_H
#define _MOCKS_IOMMUFD_H

#include <linux/ioctl.h>
#include <linux/types.h>

struct device;
struct file;
struct iommufd_access;
struct iommufd_ctx;
struct iommufd_device;

/*
 * The uapi subset (include/uapi/linux/iommufd.h, same layout and numbers),
 * under the uapi header's guard so that it is defined once if that header
 * comes to the tree.
 */
#ifndef _UAPI_IOMMUFD_H
#define _UAPI_IOMMUFD_H

#define IOMMUFD_TYPE		(';')
#define IOMMUFD_CMD_DESTROY	0x80
#define IOMMUFD_CMD_IOAS_ALLOC	0x81

/* Destroys the object @id; only IOASes here, -EBUSY while attached to. */
struct iommu_destroy {
	__u32 size;
	__u32 id;
};
#define IOMMU_DESTROY		_IO(IOMMUFD_TYPE, IOMMUFD_CMD_DESTROY)

/* A new IOAS; @flags must be 0. */
struct iommu_ioas_alloc {
	__u32 size;
	__u32 flags;
	__u32 out_ioas_id;
};
#define IOMMU_IOAS_ALLOC	_IO(IOMMUFD_TYPE, IOMMUFD_CMD_IOAS_ALLOC)

#endif /* _UAPI_IOMMUFD_H */

#define SIM_IOMMUFD_PATH	"/dev/iommu"

/*
 * Registers the misc device /dev/iommu (as the iommufd module's init
 * does); nothing when it is registered already.  0 or the error of
 * misc_register().  Call from setup or from a thread.
 */
int sim_iommufd_init(void);

/*
 * CONFIG_IOMMUFD_NOIOMMU (7.x): binding a device no IOMMU probed
 * (dev->iommu NULL) succeeds without a group or DMA ownership, and its
 * attachments are only recorded; off (-EINVAL, as without a coherent
 * IOMMU) unless the target turns it on, every execution.
 */
void sim_iommufd_set_noiommu(bool on);
/*
 * Deregisters it (module exit; open files keep working).  The end check
 * of an execution that did not fail deregisters it too, after the world
 * closed its files.
 */
void sim_iommufd_exit(void);
bool sim_iommufd_registered(void);

/* Contexts alive (opened and not yet released) in this execution. */
unsigned int sim_iommufd_nr_ctxs(void);
/* Bound devices, live accesses and IOASes of @ictx. */
unsigned int sim_iommufd_ctx_nr_devices(struct iommufd_ctx *ictx);
unsigned int sim_iommufd_ctx_nr_accesses(struct iommufd_ctx *ictx);
unsigned int sim_iommufd_ctx_nr_ioas(struct iommufd_ctx *ictx);
/* References on the context (those of its file). */
long sim_iommufd_ctx_refs(struct iommufd_ctx *ictx);
/* The context of an iommufd @file without a reference, or NULL. */
struct iommufd_ctx *sim_iommufd_ctx_of_file(struct file *file);
/* Whether @ictx is a live context (by address; never dereferenced). */
bool sim_iommufd_ctx_live(const struct iommufd_ctx *ictx);

/*
 * The context @dev is bound to (NULL when not bound), and the number of
 * bindings of @dev, which is 0 or 1 unless a bug bound it twice.
 */
struct iommufd_ctx *sim_iommufd_device_owner(struct device *dev);
unsigned int sim_iommufd_device_nr_binds(struct device *dev);
/* Bound devices in all contexts. */
unsigned int sim_iommufd_nr_bound(void);
/* The IOAS id @idev / @access is attached to, 0 when detached. */
u32 sim_iommufd_device_ioas(struct iommufd_device *idev);
u32 sim_iommufd_access_ioas(struct iommufd_access *access);

#endif /* _MOCKS_IOMMUFD_H */
