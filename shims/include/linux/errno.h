/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Error numbers.  The user-visible ones come from the system's uapi
 * <asm/errno.h>, so they are the values glibc uses; the kernel-internal
 * ones, which never reach userspace, follow.
 *
 * glibc's <errno.h> includes <linux/errno.h>, and the shim directory comes
 * first in the search path, so this file is also what glibc gets: it must
 * stay self-contained and define nothing but E* macros.
 */
#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H

#include <asm/errno.h>

/* A signal interrupted a system call: restart it or return -EINTR. */
#define ERESTARTSYS		512
#define ERESTARTNOINTR		513
#define ERESTARTNOHAND		514
#define ENOIOCTLCMD		515	/* ioctl not handled here */
#define ERESTART_RESTARTBLOCK	516
#define EPROBE_DEFER		517	/* try the probe again later */
#define EOPENSTALE		518
#define ENOPARAM		519

/* Mostly NFS; ENOTSUPP is also what some drivers return. */
#define EBADHANDLE		521
#define ENOTSYNC		522
#define EBADCOOKIE		523
#define ENOTSUPP		524
#define ETOOSMALL		525
#define ESERVERFAULT		526
#define EBADTYPE		527
#define EJUKEBOX		528
#define EIOCBQUEUED		529
#define ERECALLCONFLICT		530
#define ENOGRACE		531

#endif /* _LINUX_ERRNO_H */
