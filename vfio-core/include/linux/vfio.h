/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The model's driver-facing interface: what a vfio bus driver (the
 * simulation's mock driver, a vfio-pci-like driver) sees of the core.
 * Names and signatures are the kernel's <linux/vfio.h>, since drivers
 * are written against them; only what the model implements is declared.
 */
#ifndef VFIO_H
#define VFIO_H

#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/cdev.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/iommu.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/types.h>
#include <uapi/linux/vfio.h>

struct file;
struct kvm;
struct iommufd_ctx;
struct iommufd_device;
struct iommufd_access;
struct vm_area_struct;
struct vfio_group;

/*
 * Devices a driver can only open and close together (one reset domain).
 * @lock serialises open_device()/close_device() of every member and
 * guards @device_list and each member's open_count.
 */
struct vfio_device_set {
	void *set_id;
	struct mutex lock;
	struct list_head device_list;
	unsigned int device_count;	/* members, under the sets' mutex */
	struct list_head all_sets;	/* on the core's list of sets */
};

struct vfio_device {
	/* the driver's */
	struct device *dev;			/* the physical device */
	const struct vfio_device_ops *ops;
	struct vfio_group *group;
	struct list_head group_next;		/* group->device_list */
	struct vfio_device_set *dev_set;
	struct list_head dev_set_list;
	struct kvm *kvm;			/* for open_device(), if any */

	/* the core's */
	unsigned int index;			/* vfioX and the cdev minor */
	struct device device;			/* lifetime of this memory */
	struct cdev cdev;
	struct inode *inode;			/* every file's f_mapping */
	/* 0 until registered, then 1 + one per file or lookup in flight */
	refcount_t refcount;
	struct completion comp;			/* refcount reached 0 */
	unsigned int open_count;		/* under dev_set->lock */
	struct iommufd_device *iommufd_device;
	struct iommufd_access *iommufd_access;
	u8 iommufd_attached:1;
	u8 cdev_opened:1;			/* bound through its cdev */
#ifdef VFIO_MODEL_RFC2021
	atomic_t opened;			/* RFC 02/20: node opener */
#endif
};

/**
 * struct vfio_device_ops - what a vfio bus driver implements
 * @name: driver name
 * @init: driver part of a freshly allocated device
 * @release: undo @init when the last reference goes
 * @bind_iommufd: bind to an iommufd context (cdev BIND, group compat)
 * @unbind_iommufd: undo @bind_iommufd
 * @attach_ioas: attach to an IOAS/HWPT of the bound context
 * @detach_ioas: undo @attach_ioas
 * @open_device: first file of the device opened
 * @close_device: last file of the device closed
 * @read: read(2) on an opened device file
 * @write: write(2) on an opened device file
 * @ioctl: device ioctls the core does not handle
 * @mmap: mmap(2) of an opened device file
 * @request: unregister is waiting for the user to let go
 * @match: name match for GET_DEVICE_FD: 0 no, >0 yes, <0 abort
 * @dma_unmap: an IOVA range the device may use went away
 * @device_feature: VFIO_DEVICE_FEATURE
 */
struct vfio_device_ops {
	char	*name;
	int	(*init)(struct vfio_device *vdev);
	void	(*release)(struct vfio_device *vdev);
	int	(*bind_iommufd)(struct vfio_device *vdev,
				struct iommufd_ctx *ictx, u32 *out_device_id);
	void	(*unbind_iommufd)(struct vfio_device *vdev);
	int	(*attach_ioas)(struct vfio_device *vdev, u32 *pt_id);
	void	(*detach_ioas)(struct vfio_device *vdev);
	int	(*open_device)(struct vfio_device *vdev);
	void	(*close_device)(struct vfio_device *vdev);
	ssize_t	(*read)(struct vfio_device *vdev, char __user *buf,
			size_t count, loff_t *ppos);
	ssize_t	(*write)(struct vfio_device *vdev, const char __user *buf,
			 size_t count, loff_t *ppos);
	long	(*ioctl)(struct vfio_device *vdev, unsigned int cmd,
			 unsigned long arg);
	int	(*mmap)(struct vfio_device *vdev, struct vm_area_struct *vma);
	void	(*request)(struct vfio_device *vdev, unsigned int count);
	int	(*match)(struct vfio_device *vdev, char *buf);
	void	(*dma_unmap)(struct vfio_device *vdev, u64 iova, u64 length);
	int	(*device_feature)(struct vfio_device *device, u32 flags,
				  void __user *arg, size_t argsz);
};

/* iommufd helpers a driver plugs into its ops (iommufd.c) */
struct iommufd_ctx *vfio_iommufd_device_ictx(struct vfio_device *vdev);
int vfio_iommufd_get_dev_id(struct vfio_device *vdev,
			    struct iommufd_ctx *ictx);
int vfio_iommufd_physical_bind(struct vfio_device *vdev,
			       struct iommufd_ctx *ictx, u32 *out_device_id);
void vfio_iommufd_physical_unbind(struct vfio_device *vdev);
int vfio_iommufd_physical_attach_ioas(struct vfio_device *vdev, u32 *pt_id);
void vfio_iommufd_physical_detach_ioas(struct vfio_device *vdev);
int vfio_iommufd_emulated_bind(struct vfio_device *vdev,
			       struct iommufd_ctx *ictx, u32 *out_device_id);
void vfio_iommufd_emulated_unbind(struct vfio_device *vdev);
int vfio_iommufd_emulated_attach_ioas(struct vfio_device *vdev, u32 *pt_id);
void vfio_iommufd_emulated_detach_ioas(struct vfio_device *vdev);

static inline bool vfio_device_cdev_opened(struct vfio_device *device)
{
	return device->cdev_opened;
}

struct vfio_device *_vfio_alloc_device(size_t size, struct device *dev,
				       const struct vfio_device_ops *ops);
/* the driver's @dev_struct must embed its vfio_device first */
#define vfio_alloc_device(dev_struct, member, dev, ops)			\
	container_of(_vfio_alloc_device(sizeof(struct dev_struct) +	\
					BUILD_BUG_ON_ZERO(offsetof(	\
						struct dev_struct,	\
						member)),		\
					dev, ops),			\
		     struct dev_struct, member)

static inline void vfio_put_device(struct vfio_device *device)
{
	put_device(&device->device);
}

int vfio_register_group_dev(struct vfio_device *device);
int vfio_register_emulated_iommu_dev(struct vfio_device *device);
void vfio_unregister_group_dev(struct vfio_device *device);

int vfio_assign_device_set(struct vfio_device *device, void *set_id);
unsigned int vfio_device_set_open_count(struct vfio_device_set *dev_set);
struct vfio_device *
vfio_find_device_in_devset(struct vfio_device_set *dev_set,
			   struct device *dev);

/* asked of a vfio file by KVM and other subsystems */
struct iommu_group *vfio_file_iommu_group(struct file *file);
bool vfio_file_is_group(struct file *file);
bool vfio_file_has_dev(struct file *file, struct vfio_device *device);
bool vfio_file_is_valid(struct file *file);
bool vfio_file_enforced_coherent(struct file *file);
void vfio_file_set_kvm(struct file *file, struct kvm *kvm);

#endif /* VFIO_H */
