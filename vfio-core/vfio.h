/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio-sim's model of the vfio core: the core's internal interfaces
 * (drivers/vfio/vfio.h of the kernel), shared by vfio_main.c, group.c,
 * device_cdev.c, iommufd.c, container.c and by the simulation glue,
 * which reads these structures to check the core's invariants.
 *
 * Built with VFIO_MODEL_RFC2021, the same files implement the exclusion
 * of the 2021 RFC "vfio: Add device class for /dev/vfio/devices"
 * (docs/rfc-2021.md) instead of v6.12's.
 */
#ifndef __VFIO_VFIO_H__
#define __VFIO_VFIO_H__

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/file.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/vfio.h>

struct iommufd_ctx;
struct iommu_group;
struct vfio_container;

/* One per open device file, whichever way it was opened. */
struct vfio_device_file {
	struct vfio_device *device;
	/* set iff the file came from VFIO_GROUP_GET_DEVICE_FD */
	struct vfio_group *group;

	u8 access_granted;		/* store-release once opened/bound */
	u32 devid;			/* valid while iommufd is */
	spinlock_t kvm_ref_lock;	/* protects kvm */
	struct kvm *kvm;
	struct iommufd_ctx *iommufd;	/* under the dev_set lock */
};

void vfio_device_put_registration(struct vfio_device *device);
bool vfio_device_try_get_registration(struct vfio_device *device);
int vfio_df_open(struct vfio_device_file *df);
void vfio_df_close(struct vfio_device_file *df);
struct vfio_device_file *
vfio_allocate_device_file(struct vfio_device *device);

extern const struct file_operations vfio_device_fops;

#ifdef CONFIG_VFIO_NOIOMMU
extern bool vfio_noiommu;
#else
enum { vfio_noiommu = false };
#endif

enum vfio_group_type {
	/* a physical device behind an IOMMU */
	VFIO_IOMMU,
	/*
	 * A device without DMA of its own (mdev-like): the core makes up an
	 * iommu_group for it, since that sysfs layout is uAPI.
	 */
	VFIO_EMULATED_IOMMU,
	/*
	 * A physical device without an IOMMU (enable_unsafe_noiommu_mode):
	 * a made-up iommu_group, no isolation, CAP_SYS_RAWIO to use.
	 */
	VFIO_NO_IOMMU,
};

/* Device node naming (module parameter "naming"). */
enum vfio_naming {
	VFIO_NAMING_VFIOX,	/* vfio/devices/vfioX (upstream) */
	VFIO_NAMING_DEVNAME,	/* vfio/devices/<dev_name> (the 2021 RFC) */
	VFIO_NAMING_SUBDIR,	/* vfio/<bus>/<dev_name> (seed thread) */
};

/* the policy the "naming" parameter selects (vfio_main.c) */
enum vfio_naming vfio_device_naming(void);

struct vfio_group {
	struct device			dev;
	struct cdev			cdev;
	/*
	 * Registered devices of the group.  While non-zero, iommu_group is
	 * valid; it drops to zero (under vfio.group_lock) with the last
	 * device and never rises again.
	 */
	refcount_t			drivers;
	unsigned int			container_users;
	struct iommu_group		*iommu_group;
	struct vfio_container		*container;
	struct list_head		device_list;
	struct mutex			device_lock;
	struct list_head		vfio_next;
	struct list_head		container_next;
	enum vfio_group_type		type;
	struct mutex			group_lock;
	struct kvm			*kvm;
	struct file			*opened_file;
	struct blocking_notifier_head	notifier;
	struct iommufd_ctx		*iommufd;
	spinlock_t			kvm_ref_lock;
	unsigned int			cdev_device_open_cnt;
#ifdef VFIO_MODEL_RFC2021
	/*
	 * RFC 02/20: openers of the group, either the one group file or
	 * the device nodes of its devices (opened_by_nongroup_dev).
	 */
	unsigned int			opened;
	struct mutex			opened_lock;
	bool				opened_by_nongroup_dev;
#endif
};

int vfio_device_block_group(struct vfio_device *device);
void vfio_device_unblock_group(struct vfio_device *device);
int vfio_device_set_group(struct vfio_device *device,
			  enum vfio_group_type type);
void vfio_device_remove_group(struct vfio_device *device);
void vfio_device_group_register(struct vfio_device *device);
void vfio_device_group_unregister(struct vfio_device *device);
int vfio_device_group_use_iommu(struct vfio_device *device);
void vfio_device_group_unuse_iommu(struct vfio_device *device);
void vfio_df_group_close(struct vfio_device_file *df);
struct vfio_group *vfio_group_from_file(struct file *file);
bool vfio_group_enforced_coherent(struct vfio_group *group);
void vfio_group_set_kvm(struct vfio_group *group, struct kvm *kvm);
bool vfio_device_has_container(struct vfio_device *device);
int vfio_group_init(void);
void vfio_group_cleanup(void);

static inline bool vfio_device_is_noiommu(struct vfio_device *vdev)
{
	return IS_ENABLED(CONFIG_VFIO_NOIOMMU) &&
	       vdev->group->type == VFIO_NO_IOMMU;
}

#ifdef VFIO_MODEL_RFC2021
int vfio_group_try_open(struct vfio_group *group, bool nongroup_dev);
void vfio_group_close_opened(struct vfio_group *group);
bool vfio_device_in_container(struct vfio_device *device);
#endif

/* The container's IOMMU backends (type1, spapr, the noiommu one). */
struct vfio_iommu_driver_ops {
	char		*name;
	struct module	*owner;
	void		*(*open)(unsigned long arg);
	void		(*release)(void *iommu_data);
	long		(*ioctl)(void *iommu_data, unsigned int cmd,
				 unsigned long arg);
	int		(*attach_group)(void *iommu_data,
					struct iommu_group *group,
					enum vfio_group_type);
	void		(*detach_group)(void *iommu_data,
					struct iommu_group *group);
	void		(*register_device)(void *iommu_data,
					   struct vfio_device *vdev);
	void		(*unregister_device)(void *iommu_data,
					     struct vfio_device *vdev);
};

struct vfio_iommu_driver {
	const struct vfio_iommu_driver_ops	*ops;
	struct list_head			vfio_next;
};

int vfio_register_iommu_driver(const struct vfio_iommu_driver_ops *ops);
void vfio_unregister_iommu_driver(const struct vfio_iommu_driver_ops *ops);

struct vfio_container *vfio_container_from_file(struct file *filep);
int vfio_group_use_container(struct vfio_group *group);
void vfio_group_unuse_container(struct vfio_group *group);
int vfio_container_attach_group(struct vfio_container *container,
				struct vfio_group *group);
void vfio_group_detach_container(struct vfio_group *group);
void vfio_device_container_register(struct vfio_device *device);
void vfio_device_container_unregister(struct vfio_device *device);
int vfio_container_init(void);
void vfio_container_cleanup(void);

/* iommufd.c */
bool vfio_iommufd_device_has_compat_ioas(struct vfio_device *vdev,
					 struct iommufd_ctx *ictx);
int vfio_df_iommufd_bind(struct vfio_device_file *df);
void vfio_df_iommufd_unbind(struct vfio_device_file *df);
int vfio_iommufd_compat_attach_ioas(struct vfio_device *device,
				    struct iommufd_ctx *ictx);

/* device_cdev.c */
int vfio_df_ioctl_attach_pt(struct vfio_device_file *df,
			    struct vfio_device_attach_iommufd_pt __user *arg);
int vfio_df_ioctl_detach_pt(struct vfio_device_file *df,
			    struct vfio_device_detach_iommufd_pt __user *arg);
void vfio_init_device_cdev(struct vfio_device *device);

/* noiommu devices have no cdev: a plain device_add() */
static inline int vfio_device_add(struct vfio_device *device)
{
	if (vfio_device_is_noiommu(device))
		return device_add(&device->device);
	vfio_init_device_cdev(device);
	return cdev_device_add(&device->cdev, &device->device);
}

static inline void vfio_device_del(struct vfio_device *device)
{
	if (vfio_device_is_noiommu(device))
		device_del(&device->device);
	else
		cdev_device_del(&device->cdev, &device->device);
}

int vfio_device_fops_cdev_open(struct inode *inode, struct file *filep);
long vfio_df_ioctl_bind_iommufd(struct vfio_device_file *df,
				struct vfio_device_bind_iommufd __user *arg);
void vfio_df_unbind_iommufd(struct vfio_device_file *df);
int vfio_cdev_init(struct class *device_class);
void vfio_cdev_cleanup(void);

/*
 * A device's KVM reference, taken out of the device under its
 * dev_set->lock and put once no vfio lock is held: the last put destroys
 * the VM, and a kvm-vfio device torn down then (as before 6.2's
 * 51cdc8bc120e) calls back into vfio_file_set_kvm() and puts our files.
 */
struct vfio_kvm_ref {
	struct kvm *kvm;
	void (*put_kvm)(struct kvm *kvm);
};

void vfio_device_get_kvm_safe(struct vfio_device *device, struct kvm *kvm);
void vfio_device_take_kvm(struct vfio_device *device,
			  struct vfio_kvm_ref *ref);
void vfio_kvm_ref_put(struct vfio_kvm_ref *ref);

#endif /* __VFIO_VFIO_H__ */
