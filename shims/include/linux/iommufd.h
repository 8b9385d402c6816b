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
#include <linux/types.h>

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
 * Attach to the IOAS *@pt_id: -ENOENT when no object has that id, -EINVAL
 * when it is not an IOAS, when @idev is already attached (attach) or not
 * (replace), or when a device of the same group in this context is
 * attached elsewhere.
 */
int iommufd_device_attach(struct iommufd_device *idev, u32 *pt_id);
int iommufd_device_replace(struct iommufd_device *idev, u32 *pt_id);
/* Warns when not attached. */
void iommufd_device_detach(struct iommufd_device *idev);
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
