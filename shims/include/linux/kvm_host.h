/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A virtual machine as the vfio core sees one: an object whose users are
 * counted (kvm_get_kvm(), kvm_get_kvm_safe(), kvm_put_kvm()) and which is
 * destroyed at the last put.  The three are real functions (the vfio core
 * reaches them through symbol_get()), and their refcount operations are
 * scheduling points.
 *
 * The destruction runs as the kernel's kvm_destroy_vm() does, in the task
 * that dropped the last reference: it takes the global kvm_lock to unlink
 * the VM from vm_list, then destroys the VM's devices, whose release may
 * call back into other subsystems (the kvm-vfio device calls
 * vfio_file_set_kvm(file, NULL), which takes vfio locks: a last put under
 * such a lock deadlocks).  The simulation registers those devices with
 * sim_kvm_add_device().  /dev/kvm creates VMs (KVM_CREATE_VM), each with
 * a kvm-vfio device that the VM fd's SIM_KVM_VFIO_FILE_ADD / _DEL reach
 * (released at the VM fd's close, or with SIM_KVM_VFIO_AT_DESTROY at the
 * VM's destruction).
 * There are no vCPUs and no memory.  The implementation lives in
 * mocks/kvm.c.
 */
#ifndef __KVM_HOST_H
#define __KVM_HOST_H

#include <linux/ioctl.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/types.h>

#define SIM_KVM_MAX_DEVICES	4

struct kvm;

struct sim_kvm_device {
	void (*destroy)(struct kvm *kvm, void *data);
	void *data;
};

struct kvm {
	struct mutex lock;
	refcount_t users_count;
	struct list_head vm_list;	/* under kvm_lock */
	int sim_id;			/* creation order, from 1 */
	unsigned int sim_nr_devices;
	struct sim_kvm_device sim_devices[SIM_KVM_MAX_DEVICES];
	void *sim_vfio;			/* its kvm-vfio device (/dev/kvm) */
};

/* uapi/linux/kvm.h */
#define KVMIO			0xAE
#define KVM_API_VERSION		12
#define KVM_GET_API_VERSION	_IO(KVMIO, 0x00)
#define KVM_CREATE_VM		_IO(KVMIO, 0x01)
/*
 * The simulation's VM fd ioctls standing for KVM_CREATE_DEVICE
 * (KVM_DEV_TYPE_VFIO) + KVM_SET_DEVICE_ATTR (group KVM_DEV_VFIO_FILE,
 * attr KVM_DEV_VFIO_FILE_ADD / _DEL, addr the int32 fd): the argument
 * points at the vfio file's fd.
 */
#define SIM_KVM_VFIO_FILE_ADD	_IOW(KVMIO, 0xf0, int)
#define SIM_KVM_VFIO_FILE_DEL	_IOW(KVMIO, 0xf1, int)
/* The VM's kvm-vfio device lets its files go at the VM's destruction. */
#define SIM_KVM_VFIO_AT_DESTROY	_IO(KVMIO, 0xf2)

/* Protects vm_list, as in the kernel. */
extern struct mutex kvm_lock;
extern struct list_head vm_list;

void kvm_get_kvm(struct kvm *kvm);
/* false when the VM is already being destroyed (no reference taken). */
bool kvm_get_kvm_safe(struct kvm *kvm);
/* The last put destroys the VM, in the caller's task. */
void kvm_put_kvm(struct kvm *kvm);

/* --- the simulation's side (kernel code never calls these) --------------- */

/*
 * A new VM on vm_list with one reference for the caller (what the
 * KVM_CREATE_VM file holds), or NULL when an allocation fails.
 */
struct kvm *sim_kvm_create(void);
/*
 * Registers a device of @kvm whose @destroy runs, in registration order,
 * when the VM is destroyed.  0, or -ENOSPC past SIM_KVM_MAX_DEVICES.
 */
int sim_kvm_add_device(struct kvm *kvm,
		       void (*destroy)(struct kvm *kvm, void *data),
		       void *data);
/* The users of @kvm, read without a scheduling point. */
unsigned int sim_kvm_refs(struct kvm *kvm);
/* VMs created and not yet destroyed in this execution. */
unsigned int sim_kvm_nr_live(void);
/* VMs destroyed in this execution. */
unsigned int sim_kvm_nr_destroyed(void);

/* /dev/kvm, for the execution (a target's init and exit). */
int sim_kvm_dev_init(void);
void sim_kvm_dev_exit(void);
/*
 * The vfio core's vfio_file_is_valid() and vfio_file_set_kvm(), which the
 * kvm-vfio device calls (the kernel's symbol_get()); for this execution.
 */
struct file;
void sim_kvm_set_vfio_ops(bool (*is_valid)(struct file *file),
			  void (*set_kvm)(struct file *file, struct kvm *kvm));

#endif /* __KVM_HOST_H */
