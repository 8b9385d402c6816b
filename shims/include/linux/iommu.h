/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The part of the IOMMU core that the vfio core calls: iommu groups (a
 * reference-counted set of devices that can only be isolated together) and
 * DMA ownership of a group by one owner cookie at a time.
 *
 * struct iommu_group is opaque.  A group's references are counted as the
 * kernel counts its devices kobject: iommu_group_alloc() returns one, each
 * device added holds one, iommu_group_get() and iommu_group_ref_get() take
 * one; the last iommu_group_put() frees the group and its id.  The group's
 * mutex (one lockdep class for every group) protects its device list and
 * its owner state.
 *
 * There are no domains, no iommu drivers and no sysfs directory; a device
 * gets a group from its (simulated) iommu driver through <mocks/iommu.h>.
 */
#ifndef __LINUX_IOMMU_H
#define __LINUX_IOMMU_H

#include <linux/err.h>
#include <linux/types.h>

#define IOMMU_READ	(1 << 0)
#define IOMMU_WRITE	(1 << 1)
#define IOMMU_CACHE	(1 << 2)
#define IOMMU_NOEXEC	(1 << 3)
#define IOMMU_MMIO	(1 << 4)
#define IOMMU_PRIV	(1 << 5)

struct device;
struct iommu_group;

/* A PASID (7.x's vfio and iommufd attach per PASID); 0: DMA without one. */
typedef unsigned int ioasid_t;
#define IOMMU_NO_PASID		(0U)
#define IOMMU_FIRST_GLOBAL_PASID	(1U)

/*
 * What the iommu core keeps on a device it probed (dev->iommu): NULL for
 * a device no IOMMU driver probed, such as one in a no-IOMMU group.
 * max_pasids: 0 when the device cannot use PASIDs.
 */
struct dev_iommu {
	u32 max_pasids;
};

enum iommu_cap {
	IOMMU_CAP_CACHE_COHERENCY,
	IOMMU_CAP_NOEXEC,
	IOMMU_CAP_PRE_BOOT_PROTECTION,
	IOMMU_CAP_ENFORCE_CACHE_COHERENCY,
	IOMMU_CAP_DEFERRED_FLUSH,
	IOMMU_CAP_DIRTY_TRACKING,
};

/*
 * A new group holding one reference for the caller, or ERR_PTR(-ENOMEM)
 * (the group or its id could not be allocated) or ERR_PTR(-ENOSPC).
 */
struct iommu_group *iommu_group_alloc(void);
/* The group of @dev with a reference taken, or NULL when it has none. */
struct iommu_group *iommu_group_get(struct device *dev);
struct iommu_group *iommu_group_ref_get(struct iommu_group *group);
/* NULL is allowed; the last put frees the group. */
void iommu_group_put(struct iommu_group *group);
int iommu_group_id(struct iommu_group *group);
/* A copy of @name (NULL removes it); 0 or -ENOMEM. */
int iommu_group_set_name(struct iommu_group *group, const char *name);

void *iommu_group_get_iommudata(struct iommu_group *group);
/* @release is called on @iommu_data when the group is freed. */
void iommu_group_set_iommudata(struct iommu_group *group, void *iommu_data,
			       void (*release)(void *iommu_data));

/*
 * Adds @dev to @group: sets dev->iommu_group and takes a group reference
 * for the device.  0 or -ENOMEM.
 */
int iommu_group_add_device(struct iommu_group *group, struct device *dev);
/* Undoes iommu_group_add_device(); nothing if @dev has no group. */
void iommu_group_remove_device(struct device *dev);
/*
 * Calls @fn on every device of @group, in the order they were added, with
 * the group mutex held; stops at the first non-zero return, which it
 * returns.
 */
int iommu_group_for_each_dev(struct iommu_group *group, void *data,
			     int (*fn)(struct device *dev, void *data));
/* lockdep_assert_held() of the group mutex of @dev. */
void iommu_group_mutex_assert(struct device *dev);

/*
 * DMA ownership.  A group claimed through the group interface has one
 * owner and a count of one: a second claim fails with -EPERM whoever makes
 * it.  Through the device interface, devices of the group may claim it
 * again with the same @owner (the count goes up) and fail with -EPERM with
 * another.  @owner must not be NULL (-EINVAL with a warning).  Releasing
 * an ownership that is not held warns.
 */
int iommu_group_claim_dma_owner(struct iommu_group *group, void *owner);
void iommu_group_release_dma_owner(struct iommu_group *group);
/* Whether the group is owned (or used) by anyone; racy by nature. */
bool iommu_group_dma_owner_claimed(struct iommu_group *group);
/* -ENODEV when @dev has no group. */
int iommu_device_claim_dma_owner(struct device *dev, void *owner);
void iommu_device_release_dma_owner(struct device *dev);

/*
 * Whether the IOMMU of @dev supports @cap; false when @dev has no group.
 * The cache coherency capabilities are those of the device's group (set
 * by the simulation); the others are never supported.
 */
bool device_iommu_capable(struct device *dev, enum iommu_cap cap);

#endif /* __LINUX_IOMMU_H */
