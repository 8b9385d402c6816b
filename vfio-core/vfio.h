/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The model's internal interfaces between its five files, and the
 * structures the simulation glue reads to check invariants (adapter.c)
 * or implements against (mocktype1.c).  The glue's view fixes the names
 * of struct vfio_group's fields and of the IOMMU backend interface;
 * everything else here is the model's own decomposition.
 *
 * Locks, outermost first (docs/vfio-semantics.md section 4):
 *   vfio_groups.list_lock -> group->group_lock -> container->group_lock
 *   group->group_lock -> dev_set->lock -> {group,df}->kvm_ref_lock
 * The cdev path takes group_lock and dev_set->lock one after the other,
 * never nested.
 */
#ifndef __VFIO_VFIO_H__
#define __VFIO_VFIO_H__

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/file.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/vfio.h>

struct iommufd_ctx;
struct iommu_group;
struct vfio_container;

/* One per open device file, whichever node it came from. */
struct vfio_device_file {
	struct vfio_device *device;
	struct vfio_group *group;	/* non-NULL: GET_DEVICE_FD file */
	u8 access_granted;		/* P10 gate, release/acquire */
	u32 devid;			/* BIND's object id */
	spinlock_t kvm_ref_lock;
	struct kvm *kvm;		/* given by KVM to this file */
	struct iommufd_ctx *iommufd;	/* under dev_set->lock */
};

enum vfio_group_type {
	VFIO_IOMMU,		/* behind a real IOMMU */
	VFIO_EMULATED_IOMMU,	/* no DMA of its own (mdev-like) */
	VFIO_NO_IOMMU,		/* enable_unsafe_noiommu_mode */
};

/* Device node naming, module parameter "naming". */
enum vfio_naming {
	VFIO_NAMING_VFIOX,	/* vfio/devices/vfioX, upstream */
	VFIO_NAMING_DEVNAME,	/* vfio/devices/<dev_name>, RFC 02/20 */
	VFIO_NAMING_SUBDIR,	/* vfio/<bus>/<dev_name>, seed thread */
};

struct vfio_group {
	struct device			dev;
	struct cdev			cdev;
	/* registered devices; iommu_group is valid while non-zero (P14) */
	refcount_t			drivers;
	/* 1 for the group itself + one per device opened through it */
	unsigned int			container_users;
	struct iommu_group		*iommu_group;
	struct vfio_container		*container;
	struct list_head		device_list;	/* under device_lock */
	struct mutex			device_lock;
	struct list_head		vfio_next;	/* global group list */
	struct list_head		container_next;
	enum vfio_group_type		type;
	/*
	 * Guards opened_file, container, container_users, iommufd,
	 * iommu_group and cdev_device_open_cnt.
	 */
	struct mutex			group_lock;
	struct file			*opened_file;
	struct iommufd_ctx		*iommufd;	/* compat mode */
	unsigned int			cdev_device_open_cnt;
	spinlock_t			kvm_ref_lock;	/* for kvm only */
	struct kvm			*kvm;
#ifdef VFIO_MODEL_RFC2021
	/* RFC 02/20: the group file, or any number of device nodes */
	unsigned int			opened;
	struct mutex			opened_lock;
	bool				opened_by_nongroup_dev;
#endif
};

/* --- vfio_main.c --------------------------------------------------------- */

extern bool vfio_noiommu;
extern const struct file_operations vfio_device_fops;

enum vfio_naming vfio_naming_policy(void);
bool vfio_registration_tryget(struct vfio_device *device);
void vfio_registration_put(struct vfio_device *device);
struct vfio_device_file *vfio_df_alloc(struct vfio_device *device);
int vfio_device_use(struct vfio_device_file *df);
void vfio_device_unuse(struct vfio_device_file *df);
void vfio_device_take_kvm(struct vfio_device *device, struct kvm *kvm);
struct kvm *vfio_device_untie_kvm(struct vfio_device *device);
void vfio_kvm_put(struct kvm *kvm);

static inline bool vfio_device_is_noiommu(struct vfio_device *device)
{
	return device->group->type == VFIO_NO_IOMMU;
}

/* --- group.c ------------------------------------------------------------- */

int vfio_group_attach_device(struct vfio_device *device,
			     enum vfio_group_type type);
void vfio_group_detach_device(struct vfio_device *device);
void vfio_group_list_device(struct vfio_device *device);
void vfio_group_unlist_device(struct vfio_device *device);
int vfio_group_enter_bind(struct vfio_group *group);
void vfio_group_leave_bind(struct vfio_group *group);
void vfio_group_df_close(struct vfio_device_file *df);
struct vfio_group *vfio_group_of_file(struct file *file);
void vfio_group_store_kvm(struct vfio_group *group, struct kvm *kvm);
bool vfio_group_coherent(struct vfio_group *group);
int vfio_groups_init(void);
void vfio_groups_exit(void);
#ifdef VFIO_MODEL_RFC2021
int vfio_group_try_open(struct vfio_group *group, bool nongroup_dev);
void vfio_group_close_opened(struct vfio_group *group);
void vfio_group_node_closed(struct vfio_group *group);
bool vfio_device_in_container(struct vfio_device *device);
#endif

/* --- container.c --------------------------------------------------------- */

/* A container's IOMMU backend (type1, spapr, noiommu). */
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

int vfio_register_iommu_driver(const struct vfio_iommu_driver_ops *ops);
void vfio_unregister_iommu_driver(const struct vfio_iommu_driver_ops *ops);

struct vfio_container *vfio_container_of_file(struct file *file);
int vfio_container_join(struct vfio_container *container,
			struct vfio_group *group);
void vfio_container_leave(struct vfio_group *group);
int vfio_container_use(struct vfio_group *group);
void vfio_container_unuse(struct vfio_group *group);
void vfio_container_add_device(struct vfio_device *device);
void vfio_container_remove_device(struct vfio_device *device);
int vfio_containers_init(void);
void vfio_containers_exit(void);

/* --- iommufd.c ----------------------------------------------------------- */

int vfio_df_bind_ictx(struct vfio_device_file *df);
void vfio_df_unbind_ictx(struct vfio_device_file *df);
bool vfio_ictx_has_compat_ioas(struct iommufd_ctx *ictx);
int vfio_compat_attach(struct vfio_device *device, struct iommufd_ctx *ictx);

/* --- device_cdev.c ------------------------------------------------------- */

int vfio_device_node_open(struct inode *inode, struct file *filep);
int vfio_device_node_add(struct vfio_device *device);
void vfio_device_node_del(struct vfio_device *device);
long vfio_df_bind(struct vfio_device_file *df, void __user *arg);
void vfio_df_unbind(struct vfio_device_file *df);
long vfio_df_attach_pt(struct vfio_device_file *df, void __user *arg);
long vfio_df_detach_pt(struct vfio_device_file *df, void __user *arg);
int vfio_device_nodes_init(struct class *device_class);
void vfio_device_nodes_exit(void);

#endif /* __VFIO_VFIO_H__ */
