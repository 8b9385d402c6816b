/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel version whose API the shims present, as the kernel's
 * generated <linux/version.h> gives it.  A vfio core is compiled with
 * SIM_LINUX_VERSION_CODE set from its tree's top Makefile (the model: from
 * vfio-core/VERSION); the shims' headers follow the kernel's API of that
 * version where it changed (iommufd_device_attach() taking a PASID from
 * 6.15 on, ...).  Code outside a core (the shims' and mocks' own files,
 * the tests) is written against 6.12's API.
 */
#ifndef _LINUX_VERSION_H
#define _LINUX_VERSION_H

#define KERNEL_VERSION(a, b, c)						\
	(((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))

#ifndef SIM_LINUX_VERSION_CODE
#define SIM_LINUX_VERSION_CODE	KERNEL_VERSION(6, 12, 0)
#endif

#define LINUX_VERSION_CODE	SIM_LINUX_VERSION_CODE
#define LINUX_VERSION_MAJOR	(LINUX_VERSION_CODE >> 16)
#define LINUX_VERSION_PATCHLEVEL ((LINUX_VERSION_CODE >> 8) & 0xff)
#define LINUX_VERSION_SUBLEVEL	(LINUX_VERSION_CODE & 0xff)

#endif /* _LINUX_VERSION_H */
