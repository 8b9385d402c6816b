/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The iommufd core as the vfio core calls it (CONFIG_IOMMUFD=y): contexts
 * behind /dev/iommu, devices bound to a context (which then owns the DMA
 * of their iommu group), emulated-device accesses, IO address spaces
 * (IOAS) to attach them to, and the helpers of the vfio compatibility
 * layer.
 *
 * As in the kernel, a context lives as long as its /dev/iommu file:
 * iommufd_ctx_get() and iommufd_ctx_put() take and drop references on that
 * file, and the context is freed by the file's release, after the last of
 * close() and the puts of the bound devices and accesses (each holds one).
 * There is no IO page table, no hw_pagetable object and no page pinning:
 * attaching to an IOAS only records it (see mocks/iommufd/).
 * <mocks/iommufd.h> has the simulation's side: /dev/iommu registration and
 * state for invariants.
 */
#ifndef __LINUX_IOMMUFD_H
#define __LINUX_IOMMUFD_H

#include <linux/err.h>
#include <linux/errno.h>
#include <linux/iommu.h>
#include <linux/types.h>
#include <linux/version.h>

struct device;
struct file;
struct iommu_group;
struct iommufd_access;
struct iommufd_ctx;
struct iommufd_device;
struct page;

/*
 * Binds @dev to @ictx: the context claims DMA ownership of the device's
 * iommu group (devices of one group may all be bound to one context, never
 * to two) and takes a reference on itself.  *@id is the object id.
 * ERR_PTR(-EINVAL) when the device's IOMMU is not cache coherent (a device
 * without a group included), -EPERM when another owner holds the group,
 * -ENOMEM.
 */
struct iommufd_device *iommufd_device_bind(struct iommufd_ctx *ictx,
					   struct device *dev, u32 *id);
/* Must be detached first; a second unbind of the same device warns. */
void iommufd_device_unbind(struct iommufd_device *idev);
/*
 * Attach @idev (at @pasid; IOMMU_NO_PASID: without one) to the IOAS
 * *@pt_id: -ENOENT when no object has that id, -EINVAL when it is not an
 * IOAS, when @idev is already attached at @pasid to another IOAS (attach)
 * or not attached there (replace), or when a device of the same group in
 * this context is attached elsewhere; -EBUSY when attached there to the
 * same IOAS.  A PASID other than IOMMU_NO_PASID: -EOPNOTSUPP when the
 * device has no PASID support (dev->iommu->max_pasids 0), -EINVAL when it
 * is beyond max_pasids.  Detach warns when the device is not attached
 * without a PASID; at a PASID it does nothing then, as the kernel.
 */
int sim_iommufd_device_attach(struct iommufd_device *idev, ioasid_t pasid,
			      u32 *pt_id);
int sim_iommufd_device_replace(struct iommufd_device *idev, ioasid_t pasid,
			       u32 *pt_id);
void sim_iommufd_device_detach(struct iommufd_device *idev, ioasid_t pasid);

/* The kernel's API of the version compiled (<linux/version.h>). */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0)
static inline int iommufd_device_attach(struct iommufd_device *idev,
					ioasid_t pasid, u32 *pt_id)
{
	return sim_iommufd_device_attach(idev, pasid, pt_id);
}

static inline int iommufd_device_replace(struct iommufd_device *idev,
					 ioasid_t pasid, u32 *pt_id)
{
	return sim_iommufd_device_replace(idev, pasid, pt_id);
}

static inline void iommufd_device_detach(struct iommufd_device *idev,
					 ioasid_t pasid)
{
	sim_iommufd_device_detach(idev, pasid);
}
#else
static inline int iommufd_device_attach(struct iommufd_device *idev,
					u32 *pt_id)
{
	return sim_iommufd_device_attach(idev, IOMMU_NO_PASID, pt_id);
}

static inline int iommufd_device_replace(struct iommufd_device *idev,
					 u32 *pt_id)
{
	return sim_iommufd_device_replace(idev, IOMMU_NO_PASID, pt_id);
}

static inline void iommufd_device_detach(struct iommufd_device *idev)
{
	sim_iommufd_device_detach(idev, IOMMU_NO_PASID);
}
#endif
struct iommufd_ctx *iommufd_device_to_ictx(struct iommufd_device *idev);
u32 iommufd_device_to_id(struct iommufd_device *idev);

struct iommufd_access_ops {
	u8 needs_pin_pages : 1;
	void (*unmap)(void *data, unsigned long iova, unsigned long length);
};

enum {
	IOMMUFD_ACCESS_RW_READ = 0,
	IOMMUFD_ACCESS_RW_WRITE = 1 << 0,
	IOMMUFD_ACCESS_RW_KTHREAD = 1 << 1,
	__IOMMUFD_ACCESS_RW_SLOW_PATH = 1 << 2,
};

/*
 * An access object of @ictx for an emulated device (holds a context
 * reference); *@id is its object id.  Destroying it detaches it first.
 */
struct iommufd_access *
iommufd_access_create(struct iommufd_ctx *ictx,
		      const struct iommufd_access_ops *ops, void *data,
		      u32 *id);
void iommufd_access_destroy(struct iommufd_access *access);
/* -ENOENT no such object, -EINVAL not an IOAS or already attached. */
int iommufd_access_attach(struct iommufd_access *access, u32 ioas_id);
/* -EINVAL when not attached. */
int iommufd_access_replace(struct iommufd_access *access, u32 ioas_id);
/* Warns when not attached. */
void iommufd_access_detach(struct iommufd_access *access);

void iommufd_ctx_get(struct iommufd_ctx *ictx);
/* A reference on the context of an iommufd @file, or ERR_PTR(-EBADFD). */
struct iommufd_ctx *iommufd_ctx_from_file(struct file *file);
/* The same for a descriptor of the current process; -EBADF when bad. */
struct iommufd_ctx *iommufd_ctx_from_fd(int fd);
void iommufd_ctx_put(struct iommufd_ctx *ictx);
/* Whether a device of @group is bound to @ictx. */
bool iommufd_ctx_has_group(struct iommufd_ctx *ictx, struct iommu_group *group);

/*
 * Without IO page tables there is nothing to pin or copy: -ENOENT when the
 * access is not attached, -EOPNOTSUPP otherwise.
 */
int iommufd_access_pin_pages(struct iommufd_access *access, unsigned long iova,
			     unsigned long length, struct page **out_pages,
			     unsigned int flags);
void iommufd_access_unpin_pages(struct iommufd_access *access,
				unsigned long iova, unsigned long length);
int iommufd_access_rw(struct iommufd_access *access, unsigned long iova,
		      void *data, size_t len, unsigned int flags);

/* The id of the context's compat IOAS, or -ENODEV when there is none. */
int iommufd_vfio_compat_ioas_get_id(struct iommufd_ctx *ictx, u32 *out_ioas_id);
/* Creates the compat IOAS if missing; -EINVAL in no-iommu mode. */
int iommufd_vfio_compat_ioas_create(struct iommufd_ctx *ictx);
/* -EINVAL when a compat IOAS exists. */
int iommufd_vfio_compat_set_no_iommu(struct iommufd_ctx *ictx);

#endif /* __LINUX_IOMMUFD_H */
