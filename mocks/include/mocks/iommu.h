/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The simulated IOMMU driver: what scenario targets and tests use to give
 * devices iommu groups and to look at a group's state.  Kernel code never
 * calls these.  Groups live in the slab shim: one not freed at the end of
 * an execution is a leak; the registry of groups is reset before and after
 * every execution.
 */
#ifndef _MOCKS_IOMMU_H
#define _MOCKS_IOMMU_H

#include <linux/types.h>

struct device;
struct iommu_group;

/*
 * Puts @dev into the group numbered @id, creating that group (with the
 * cache coherency @coherent) when no live group has the id, as an iommu
 * driver's probe does.  The device holds the only reference the call
 * leaves: iommu_group_remove_device() of the last device frees the group.
 * Returns 0, -EEXIST when @dev already has a group, -EINVAL when the
 * group exists with another @coherent or @id is negative, -EBUSY when the
 * id belongs to a group being freed, or -ENOMEM.
 */
int sim_iommu_group_attach(struct device *dev, int id, bool coherent);

/*
 * The PASIDs @dev (probed by sim_iommu_group_attach()) can use: 0 (the
 * default) none.  -ENODEV when no IOMMU probed it.
 */
int sim_iommu_device_set_max_pasids(struct device *dev, u32 max_pasids);

/* The live group numbered @id with a reference taken, or NULL. */
struct iommu_group *sim_iommu_group_find(int id);

/* Changes the cache coherency of @group (device_iommu_capable()). */
void sim_iommu_group_set_coherent(struct iommu_group *group, bool coherent);

/*
 * The owner state of @group, read without its mutex and without a
 * scheduling point: for invariants and end checks.
 */
struct sim_iommu_owner {
	void *owner;		/* the cookie, NULL when not owned */
	unsigned int owner_cnt;	/* claims held */
};
struct sim_iommu_owner sim_iommu_group_owner(struct iommu_group *group);

/* The references held on @group and the number of its devices. */
unsigned int sim_iommu_group_refs(struct iommu_group *group);
unsigned int sim_iommu_group_nr_devices(struct iommu_group *group);
/* The name set by iommu_group_set_name(), or NULL. */
const char *sim_iommu_group_name(struct iommu_group *group);

/* Live groups in this execution. */
unsigned int sim_iommu_nr_groups(void);

#endif /* _MOCKS_IOMMU_H */
