/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio-sim's model of the vfio core: the interface a vfio bus driver
 * (vfio-pci, an mdev parent, the simulation's mock driver) programs
 * against.  Source compatible with the kernel's <linux/vfio.h> for what
 * it declares; what the model does not implement (migration, dirty
 * tracking, pinning, virqfd, region/irq helpers) is left out rather
 * than stubbed.
 */
#ifndef VFIO_H
#define VFIO_H

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
struct inode;
struct iommufd_ctx;
struct iommufd_device;
struct iommufd_access;
struct vm_area_struct;
struct vfio_group;
struct vfio_migration_ops;
struct vfio_log_ops;

/*
 * Devices that must be opened and closed as a unit (a reset domain) share
 * a set; the core holds the set's lock around open_device() and
 * close_device() of all its members.
 */
struct vfio_device_set {
	void *set_id;
	struct mutex lock;
	struct list_head device_list;
	unsigned int device_count;
};

struct vfio_device {
	struct device *dev;
	const struct vfio_device_ops *ops;
	const struct vfio_migration_ops *mig_ops;
	const struct vfio_log_ops *log_ops;
#if IS_ENABLED(CONFIG_VFIO_GROUP)
	struct vfio_group *group;
	struct list_head group_next;
	struct list_head iommu_entry;
#endif
	struct vfio_device_set *dev_set;
	struct list_head dev_set_list;
	unsigned int migration_flags;
	struct kvm *kvm;

	/* the core's own from here on */
	unsigned int index;
	struct device device;	/* its kref is the object's lifetime */
#if IS_ENABLED(CONFIG_VFIO_DEVICE_CDEV)
	struct cdev cdev;
#endif
	refcount_t refcount;	/* registration: users of a live device */
	unsigned int open_count;
	struct completion comp;
	struct iommufd_access *iommufd_access;
	void (*put_kvm)(struct kvm *kvm);
	struct inode *inode;
#if IS_ENABLED(CONFIG_IOMMUFD)
	struct iommufd_device *iommufd_device;
	u8 iommufd_attached:1;
#endif
	u8 cdev_opened:1;
#ifdef VFIO_MODEL_RFC2021
	/* RFC 02/20: one opener of the device node at a time */
	atomic_t opened;
#endif
};

/**
 * struct vfio_device_ops - a vfio bus driver's device callbacks
 *
 * @name: the driver's name
 * @init: set up the driver's part of a freshly allocated device
 * @release: undo @init, on the last reference of the device
 * @bind_iommufd: bind to an iommufd (cdev BIND, or group iommufd compat)
 * @unbind_iommufd: undo @bind_iommufd
 * @attach_ioas: attach to an IOAS or HWPT of the bound iommufd
 * @detach_ioas: undo @attach_ioas
 * @open_device: the first file of the device was opened
 * @close_device: the last file of the device was closed
 * @read: read(2) on a device file
 * @write: write(2) on a device file
 * @ioctl: ioctl(2) on a device file, the VFIO_DEVICE_* not handled here
 * @mmap: mmap(2) of a device region
 * @request: the core wants the device back (unregister is waiting)
 * @match: match a VFIO_GROUP_GET_DEVICE_FD name: 0 no, >0 yes, -errno
 *         abort the lookup
 * @dma_unmap: an IOVA range the device may use was unmapped
 * @device_feature: VFIO_DEVICE_FEATURE beyond the core's own
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
	ssize_t	(*write)(struct vfio_device *vdev,
			 const char __user *buf, size_t count,
			 loff_t *size);
	long	(*ioctl)(struct vfio_device *vdev, unsigned int cmd,
			 unsigned long arg);
	int	(*mmap)(struct vfio_device *vdev,
			struct vm_area_struct *vma);
	void	(*request)(struct vfio_device *vdev,
			   unsigned int count);
	int	(*match)(struct vfio_device *vdev, char *buf);
	void	(*dma_unmap)(struct vfio_device *vdev, u64 iova,
			     u64 length);
	int	(*device_feature)(struct vfio_device *device, u32 flags,
				  void __user *arg, size_t argsz);
};

#if IS_ENABLED(CONFIG_IOMMUFD)
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
#endif

static inline bool vfio_device_cdev_opened(struct vfio_device *device)
{
	return device->cdev_opened;
}

struct vfio_device *_vfio_alloc_device(size_t size, struct device *dev,
				       const struct vfio_device_ops *ops);
/*
 * Allocate the driver's structure @dev_struct, which embeds a struct
 * vfio_device as @member (at offset 0), and initialise the vfio part.
 */
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

/* What KVM and other subsystems ask of a vfio file. */
#if IS_ENABLED(CONFIG_VFIO_GROUP)
struct iommu_group *vfio_file_iommu_group(struct file *file);
bool vfio_file_is_group(struct file *file);
bool vfio_file_has_dev(struct file *file, struct vfio_device *device);
#endif
bool vfio_file_is_valid(struct file *file);
bool vfio_file_enforced_coherent(struct file *file);
void vfio_file_set_kvm(struct file *file, struct kvm *kvm);

#endif /* VFIO_H */
