/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * simdev: the scenario language's test target, a small char driver.  Its
 * uAPI (ioctl numbers), the entry points its scenario glue calls in place
 * of a bus's probe and remove, and the counters its checks read.
 */
#ifndef _SIM_TARGETS_SIMDEV_H
#define _SIM_TARGETS_SIMDEV_H

#include <linux/atomic.h>
#include <linux/ioctl.h>
#include <linux/types.h>

#define SIMDEV_IOCTL_BASE	's'
/* returns the device's number N (of simdevN) */
#define SIMDEV_GET_ID		_IO(SIMDEV_IOCTL_BASE, 0)
/* reads an int from user memory (get_user) and returns it */
#define SIMDEV_SET_INT		_IOW(SIMDEV_IOCTL_BASE, 1, int)
/* copies a string from user memory (strndup_user), returns its length */
#define SIMDEV_ECHO		_IO(SIMDEV_IOCTL_BASE, 2)
/* 0 with CAP_SYS_RAWIO, -EPERM without */
#define SIMDEV_RAWIO		_IO(SIMDEV_IOCTL_BASE, 3)
/* blocks until a SIMDEV_WAKE on the same device (counted, as complete()) */
#define SIMDEV_WAIT		_IO(SIMDEV_IOCTL_BASE, 4)
#define SIMDEV_WAKE		_IO(SIMDEV_IOCTL_BASE, 5)
/* returns the number of files open on the device (release not yet run) */
#define SIMDEV_OPEN_FILES	_IO(SIMDEV_IOCTL_BASE, 6)

#define SIMDEV_MAX		16	/* minors */
#define SIMDEV_ECHO_MAX		256
#define SIMDEV_NODE_MAX		32

struct device;
struct module;

/*
 * The module (its init and exit: sim_module_load() and
 * sim_module_unload()); exit removes the devices still registered.
 */
extern struct module simdev_module;

/*
 * Bind to bus device @parent: a simdevN device below it, with the /dev
 * node simdev/<@node or simdevN>.  Returns N or -errno.
 */
int simdev_probe(struct device *parent, const char *node);
/* Unbind from @parent: 0, or -ENODEV when not bound. */
int simdev_remove(struct device *parent);

/*
 * Per minor, for the checks: files open now (never negative), opens and
 * releases so far, whether a device was created at that minor and whether
 * its memory was released.  The checks run at scheduling points, where an
 * atomic_read() (itself a scheduling point) is not allowed: they read
 * .counter directly.
 */
struct simdev_stats {
	atomic_t open_files;
	atomic_t opens;
	atomic_t releases;
	bool created;
	bool freed;
};

extern struct simdev_stats simdev_stats[SIMDEV_MAX];

#endif /* _SIM_TARGETS_SIMDEV_H */
