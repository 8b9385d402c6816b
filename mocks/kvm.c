// SPDX-License-Identifier: GPL-2.0-only
/*
 * A model of the part of virt/kvm the vfio core meets: VM references
 * (kvm_main.c: kvm_get_kvm(), kvm_get_kvm_safe(), kvm_put_kvm(), the VM
 * destroyed at the last put), /dev/kvm with KVM_CREATE_VM, and the VM's
 * kvm-vfio device (virt/kvm/vfio.c) reached from a VM fd.
 *
 * Every VM created through /dev/kvm has one kvm-vfio device.  Its file
 * list is what KVM_DEV_VFIO_FILE_ADD / _DEL manage (here two ioctls of the
 * VM fd, SIM_KVM_VFIO_FILE_ADD / _DEL, folding KVM_CREATE_DEVICE of type
 * KVM_DEV_TYPE_VFIO and KVM_SET_DEVICE_ATTR into one step): add takes a
 * reference on the vfio file and calls vfio_file_set_kvm(file, kvm), del
 * calls vfio_file_set_kvm(file, NULL) and drops it.  The device is
 * released as 6.12 releases it, at the close of its fd (here the VM fd's
 * close, which stands for both), under kvm->lock (kvm_device_release()):
 * for every file left, vfio_file_set_kvm(file, NULL) and fput(); then the
 * fd's VM reference is put.  SIM_KVM_VFIO_AT_DESTROY switches a VM's
 * kvm-vfio device to the placement before commit 51cdc8bc120e (bug B5):
 * the files are let go when the VM is destroyed, at the last
 * kvm_put_kvm(), in the task that made it (still under kvm->lock), so a
 * last put made by vfio under one of its own locks reaches
 * vfio_file_set_kvm() with that lock held.  (A cdev file given to such a
 * VM and bound holds the VM that holds it: a leak, as it would have been.)
 *
 * The vfio core's vfio_file_is_valid() and vfio_file_set_kvm() are found
 * by the real kvm-vfio device through symbol_get(); the cores here are
 * local to their targets, so a target registers them for the execution
 * with sim_kvm_set_vfio_ops().  Without them no file is a vfio file
 * (-EINVAL), as when symbol_get() fails.
 */
#include <stdio.h>

#include <linux/anon_inodes.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kvm_host.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "sim/sched.h"

/* --- kvm: VM references (virt/kvm/kvm_main.c) ----------------------------- */

DEFINE_MUTEX(kvm_lock);
LIST_HEAD(vm_list);
static int sim_kvm_next_id;
static unsigned int sim_kvm_live, sim_kvm_destroyed;

struct kvm *sim_kvm_create(void)
{
	struct kvm *kvm = kzalloc(sizeof(*kvm), GFP_KERNEL);

	if (!kvm)
		return NULL;
	mutex_init(&kvm->lock);
	refcount_set(&kvm->users_count, 1);
	sim_note_access(&sim_kvm_next_id, true);
	kvm->sim_id = ++sim_kvm_next_id;
	mutex_lock(&kvm_lock);
	list_add(&kvm->vm_list, &vm_list);
	mutex_unlock(&kvm_lock);
	sim_kvm_live++;
	return kvm;
}

int sim_kvm_add_device(struct kvm *kvm,
		       void (*destroy)(struct kvm *kvm, void *data),
		       void *data)
{
	struct sim_kvm_device *d;

	if (kvm->sim_nr_devices >= SIM_KVM_MAX_DEVICES)
		return -ENOSPC;
	d = &kvm->sim_devices[kvm->sim_nr_devices++];
	d->destroy = destroy;
	d->data = data;
	return 0;
}

static void kvm_destroy_vm(struct kvm *kvm)
{
	mutex_lock(&kvm_lock);
	list_del(&kvm->vm_list);
	mutex_unlock(&kvm_lock);
	for (unsigned int i = 0; i < kvm->sim_nr_devices; i++)
		kvm->sim_devices[i].destroy(kvm, kvm->sim_devices[i].data);
	mutex_destroy(&kvm->lock);
	sim_kvm_live--;
	sim_kvm_destroyed++;
	kfree(kvm);
}

void kvm_get_kvm(struct kvm *kvm)
{
	refcount_inc(&kvm->users_count);
}

bool kvm_get_kvm_safe(struct kvm *kvm)
{
	return refcount_inc_not_zero(&kvm->users_count);
}

void kvm_put_kvm(struct kvm *kvm)
{
	if (refcount_dec_and_test(&kvm->users_count))
		kvm_destroy_vm(kvm);
}

unsigned int sim_kvm_refs(struct kvm *kvm)
{
	return kvm->users_count.refs.counter;
}

unsigned int sim_kvm_nr_live(void)
{
	return sim_kvm_live;
}

unsigned int sim_kvm_nr_destroyed(void)
{
	return sim_kvm_destroyed;
}

/* --- the kvm-vfio device (virt/kvm/vfio.c) ------------------------------- */

struct kvm_vfio_file {
	struct list_head node;
	struct file *file;
};

struct kvm_vfio {
	struct list_head file_list;
	struct mutex lock;
	bool at_destroy;	/* released at the VM's destruction (pre-B5) */
};

static bool (*sim_vfio_file_is_valid)(struct file *file);
static void (*sim_vfio_file_set_kvm)(struct file *file, struct kvm *kvm);

void sim_kvm_set_vfio_ops(bool (*is_valid)(struct file *file),
			  void (*set_kvm)(struct file *file, struct kvm *kvm))
{
	sim_vfio_file_is_valid = is_valid;
	sim_vfio_file_set_kvm = set_kvm;
}

static bool kvm_vfio_file_is_valid(struct file *file)
{
	return sim_vfio_file_is_valid && sim_vfio_file_is_valid(file);
}

static void kvm_vfio_file_set_kvm(struct file *file, struct kvm *kvm)
{
	if (sim_vfio_file_set_kvm)
		sim_vfio_file_set_kvm(file, kvm);
}

static int kvm_vfio_file_add(struct kvm *kvm, struct kvm_vfio *kv,
			     unsigned int fd)
{
	struct kvm_vfio_file *kvf;
	struct file *filp;
	int ret = 0;

	filp = fget(fd);
	if (!filp)
		return -EBADF;

	/* Ensure the FD is a vfio FD. */
	if (!kvm_vfio_file_is_valid(filp)) {
		ret = -EINVAL;
		goto out_fput;
	}

	mutex_lock(&kv->lock);
	list_for_each_entry(kvf, &kv->file_list, node) {
		if (kvf->file == filp) {
			ret = -EEXIST;
			goto out_unlock;
		}
	}
	kvf = kzalloc(sizeof(*kvf), GFP_KERNEL);
	if (!kvf) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	kvf->file = get_file(filp);
	list_add_tail(&kvf->node, &kv->file_list);
	kvm_vfio_file_set_kvm(kvf->file, kvm);
out_unlock:
	mutex_unlock(&kv->lock);
out_fput:
	fput(filp);
	return ret;
}

static int kvm_vfio_file_del(struct kvm *kvm, struct kvm_vfio *kv,
			     unsigned int fd)
{
	struct kvm_vfio_file *kvf;
	struct fd f;
	int ret;

	f = fdget(fd);
	if (!fd_file(f))
		return -EBADF;

	ret = -ENOENT;
	mutex_lock(&kv->lock);
	list_for_each_entry(kvf, &kv->file_list, node) {
		if (kvf->file != fd_file(f))
			continue;
		list_del(&kvf->node);
		kvm_vfio_file_set_kvm(kvf->file, NULL);
		fput(kvf->file);
		kfree(kvf);
		ret = 0;
		break;
	}
	mutex_unlock(&kv->lock);
	fdput(f);
	return ret;
}

/* kvm_vfio_release(), under kvm->lock as kvm_device_release() calls it */
static void kvm_vfio_release_files(struct kvm *kvm, struct kvm_vfio *kv)
{
	struct kvm_vfio_file *kvf, *tmp;

	mutex_lock(&kvm->lock);
	list_for_each_entry_safe(kvf, tmp, &kv->file_list, node) {
		kvm_vfio_file_set_kvm(kvf->file, NULL);
		fput(kvf->file);
		list_del(&kvf->node);
		kfree(kvf);
	}
	mutex_unlock(&kvm->lock);
}

/* At the VM's destruction: what is left (pre-B5 placement), and free. */
static void kvm_vfio_destroy(struct kvm *kvm, void *data)
{
	struct kvm_vfio *kv = data;

	kvm_vfio_release_files(kvm, kv);
	mutex_destroy(&kv->lock);
	kfree(kv);
}

/* --- /dev/kvm and VM fds -------------------------------------------------- */

static int kvm_vm_release(struct inode *inode, struct file *filp)
{
	struct kvm *kvm = filp->private_data;
	struct kvm_vfio *kv = kvm->sim_vfio;

	if (!kv->at_destroy)
		kvm_vfio_release_files(kvm, kv);
	kvm_put_kvm(kvm);
	return 0;
}

static long kvm_vm_ioctl(struct file *filp, unsigned int cmd,
			 unsigned long arg)
{
	struct kvm *kvm = filp->private_data;
	int __user *argp = (int __user *)arg;
	int fd;

	switch (cmd) {
	case SIM_KVM_VFIO_AT_DESTROY: {
		struct kvm_vfio *kv = kvm->sim_vfio;

		mutex_lock(&kv->lock);
		kv->at_destroy = true;
		mutex_unlock(&kv->lock);
		return 0;
	}
	case SIM_KVM_VFIO_FILE_ADD:
	case SIM_KVM_VFIO_FILE_DEL:
		if (get_user(fd, argp))
			return -EFAULT;
		if (cmd == SIM_KVM_VFIO_FILE_ADD)
			return kvm_vfio_file_add(kvm, kvm->sim_vfio, fd);
		return kvm_vfio_file_del(kvm, kvm->sim_vfio, fd);
	}
	return -ENOTTY;
}

static const struct file_operations kvm_vm_fops = {
	.release = kvm_vm_release,
	.unlocked_ioctl = kvm_vm_ioctl,
	.llseek = noop_llseek,
};

static int kvm_dev_ioctl_create_vm(unsigned long type)
{
	struct kvm_vfio *kv;
	struct kvm *kvm;
	int fd;

	/* only the default VM type */
	if (type)
		return -EINVAL;
	kvm = sim_kvm_create();
	if (!kvm)
		return -ENOMEM;
	kv = kzalloc(sizeof(*kv), GFP_KERNEL);
	if (!kv) {
		kvm_put_kvm(kvm);
		return -ENOMEM;
	}
	INIT_LIST_HEAD(&kv->file_list);
	mutex_init(&kv->lock);
	kvm->sim_vfio = kv;
	if (sim_kvm_add_device(kvm, kvm_vfio_destroy, kv)) {
		mutex_destroy(&kv->lock);
		kfree(kv);
		kvm_put_kvm(kvm);
		return -ENOSPC;
	}
	fd = anon_inode_getfd("kvm-vm", &kvm_vm_fops, kvm, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		kvm_put_kvm(kvm);
	return fd;
}

static long kvm_dev_ioctl(struct file *filp, unsigned int cmd,
			  unsigned long arg)
{
	switch (cmd) {
	case KVM_GET_API_VERSION:
		return arg ? -EINVAL : KVM_API_VERSION;
	case KVM_CREATE_VM:
		return kvm_dev_ioctl_create_vm(arg);
	}
	return -EINVAL;
}

static const struct file_operations kvm_chardev_ops = {
	.owner = NULL,			/* built in */
	.unlocked_ioctl = kvm_dev_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice kvm_dev = {
	.minor = KVM_MINOR,
	.name = "kvm",
	.fops = &kvm_chardev_ops,
	.mode = 0666,
};

static bool kvm_dev_registered;

int sim_kvm_dev_init(void)
{
	int err;

	if (kvm_dev_registered)
		return 0;
	kvm_dev_registered = true;
	err = misc_register(&kvm_dev);
	if (err)
		kvm_dev_registered = false;
	return err;
}

void sim_kvm_dev_exit(void)
{
	if (!kvm_dev_registered)
		return;
	kvm_dev_registered = false;
	misc_deregister(&kvm_dev);
}

/* --- per execution -------------------------------------------------------- */

/* The slab hook frees what is left; only forget it here. */
static void kvm_reset(void)
{
	INIT_LIST_HEAD(&vm_list);
	sim_kvm_next_id = 0;
	sim_kvm_live = sim_kvm_destroyed = 0;
	sim_vfio_file_is_valid = NULL;
	sim_vfio_file_set_kvm = NULL;
	kvm_dev_registered = false;
	kvm_dev.minor = KVM_MINOR;
	kvm_dev.this_device = NULL;
	INIT_LIST_HEAD(&kvm_dev.list);
}

/* After the world closed every file: the module goes away. */
static void kvm_check(void)
{
	sim_kvm_dev_exit();
}

static char kvm_last_state[1024];

static void kvm_begin(void)
{
	kvm_last_state[0] = 0;
	kvm_reset();
}

static void kvm_end(void)
{
	FILE *f = fmemopen(kvm_last_state, sizeof(kvm_last_state), "w");
	struct kvm *kvm;

	if (f) {
		list_for_each_entry(kvm, &vm_list, vm_list)
			fprintf(f, "kvm %d: %u users\n", kvm->sim_id,
				sim_kvm_refs(kvm));
		fclose(f);
	}
	kvm_reset();
}

static bool kvm_snapshot(void)
{
	SIM_SNAPSHOT_KEEP(vm_list);
	SIM_SNAPSHOT_KEEP(sim_kvm_next_id);
	SIM_SNAPSHOT_KEEP(sim_kvm_live);
	SIM_SNAPSHOT_KEEP(sim_kvm_destroyed);
	SIM_SNAPSHOT_KEEP(sim_vfio_file_is_valid);
	SIM_SNAPSHOT_KEEP(sim_vfio_file_set_kvm);
	SIM_SNAPSHOT_KEEP(kvm_dev_registered);
	SIM_SNAPSHOT_KEEP(kvm_dev);
	return true;
}

static void kvm_dump(FILE *out)
{
	fputs(kvm_last_state, out);
}

static struct sim_exec_hook kvm_hook = {
	.name = "kvm",
	.order = SIM_HOOK_KVM,
	.begin = kvm_begin,
	.check = kvm_check,
	.end = kvm_end,
	.dump = kvm_dump,
	.snapshot = kvm_snapshot,
};

static void __attribute__((constructor)) kvm_register(void)
{
	sim_register_exec_hook(&kvm_hook);
}
