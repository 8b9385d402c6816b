/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A test char device driver for the world suites: /dev/tdrv0 (class
 * "tdrv", a cdev owned by the module "tdrv"), and file_operations that
 * count what the VFS calls and record who called it:
 *
 * - ->open fails with td.fail_open when that is set;
 * - ->release records the releasing thread and whether an ioctl was still
 *   in flight on the file (the file must never be released under one);
 * - TDRV_BLOCK marks itself in flight, completes td.entered and waits for
 *   td.go; TDRV_COUNT returns file_count(); TDRV_ADD reads an int from the
 *   user pointer and writes it back plus one; TDRV_PID returns the
 *   caller's pid; anything else is -ENOIOCTLCMD;
 * - read fills the user buffer with 'r' and advances *ppos, write accepts
 *   everything, mmap records the vma and installs vm_ops whose close is
 *   counted.
 *
 * Per-execution checks use WANT_EQ() (a failure of the execution, which
 * the explorer reports with its schedule), never cmocka inside threads.
 */
#ifndef _TESTS_WORLD_TDRV_H
#define _TESTS_WORLD_TDRV_H

#include <string.h>

#include <linux/cdev.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/uaccess.h>

#include "world/world.h"
#include "sim_test.h"


#define TDRV_BLOCK	_IO('T', 1)
#define TDRV_COUNT	_IO('T', 2)
#define TDRV_ADD	_IOWR('T', 3, int)
#define TDRV_PID	_IO('T', 4)
#define TDRV_UNKNOWN	_IO('T', 5)

#define TDRV_PATH	"/dev/tdrv0"

struct tdrv_state {
	int opens, releases, flushes, ioctls, in_flight;
	int release_tid;		/* thread of the last release */
	int release_in_flight;		/* ioctls in flight at a release */
	int fail_open;			/* ->open returns this */
	int reads, writes, mmaps, vm_closes;
	int dev_released;
	struct file *last_open;		/* file of the last ->open */
	struct completion entered, go;
};

static struct tdrv_state td;
static struct module tdrv_module = { .name = "tdrv" };

static inline void tdrv_reset(void)
{
	memset(&td, 0, sizeof(td));
	td.release_tid = -2;
	init_completion(&td.entered);
	init_completion(&td.go);
}

static int tdrv_open(struct inode *inode, struct file *file)
{
	if (td.fail_open)
		return td.fail_open;
	td.opens++;
	td.last_open = file;
	file->private_data = &td;
	return 0;
}

static int tdrv_release(struct inode *inode, struct file *file)
{
	WARN_ON(td.in_flight);
	td.release_in_flight += td.in_flight;
	td.releases++;
	td.release_tid = sim_current_tid();
	return 0;
}

static int tdrv_flush(struct file *file, fl_owner_t id)
{
	td.flushes++;
	return 0;
}

static long tdrv_ioctl(struct file *file, unsigned int cmd,
		       unsigned long arg)
{
	int __user *uarg = (int __user *)arg;
	int v;

	td.ioctls++;
	switch (cmd) {
	case TDRV_BLOCK:
		td.in_flight++;
		complete(&td.entered);
		wait_for_completion(&td.go);
		td.in_flight--;
		return 0;
	case TDRV_COUNT:
		return file_count(file);
	case TDRV_ADD:
		if (get_user(v, uarg))
			return -EFAULT;
		if (put_user(v + 1, uarg))
			return -EFAULT;
		return v + 1;
	case TDRV_PID:
		return task_pid_nr(current);
	}
	return -ENOIOCTLCMD;
}

static ssize_t tdrv_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	char tmp[16];
	size_t n = count < sizeof(tmp) ? count : sizeof(tmp);

	td.reads++;
	memset(tmp, 'r', n);
	if (copy_to_user(buf, tmp, n))
		return -EFAULT;
	if (ppos)
		*ppos += n;
	return n;
}

static ssize_t tdrv_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	td.writes++;
	return count;
}

static void tdrv_vm_close(struct vm_area_struct *vma)
{
	td.vm_closes++;
}

static const struct vm_operations_struct tdrv_vm_ops = {
	.close = tdrv_vm_close,
};

static int tdrv_mmap(struct file *file, struct vm_area_struct *vma)
{
	td.mmaps++;
	vma->vm_ops = &tdrv_vm_ops;
	vma->vm_private_data = file->private_data;
	vm_flags_set(vma, VM_IO | VM_DONTEXPAND);
	return 0;
}

static const struct file_operations tdrv_fops = {
	.owner = &tdrv_module,
	.open = tdrv_open,
	.release = tdrv_release,
	.flush = tdrv_flush,
	.unlocked_ioctl = tdrv_ioctl,
	.read = tdrv_read,
	.write = tdrv_write,
	.mmap = tdrv_mmap,
	.llseek = noop_llseek,
};

/* --- the char device ----------------------------------------------------- */

static dev_t tdrv_devt;
static struct class tdrv_class = { .name = "tdrv" };
static struct cdev tdrv_cdev;
static struct device tdrv_dev;
static bool tdrv_registered;

static void tdrv_dev_release(struct device *dev)
{
	td.dev_released++;
}

/* Register /dev/tdrv0 (from setup); the execution fails if it cannot. */
static inline void tdrv_register(void)
{
	WANT_EQ(alloc_chrdev_region(&tdrv_devt, 0, 1, "tdrv"), 0);
	WANT_EQ(class_register(&tdrv_class), 0);
	cdev_init(&tdrv_cdev, &tdrv_fops);
	tdrv_cdev.owner = &tdrv_module;
	memset(&tdrv_dev, 0, sizeof(tdrv_dev));
	device_initialize(&tdrv_dev);
	tdrv_dev.devt = tdrv_devt;
	tdrv_dev.class = &tdrv_class;
	tdrv_dev.release = tdrv_dev_release;
	WANT_EQ(dev_set_name(&tdrv_dev, "tdrv0"), 0);
	WANT_EQ(cdev_device_add(&tdrv_cdev, &tdrv_dev), 0);
	tdrv_registered = true;
}

/* Unregister what tdrv_register() did; files may still be open. */
static inline void tdrv_unregister(void)
{
	if (!tdrv_registered)
		return;
	tdrv_registered = false;
	cdev_device_del(&tdrv_cdev, &tdrv_dev);
	put_device(&tdrv_dev);
	class_unregister(&tdrv_class);
	unregister_chrdev_region(tdrv_devt, 1);
}

/* A process with @nthreads threads running @fn (arg: thread index). */
static inline struct sim_proc *tdrv_proc(const char *name, uint64_t caps,
					 int nthreads, void (*fn)(void *))
{
	struct sim_proc *p = sim_proc_create(name, caps);

	for (long i = 0; i < nthreads; i++)
		sim_world_attach(sim_thread_create(name, fn, (void *)i), p);
	return p;
}

#endif /* _TESTS_WORLD_TDRV_H */
