/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Miscellaneous character devices: major MISC_MAJOR, one minor each
 * (fixed, or allocated above 255 for MISC_DYNAMIC_MINOR), a device of
 * class "misc" and a /dev node named after nodename or name.  Opening one
 * goes through the misc core's own open, which finds the miscdevice by
 * minor, sets file->private_data to it and calls its fops->open, with the
 * misc lock held, as drivers/char/misc.c does.
 */
#ifndef _LINUX_MISCDEVICE_H
#define _LINUX_MISCDEVICE_H

#include <linux/device.h>
#include <linux/list.h>
#include <linux/major.h>
#include <linux/types.h>

#define PSMOUSE_MINOR		1
#define WATCHDOG_MINOR		130
#define TEMP_MINOR		131
#define RTC_MINOR		135
#define VHCI_MINOR		137
#define HWRNG_MINOR		183
#define VFIO_MINOR		196
#define TUN_MINOR		200
#define CUSE_MINOR		203
#define UINPUT_MINOR		223
#define HPET_MINOR		228
#define FUSE_MINOR		229
#define KVM_MINOR		232
#define BTRFS_MINOR		234
#define AUTOFS_MINOR		235
#define MAPPER_CTRL_MINOR	236
#define LOOP_CTRL_MINOR		237
#define VHOST_NET_MINOR		238
#define UHID_MINOR		239
#define USERIO_MINOR		240
#define VHOST_VSOCK_MINOR	241
#define RFKILL_MINOR		242
#define MISC_DYNAMIC_MINOR	255

struct attribute_group;
struct device;
struct file_operations;

struct miscdevice {
	int minor;
	const char *name;
	const struct file_operations *fops;
	struct list_head list;
	struct device *parent;
	struct device *this_device;
	const struct attribute_group **groups;
	const char *nodename;
	umode_t mode;
};

int misc_register(struct miscdevice *misc);
void misc_deregister(struct miscdevice *misc);

#define MODULE_ALIAS_MISCDEV(minor)					\
	MODULE_ALIAS("char-major-" __stringify(MISC_MAJOR)		\
		     "-" __stringify(minor))

#endif /* _LINUX_MISCDEVICE_H */
