// SPDX-License-Identifier: GPL-2.0-only
/*
 * A mock of the container's type1 IOMMU backend (what vfio_iommu_type1
 * registers): it accepts VFIO_TYPE1_IOMMU and VFIO_TYPE1v2_IOMMU, answers
 * VFIO_CHECK_EXTENSION for them, and counts containers and attached
 * groups.  No DMA mapping: its other ioctls are -ENOTTY.  The group's DMA
 * ownership is claimed by the vfio core before attach_group.
 */
#define __this_module	mocktype1_module

#include <linux/err.h>
#include <linux/errno.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vfio.h>

#include "vfio.h"	/* the core's drivers/vfio/vfio.h */

#include "mockvfio.h"

static int mocktype1_init(void);
static void mocktype1_exit(void);

/* insmod registers the backend, rmmod (no container using it) removes it */
struct module mocktype1_module = {
	.name = "mocktype1",
	.init = mocktype1_init,
	.exit = mocktype1_exit,
};

atomic_t mocktype1_containers, mocktype1_groups;

struct mocktype1 {
	unsigned long type;
	int groups;
};

static bool mocktype1_type(unsigned long arg)
{
	return arg == VFIO_TYPE1_IOMMU || arg == VFIO_TYPE1v2_IOMMU;
}

static void *mocktype1_open(unsigned long arg)
{
	struct mocktype1 *iommu;

	if (!mocktype1_type(arg))
		return ERR_PTR(-EINVAL);
	iommu = kzalloc(sizeof(*iommu), GFP_KERNEL);
	if (!iommu)
		return ERR_PTR(-ENOMEM);
	iommu->type = arg;
	atomic_inc(&mocktype1_containers);
	return iommu;
}

static void mocktype1_release(void *iommu_data)
{
	struct mocktype1 *iommu = iommu_data;

	WARN_ON(iommu->groups);
	atomic_dec(&mocktype1_containers);
	kfree(iommu);
}

static long mocktype1_ioctl(void *iommu_data, unsigned int cmd,
			    unsigned long arg)
{
	/* iommu_data is NULL when asked before VFIO_SET_IOMMU */
	if (cmd == VFIO_CHECK_EXTENSION)
		return mocktype1_type(arg) ? 1 : 0;
	return -ENOTTY;
}

static int mocktype1_attach_group(void *iommu_data,
				  struct iommu_group *group,
				  enum vfio_group_type type)
{
	struct mocktype1 *iommu = iommu_data;

	iommu->groups++;
	atomic_inc(&mocktype1_groups);
	return 0;
}

static void mocktype1_detach_group(void *iommu_data,
				   struct iommu_group *group)
{
	struct mocktype1 *iommu = iommu_data;

	WARN_ON(iommu->groups <= 0);
	iommu->groups--;
	atomic_dec(&mocktype1_groups);
}

static const struct vfio_iommu_driver_ops mocktype1_ops = {
	.name = "mocktype1",
	.owner = THIS_MODULE,
	.open = mocktype1_open,
	.release = mocktype1_release,
	.ioctl = mocktype1_ioctl,
	.attach_group = mocktype1_attach_group,
	.detach_group = mocktype1_detach_group,
};

static int mocktype1_init(void)
{
	atomic_set(&mocktype1_containers, 0);
	atomic_set(&mocktype1_groups, 0);
	return vfio_register_iommu_driver(&mocktype1_ops);
}

static void mocktype1_exit(void)
{
	vfio_unregister_iommu_driver(&mocktype1_ops);
}
